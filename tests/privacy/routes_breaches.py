"""The breach pages in the role × URL matrix (tests/test_permissions.py).

An incident on service A is seen by A's director, the platform administrator and the DPO of
its controller (operator A; the world's DPO belongs to the Département: 404). Educators and
funders never see it (404 on the incident, 403 on the list and the declaration): the funder
receives the notification, not the case. Only a service director declares.
"""

from __future__ import annotations

from tests.matrix import CONSENT_FUNDERS, allowed

SEES_BREACH = {"director_a", "platform_admin"}

ROUTES = {
    "privacy:breach_list": (None, allowed({"director_a", "platform_admin", "dpo"}, 403)),
    "privacy:breach_declare": (None, allowed({"director_a"}, 403)),
}
# The notifications received: every funder agent (their organisation's only), 403 for others.
FUNDER_AGENTS = {"departement_agent", "commune_agent", "outsider", *CONSENT_FUNDERS}
ROUTES["privacy:breach_received"] = (None, allowed(FUNDER_AGENTS, 403))
for name in ("breach_detail", "breach_notify", "breach_letter", "breach_close"):
    ROUTES[f"privacy:{name}"] = ("breach", allowed(SEES_BREACH, 404))


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
