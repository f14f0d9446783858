"""The import of the accompaniment table in the role × URL matrix: the operator staff of a
service import into their own service (educator B into service B); everyone else gets a 404.
The preview without a file waiting sends back to the upload page (302)."""

from __future__ import annotations

from tests.fieldwork.routes import OWN_SERVICE, field_list
from tests.matrix import PERSONAS

ROUTES = {
    "fieldwork:import": (None, field_list()),
    "fieldwork:import_template": (None, field_list()),
    "fieldwork:import_preview": (
        None,
        {p: 302 if p in OWN_SERVICE | {"educator_b"} else 404 for p in PERSONAS},
    ),
}


def make_targets(world) -> dict:
    return {}
