"""The retention page and legal holds in the role × URL matrix (tests/test_permissions.py).

The page is read by A's director (with pseudonyms), the platform administrator and the DPO
(rules, counts and dates: the world's DPO belongs to the Département, which runs no service,
so their page says so); refused (403) to everyone else: it is addressed by no object. Holds
are recorded and lifted by a director only (403 for any other role, before any lookup); the
record or the hold of another service is a 404 (tests/privacy/test_retention_pages.py).
"""

from __future__ import annotations

from tests.matrix import allowed

READERS = {"director_a", "dpo", "platform_admin"}

ROUTES = {
    "privacy:retention": (None, allowed(READERS, 403)),
    "privacy:retention_hold": ("retention_youth", allowed({"director_a"}, 403)),
    "privacy:retention_lift": ("retention_hold", allowed({"director_a"}, 403)),
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
