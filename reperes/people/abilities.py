"""One permission vocabulary for the personnel pages, the actions and the templates.

Visibility is the QuerySets' job (``visible_to``): abilities are asked only about a service the
user already sees.
"""

from __future__ import annotations

from typing import Any

from reperes.accounts.enums import Role
from reperes.core.access import conventions_granting
from reperes.core.access import is_service_director as is_service_director
from reperes.partners.enums import OrganisationKind


def can_decide(user: Any, service: Any) -> bool:
    """Prior written approval is the Département's (seed 001 art. 8.2, « Le Président du Conseil
    départemental donne son accord écrit préalable »): a funder agent of a Département party to
    a convention that binds on the service today."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.FUNDER_AGENT:
        return False
    if user.organisation is None or user.organisation.kind != OrganisationKind.DEPARTEMENT:
        return False
    return conventions_granting(user, service).exists()


def get_abilities(user: Any, service: Any) -> dict[str, bool]:
    manage = is_service_director(user, service)
    return {
        "view": True,
        "manage_register": manage,
        "set_staffing": manage,
        "request": manage,
        "upload": manage,
        "decide": can_decide(user, service),
        "download": True,
    }
