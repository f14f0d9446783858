"""Youths, accompaniments, families and lists in the role × URL matrix.

A youth record of service A is seen by A's educator and director only; everybody else —
funders, the commune, the DPO, the platform admin, and service B's educator — gets a 404.
Service-wide lists answer 200 to any educator or director (each sees their own service's
records) and 404 to everybody else. The lists of problems and responses are the director's:
educators get a 403.
"""

from __future__ import annotations

from tests.fieldwork.routes import OWN_SERVICE, field_list, own_service
from tests.matrix import PERSONAS, api_routes, routes_on


def director_only() -> dict[str, int]:
    operator_staff = OWN_SERVICE | {"educator_b"}
    return {
        p: (200 if p == "director_a" else 403) if p in operator_staff else 404 for p in PERSONAS
    }


ROUTES = {
    **routes_on(
        None,
        field_list(),
        "fieldwork:youth_list",
        "fieldwork:youth_create",
        "fieldwork:accompaniment_list",
        "fieldwork:family_list",
        "fieldwork:family_create",
    ),
    **routes_on(
        "fw_youth",
        own_service(),
        "fieldwork:youth_detail",
        "fieldwork:youth_edit",
        "fieldwork:youth_identity",
        "fieldwork:youth_identity_edit",
        "fieldwork:youth_identity_erase",
        "fieldwork:youth_accompaniment_create",
    ),
    **routes_on(
        "fw_accompaniment",
        own_service(),
        "fieldwork:accompaniment_detail",
        "fieldwork:accompaniment_edit",
        "fieldwork:accompaniment_close",
        "fieldwork:intervention_add",
    ),
    **routes_on(
        "fw_family",
        own_service(),
        "fieldwork:family_detail",
        "fieldwork:family_edit",
        "fieldwork:family_link",
    ),
    "fieldwork:lists": (None, director_only()),
}

API_ROUTES = api_routes(
    ("youth", "fw_youth", own_service()),
    ("accompaniment", "fw_accompaniment", own_service()),
    listing=field_list(),
)


def make_targets(world) -> dict:
    from tests.fieldwork.factories import AccompanimentFactory, FamilyFactory, YouthFactory

    service = world["services"]["a"]
    family = FamilyFactory(service=service)
    youth = YouthFactory(service=service, family=family, with_identity=True)
    accompaniment = AccompanimentFactory(youth=youth)
    return {
        "fw_youth": youth.public_id,
        "fw_accompaniment": accompaniment.public_id,
        "fw_family": family.public_id,
    }
