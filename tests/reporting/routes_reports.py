"""The report pages in the role × URL matrix: a service's reports are opened by its staff
(educator and director of A: exact figures) and by the agents of the funders party to its
convention (Département, commune: protected figures); everyone else gets a 404."""

from __future__ import annotations

from tests.matrix import PERSONAS, allowed, api_routes, everyone, routes_on

STAFF = {"educator_a", "director_a"}
# Funders see the reports through the statistical-secrecy layer.
SEES = STAFF | {"departement_agent", "commune_agent"}


def _page() -> dict[str, int]:
    return allowed(SEES, 404)


def _director_only(code: int) -> dict[str, int]:
    """``code`` for the service's director; 403 for the others who see its reports; 404 for
    everyone else."""
    return {p: (code if p == "director_a" else 403) if p in SEES else 404 for p in PERSONAS}


def _write() -> dict[str, int]:
    """Only the service's director writes the report's parts; the others who see it get 403."""
    return _director_only(200)


def _publish() -> dict[str, int]:
    """Only the service's director publishes (POST: a GET is 405); the others who see the
    service's reports get 403."""
    return _director_only(405)


def _file_status() -> dict[str, int]:
    """Where a publication's file stands: for those who read the publication (the funders
    read the latest by default). The staff, without a version, ask for their live report,
    whose files are made at once: nothing is prepared (404)."""
    return {p: 200 if p in SEES - STAFF else 404 for p in PERSONAS}


ROUTES = {
    "reporting:home": (None, everyone(200)),
    "reporting:report_narratives": ("report_service", _write()),
    "reporting:report_publish": ("report_service", _publish()),
    # The report in every format; « D'où vient ce chiffre ? » (provenance): the staff reach the
    # records, the funders the publication.
    **routes_on(
        "report_service",
        _page(),
        "reporting:report",
        "reporting:provenance",
        "reporting:report_pdf",
        "reporting:report_xlsx",
        "reporting:report_ods",
        "reporting:report_csv",
    ),
    "reporting:report_file": ("report_service", _file_status()),
}

API_ROUTES = api_routes(
    ("report", "report_service", _page()),
)


# The publication the first matrix test makes through ``publish_report`` (report, secrecy and
# its linear programmes), copied for the next ones: the matrix checks who reads it, and
# ~2 000 tests each rebuilding it took most of the suite's time.
_PUBLISHED: dict[str, object] = {}


def make_targets(world) -> dict[str, int]:
    """Service A, whose convention asks for one report (a report clause), with one publication
    of it (the first semester of 2024): the funders read publications only (issue 9)."""
    from datetime import date

    from reperes.reporting.indicators import Period
    from reperes.reporting.models import Publication
    from reperes.reporting.publications import publish_report
    from tests.reporting.obligations_fixture import report_clause

    service = world["services"]["a"]
    # Convention A asks for this one report, each semester: the page opens on it by default.
    report_clause(world["conventions"]["a"], "conseil-pedagogique", "semester", article="art. 9")
    if not _PUBLISHED:
        made = publish_report(
            service,
            "conseil-pedagogique",
            Period(date(2024, 1, 1), date(2024, 6, 30)),
            world["users"]["director_a"],
            today=date(2025, 6, 1),
        )
        fields = ("model_key", "period_start", "period_end", "period_key", "period_kind")
        _PUBLISHED.update({f: getattr(made, f) for f in fields})
        _PUBLISHED.update(threshold=made.threshold, content=made.content, exact=made.exact)
    else:
        Publication.objects.create(
            service=service,
            convention=world["conventions"]["a"],
            created_by=world["users"]["director_a"],
            **_PUBLISHED,
        )
    return {"report_service": service.pk}
