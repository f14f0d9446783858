"""The observatory in the role × URL matrix (tests/test_permissions.py).

Zones are shared reference data: every signed-in user reads them; the editors of conventions
(funder agents, service directors) import them (403 for the others). A series and a dashboard
of convention A, published by the commune: read by A's members (404 for anyone else), written
by the commune's agent only (403 for A's other members)."""

from __future__ import annotations

from typing import Any

from tests.matrix import EDITORS, PERSONAS, SEES_A, allowed, convention_page, everyone


def _editors() -> dict[str, int]:
    return allowed(EDITORS, 403)


def _publisher_write() -> dict[str, int]:
    return {p: (200 if p == "commune_agent" else 403) if p in SEES_A else 404 for p in PERSONAS}


ROUTES = {
    "observatory:home": (None, everyone(200)),
    "observatory:zones": (None, everyone(200)),
    "observatory:zones_import": (None, _editors()),
    "observatory:contours_import": (None, _editors()),
    "observatory:series_create": (None, _editors()),
    "observatory:series_from_reperes": (None, _editors()),
    "observatory:dashboard_create": (None, _editors()),
    "observatory:series": ("observatory_series", convention_page()),
    "observatory:series_csv": ("observatory_series", convention_page()),
    "observatory:series_import": ("observatory_series", _publisher_write()),
    "observatory:dashboard": ("observatory_dashboard", convention_page()),
    "observatory:dashboard_pdf": ("observatory_dashboard", convention_page()),
    "observatory:dashboard_edit": ("observatory_dashboard", _publisher_write()),
}


def make_targets(world: dict[str, Any]) -> dict[str, Any]:
    from reperes.demo.build.observatory import ZONES
    from reperes.observatory import actions
    from tests.observatory.factories import rsa_series

    convention = world["conventions"]["a"]
    agent = world["users"]["commune_agent"]
    actions.import_zones("zones.csv", ZONES.encode("utf-8"))
    series = rsa_series(agent, convention, "Foyers allocataires du RSA.")
    dashboard = actions.create_dashboard(agent, convention=convention, title="Tableau de bord")
    actions.add_item(dashboard, series, "Commentaire", None)
    return {"observatory_series": series.pk, "observatory_dashboard": dashboard.pk}
