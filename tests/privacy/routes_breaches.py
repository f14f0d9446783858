"""The breach pages in the role × URL matrix (tests/test_permissions.py).

An incident on service A is seen by A's director, the platform administrator and the DPO of
its controller (operator A; the world's DPO belongs to the Département: 404). Educators and
funders never see it (404 on the incident, 403 on the list and the declaration): the funder
receives the notification, not the case. Only a service director declares.
"""

from __future__ import annotations

from tests.matrix import CONSENT_FUNDERS, PERSONAS

SEES_BREACH = {"director_a", "platform_admin"}

ROUTES = {
    "privacy:breach_list": (
        None,
        {p: 200 if p in {"director_a", "platform_admin", "dpo"} else 403 for p in PERSONAS},
    ),
    "privacy:breach_declare": (
        None,
        {p: 200 if p == "director_a" else 403 for p in PERSONAS},
    ),
}
# The notifications received: every funder agent (their organisation's only), 403 for others.
FUNDER_AGENTS = {"departement_agent", "commune_agent", "outsider", *CONSENT_FUNDERS}
ROUTES["privacy:breach_received"] = (
    None,
    {p: 200 if p in FUNDER_AGENTS else 403 for p in PERSONAS},
)
for name in ("breach_detail", "breach_notify", "breach_letter", "breach_close"):
    ROUTES[f"privacy:{name}"] = ("breach", {p: 200 if p in SEES_BREACH else 404 for p in PERSONAS})


def make_targets(world) -> dict[str, int]:
    from django.utils import timezone

    from reperes.privacy.models import Breach

    service = world["services"]["a"]
    breach = Breach.objects.create(
        service=service,
        controller=service.operator,
        declared_at=timezone.now(),
        discovered_at=timezone.now(),
        facts="Test",
        data_categories="Pseudonymes",
        people_categories="Jeunes",
    )
    return {"breach": breach.pk}
