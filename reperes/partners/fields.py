"""A link from another app's record to an organisation it names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reperes.core.fields import Link

if TYPE_CHECKING:
    from .models import Organisation


def optional_organisation(verbose_name: str) -> Link[Organisation | None, Organisation | None]:
    """An organisation a record may name without belonging to it (the one notified of a breach,
    the one holding a seat, a fiche-action's pilot, the operator that decided): optional, kept
    from deletion while named, and with no reverse accessor on the organisation. Deconstructs
    as the ``ForeignKey`` written out, so migrations do not change."""
    return Link("partners.Organisation", verbose_name, related_name="+", null=True)
