"""Field work in the role × URL matrix: each sub-domain has its own routes module
(routes_youths, routes_street, routes_import) with ROUTES, API_ROUTES, EXEMPT and
make_targets(world); this module merges them.

Per-youth records are seen by service A's educator and director only: everybody else —
funders, the commune, the DPO, the platform admin, service B's educator — gets a 404.
"""

from __future__ import annotations

from tests.matrix import PERSONAS, allowed, merged_routes

OWN_SERVICE = {"educator_a", "director_a"}


def own_service(code: int = 200) -> dict[str, int]:
    return {p: code if p in OWN_SERVICE else 404 for p in PERSONAS}


def field_list() -> dict[str, int]:
    """A service-wide list: service A's staff read it; operator staff of B see their own
    (empty here, so 200); everyone else has no field work at all: 404."""
    return allowed(OWN_SERVICE | {"educator_b"}, 404)


ROUTES, API_ROUTES, EXEMPT, make_targets = merged_routes(
    "tests.fieldwork", ("routes_youths", "routes_street", "routes_import")
)
