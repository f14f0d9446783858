"""Who may do what with a convention's money (one vocabulary for views, API and templates).

Reading and printing: everyone who sees the convention (``Convention.objects.visible_to``):
an invisible convention answers 404 before abilities are asked. Writing:

- a schedule's instalments and payments: funder agents of the *paying* party's organisation;
- a call for funds: funder agents of the payer or of the payee, which issues it (seed 002
  art. 6: « sur appel de fonds de Dijon Métropole »);
- the yearly funding (evolution rate) and restitutions: funder agents of an organisation that
  funds the convention (party with the role « pilote et financeur » or « co-financeur »).

Service staff (educators, directors) and DPOs read only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reperes.accounts.enums import Role
from reperes.conventions.enums import PartyRole

FUNDING_ROLES = frozenset({PartyRole.PILOT, PartyRole.CO_FUNDER})


def _funder_org(user: Any) -> int | None:
    if not getattr(user, "is_authenticated", False) or user.role != Role.FUNDER_AGENT:
        return None
    return user.organisation_id


def can_manage_funding(user: Any, parties: Iterable[Any]) -> bool:
    org = _funder_org(user)
    return org is not None and any(
        p.organisation_id == org and p.role in FUNDING_ROLES for p in parties
    )


def can_manage_schedule(user: Any, schedule: Any) -> bool:
    org = _funder_org(user)
    return org is not None and schedule.payer.organisation_id == org


def can_issue_call(user: Any, schedule: Any) -> bool:
    org = _funder_org(user)
    return org is not None and org in {
        schedule.payer.organisation_id,
        schedule.payee.organisation_id,
    }


def get_money_abilities(user: Any, parties: Iterable[Any]) -> dict[str, bool]:
    """Convention-level abilities; per-schedule ones are ``schedule_abilities``."""
    manage = can_manage_funding(user, list(parties))
    return {"view": True, "print": True, "manage_funding": manage, "restitution": manage}


def schedule_abilities(user: Any, schedule: Any) -> dict[str, bool]:
    manage = can_manage_schedule(user, schedule)
    return {
        "generate": manage,
        "record_payment": manage,
        "issue_call": can_issue_call(user, schedule),
    }
