"""The report pages in the role × URL matrix: a service's reports are opened by its staff
(educator and director of A: exact figures) and by the agents of the funders party to its
convention (Département, commune: protected figures); everyone else gets a 404."""

from __future__ import annotations

from tests.matrix import PERSONAS

STAFF = {"educator_a", "director_a"}
# Funders see the reports through the statistical-secrecy layer.
SEES = STAFF | {"departement_agent", "commune_agent"}


def _page() -> dict[str, int]:
    return {p: 200 if p in SEES else 404 for p in PERSONAS}


def _write() -> dict[str, int]:
    """Only the service's director writes the report's parts; the others who see it get 403."""
    return {p: (200 if p == "director_a" else 403) if p in SEES else 404 for p in PERSONAS}


ROUTES = {
    "reporting:home": (None, dict.fromkeys(PERSONAS, 200)),
    "reporting:report": ("report_service", _page()),
    "reporting:report_narratives": ("report_service", _write()),
    "reporting:report_pdf": ("report_service", _page()),
    "reporting:report_xlsx": ("report_service", _page()),
    "reporting:report_ods": ("report_service", _page()),
    "reporting:report_csv": ("report_service", _page()),
}

API_ROUTES = {
    "api:report-list": (None, dict.fromkeys(PERSONAS, 200)),
    "api:report-detail": ("report_service", _page()),
}


def make_targets(world) -> dict[str, int]:
    return {"report_service": world["services"]["a"].pk}
