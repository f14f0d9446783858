"""What a user may do on the territory's sheets and diagnostics: decided from the one access
layer (``reperes.core.access``) and the conventions' vocabulary, never written again here.

- Fiches-actions belong to a convention: its parties' members read them; whoever may amend
  the convention (its parties' funder agents and service directors) writes them and records
  the comité de pilotage's choice of themes (``reperes.governance.abilities``).
- A local diagnostic belongs to a service and a commune: read by whoever sees the service's
  data (its staff, the agents of the organisations whose convention binds it); written
  together by the service's director and the agents of that commune (seed 004 art. 9:
  « réalisé par la commune en lien avec les partenaires »); validated by a funder agent who
  sees the service, at a meeting of a body of a convention on the service.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from reperes.conventions.access import services_visible_to
from reperes.core.access import is_funder_agent, is_service_director
from reperes.governance.abilities import governance_abilities


def sheet_abilities(user: Any, convention: Any) -> dict[str, bool]:
    edit = governance_abilities(user, convention)["edit"]
    return {"view": True, "edit": edit}


def require_sheet_edit(user: Any, convention: Any) -> None:
    if not sheet_abilities(user, convention)["edit"]:
        raise PermissionDenied("Votre rôle ne permet pas de modifier les fiches-actions.")


def _commune_agent_of(user: Any, diagnostic: Any) -> bool:
    from reperes.partners.enums import OrganisationKind

    if not is_funder_agent(user):
        return False
    organisation = user.organisation
    return (
        organisation.kind == OrganisationKind.COMMUNE
        and organisation.commune_id == diagnostic.commune_id
        and services_visible_to(user).filter(pk=diagnostic.service_id).exists()
    )


def diagnostic_abilities(user: Any, diagnostic: Any) -> dict[str, bool]:
    write = is_service_director(user, diagnostic.service) or _commune_agent_of(user, diagnostic)
    validate = (
        is_funder_agent(user)
        and services_visible_to(user).filter(pk=diagnostic.service_id).exists()
    )
    return {"view": True, "write": write, "validate": validate}


def require_diagnostic(user: Any, diagnostic: Any, ability: str) -> None:
    if not diagnostic_abilities(user, diagnostic)[ability]:
        raise PermissionDenied(
            "Votre rôle ne permet pas de rédiger ce diagnostic."
            if ability == "write"
            else "Votre rôle ne permet pas de valider ce diagnostic."
        )


def can_export_subsidies(user: Any) -> bool:
    """A funder publishes the subsidies it grants: its own agents export them."""
    return is_funder_agent(user)
