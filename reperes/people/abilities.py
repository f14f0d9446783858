"""One permission vocabulary for the personnel pages, the actions and the templates.

Visibility is the QuerySets' job (``visible_to``): abilities are asked only about a service the
user already sees.
"""

from __future__ import annotations

from typing import Any

from reperes.accounts.enums import Role
from reperes.conventions.models import Party
from reperes.partners.enums import OrganisationKind


def is_service_director(user: Any, service: Any) -> bool:
    """The director of the service, employed by its operator, keeps the register, the staffing
    table, the requests and the documents."""
    return (
        bool(getattr(user, "is_authenticated", False))
        and user.role == Role.SERVICE_DIRECTOR
        and user.service_id == service.pk
        and user.organisation_id is not None
        and user.organisation_id == service.operator_id
    )


def can_decide(user: Any, service: Any) -> bool:
    """Prior written approval is the Département's (seed 001 art. 8.2, « Le Président du Conseil
    départemental donne son accord écrit préalable »): a funder agent of a Département party to
    a convention of the service."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.FUNDER_AGENT:
        return False
    return Party.objects.filter(
        convention__service=service,
        organisation_id=user.organisation_id,
        organisation__kind=OrganisationKind.DEPARTEMENT,
    ).exists()


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
