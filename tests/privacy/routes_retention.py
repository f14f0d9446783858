"""The retention page and legal holds in the role × URL matrix (tests/test_permissions.py).

The page is read by A's director (with pseudonyms), the platform administrator and the DPO
(rules, counts and dates: the world's DPO belongs to the Département, which runs no service,
so their page says so); refused (403) to everyone else: it is addressed by no object. Holds
are recorded and lifted by a director only (403 for any other role, before any lookup); the
record or the hold of another service is a 404 (tests/privacy/test_retention_pages.py).
"""

from __future__ import annotations

from tests.matrix import PERSONAS

READERS = {"director_a", "dpo", "platform_admin"}

ROUTES = {
    "privacy:retention": (None, {p: 200 if p in READERS else 403 for p in PERSONAS}),
    "privacy:retention_hold": (
        "retention_youth",
        {p: 200 if p == "director_a" else 403 for p in PERSONAS},
    ),
    "privacy:retention_lift": (
        "retention_hold",
        {p: 200 if p == "director_a" else 403 for p in PERSONAS},
    ),
}


def make_targets(world) -> dict[str, object]:
    from datetime import date

    from reperes.privacy import retention
    from tests.fieldwork.factories import YouthFactory

    service = world["services"]["a"]
    youth = YouthFactory(service=service)
    held = retention.hold(
        world["users"]["director_a"],
        YouthFactory(service=service),
        "Réquisition",
        None,
        date(2025, 6, 1),
    )
    return {"retention_youth": youth.public_id, "retention_hold": held.pk}
