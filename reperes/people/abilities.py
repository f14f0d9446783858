"""One permission vocabulary for the personnel pages, the actions and the templates.

Visibility is the QuerySets' job (``visible_to``): abilities are asked only about a service the
user already sees.
"""

from __future__ import annotations

from typing import Any

from reperes.accounts.enums import Role
from reperes.conventions.access import conventions_granting
from reperes.core import access
from reperes.core.access import is_service_director as is_service_director


def can_decide(user: Any, service: Any) -> bool:
    """Prior written approval is given by the party a prior approval clause names (« Le
    Président du Conseil départemental donne son accord écrit préalable »): a funder agent of
    an organisation party, in that role, to a convention that binds on the service today and
    holds such a clause."""
    from reperes.conventions.models import Party

    from .terms import approver_roles

    if not getattr(user, "is_authenticated", False) or user.role != Role.FUNDER_AGENT:
        return False
    on = access.today()
    for convention in conventions_granting(user, service, on):
        roles = approver_roles(convention, on)
        if (
            roles
            and Party.objects.filter(
                convention=convention, organisation_id=user.organisation_id, role__in=roles
            ).exists()
        ):
            return True
    return False


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
