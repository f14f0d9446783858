"""A link from another app's record to an organisation it names."""

from __future__ import annotations

from typing import Any

from django.db import models


def optional_organisation(verbose_name: str) -> models.ForeignKey[Any, Any]:
    """An organisation a record may name without belonging to it (the one notified of a breach,
    the one holding a seat, a fiche-action's pilot, the operator that decided): optional, kept
    from deletion while named, and with no reverse accessor on the organisation. Deconstructs
    as the ``ForeignKey`` written out, so migrations do not change."""
    return models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=verbose_name,
    )
