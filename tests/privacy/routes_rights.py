"""The register of rights requests in the role × URL matrix (tests/test_permissions.py).

A request on service A is handled by A's director only; the platform administrator reads the
register and the request page without the requester, the youth or the export (403 on what
handles them); the world's DPO belongs to the Département, not to A's operator: 404 on the
request, 200 on the (empty) register. Everyone else: 403 on the register, 404 on a request.
"""

from __future__ import annotations

from tests.matrix import PERSONAS, allowed

READS_REGISTER = {"director_a", "dpo", "platform_admin"}

ROUTES = {
    "privacy:rights_list": (None, allowed(READS_REGISTER, 403)),
    "privacy:rights_new": (None, allowed({"director_a"}, 403)),
    "privacy:rights_detail": ("rights_request", allowed({"director_a", "platform_admin"}, 404)),
}
HANDLED = {p: {"director_a": 200, "platform_admin": 403}.get(p, 404) for p in PERSONAS}
for name in ("extend", "decide", "sent", "letter", "export", "erase"):
    ROUTES[f"privacy:rights_{name}"] = ("rights_request", HANDLED)
ROUTES["privacy:rights_certificate"] = ("rights_erased", HANDLED)


def make_targets(world) -> dict[str, object]:
    from datetime import date

    from reperes.privacy import rights
    from reperes.privacy.models import Decision, RightKind
    from tests.fieldwork.factories import YouthFactory

    service, director = world["services"]["a"], world["users"]["director_a"]

    def request(kind: str) -> object:
        return rights.record(
            director,
            service,
            {
                "kind": kind,
                "requester_kind": "youth",
                "requester_name": "Demandeur de test",
                "identified_by": "Pièce d'identité",
                "received_on": date(2025, 5, 20),
                "youth": YouthFactory(service=service),
            },
        )

    access = request(RightKind.ACCESS)
    rights.decide(director, access, Decision.GRANTED, "", date(2025, 5, 28))
    erasure = request(RightKind.ERASURE)
    rights.decide(director, erasure, Decision.GRANTED, "", date(2025, 5, 28))
    rights.erase(director, erasure)
    return {"rights_request": access.public_id, "rights_erased": erasure.public_id}
