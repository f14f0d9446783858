"""The end of a convention in the role × URL matrix (tests/test_permissions.py).

A request on service A is followed by A's director, the platform administrator and the DPO of
its controller (operator A; the world's DPO belongs to the Département: 404). Only the director
records the restitution, exports the data, performs the destruction and sends the proof (403
for the other readers). The proof, once performed, is read by them and by the agents of the
convention's funders (the Département and the commune). Everyone else gets 404; the lists
answer 403 to those they are not made for.
"""

from __future__ import annotations

from tests.matrix import CONSENT_FUNDERS, PERSONAS, allowed

READERS = {"director_a", "platform_admin"}
FUNDERS_OF_A = {"departement_agent", "commune_agent"}
FUNDER_AGENTS = {*FUNDERS_OF_A, "outsider", *CONSENT_FUNDERS}


def _director_only(readers: set[str]) -> dict[str, int]:
    return {p: 200 if p == "director_a" else 403 if p in readers else 404 for p in PERSONAS}


ROUTES = {
    "privacy:destruction_list": (None, allowed({"director_a", "platform_admin", "dpo"}, 403)),
    "privacy:destruction_received": (None, allowed(FUNDER_AGENTS, 403)),
    "privacy:destruction_detail": ("destruction", allowed(READERS, 404)),
    "privacy:destruction_return": ("destruction", _director_only(READERS)),
    "privacy:destruction_export": ("destruction", _director_only(READERS)),
    "privacy:destruction_perform": ("destruction", _director_only(READERS)),
    "privacy:destruction_send": ("destruction_done", _director_only(READERS | FUNDERS_OF_A)),
}
for name in ("destruction_proof", "destruction_proof_pdf"):
    ROUTES[f"privacy:{name}"] = (
        "destruction_done",
        allowed(READERS | FUNDERS_OF_A, 404),
    )


def make_targets(world) -> dict[str, int]:
    """A request on convention A (restitution then destruction) and a performed one on a
    second convention of service A with the same funders."""
    from datetime import date

    from django.utils import timezone

    from reperes.privacy.models import Destruction
    from tests.factories import ConventionFactory, PartyFactory

    service = world["services"]["a"]
    requested = Destruction.objects.create(
        convention=world["conventions"]["a"],
        service=service,
        ended_on=date(2025, 12, 31),
        mode="return_and_destroy",
        article="art. 9",
        written_proof=True,
        requested_on=date(2026, 1, 1),
    )
    earlier = ConventionFactory(
        title="Convention A 2020-2022",
        service=service,
        starts_on=date(2020, 1, 1),
        ends_on=date(2022, 12, 31),
    )
    PartyFactory(convention=earlier, organisation=world["orgs"]["departement"], role="pilot")
    PartyFactory(
        convention=earlier, organisation=world["orgs"]["commune"], role="co_funder", order=1
    )
    done = Destruction.objects.create(
        convention=earlier,
        service=service,
        ended_on=date(2022, 12, 31),
        mode="destroy",
        requested_on=date(2023, 1, 1),
        status="performed",
        performed_at=timezone.now(),
        counts={"youths": 3, "identities": 1, "families": 0, "kept_under_hold": 0},
        digest="0" * 64,
    )
    return {"destruction": requested.pk, "destruction_done": done.pk}
