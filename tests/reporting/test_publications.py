"""Funders see publications, not queries (issue 9, point 3).

A funder agent used to compare ``…&periode=2025-01-01_2025-09-30`` with ``…_2025-10-01`` and
read the one youth who started on 1 October. Now anyone outside the service reads only what the
service's director published, for the periods its report model defines, frozen and versioned.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from reperes.core.models import AuditEntry
from reperes.reporting.indicators import Period
from reperes.reporting.models import Publication
from reperes.reporting.publications import (
    PublicationRefused,
    allowed_periods,
    publish_report,
)
from tests.reporting import report_fixture

# The day of the publications (access is decided on tests/conftest.py's ACCESS_DAY).
TODAY = dt.date(2025, 3, 15)


@pytest.fixture
def filled(world):
    report_fixture.build(world["services"]["a"], world["services"]["b"])
    return world


def _url(name, service, query):
    return reverse(name, kwargs={"pk": service.pk}) + query


def test_a_funder_cannot_ask_for_an_arbitrary_range(client, filled):
    """The issue's example: a range one day longer than another is refused, never computed."""
    service = filled["services"]["a"]
    director = filled["users"]["director_a"]
    publish_report(service, "suivi-trimestriel", Period.year(2024), director, today=TODAY)
    client.force_login(filled["users"]["departement_agent"])
    for query in (
        "?modele=suivi-trimestriel&periode=2024-01-01_2024-09-30",
        "?modele=suivi-trimestriel&periode=2024-01-01_2024-10-01",
    ):
        for name in (
            "reporting:report",
            "reporting:report_csv",
            "reporting:report_xlsx",
            "reporting:report_ods",
            "reporting:report_pdf",
            "api:report-detail",
        ):
            response = client.get(_url(name, service, query))
            assert response.status_code == 404, (name, query)
    page = client.get(
        _url("reporting:report", service, "?modele=suivi-trimestriel&periode=2024-T3")
    )
    assert page.status_code == 404
    assert "n'a pas publié ce rapport" in page.content.decode()
    assert "Rapports publiés" in page.content.decode()
    # The published period is served, frozen.
    ok = client.get(_url("api:report-detail", service, "?modele=suivi-trimestriel&periode=2024"))
    assert ok.status_code == 200
    assert ok.json()["version"] == 1
    assert ok.json()["period"]["kind"] == "year_to_quarter"


def test_the_staff_keep_exploring_any_range(client, filled):
    service = filled["services"]["a"]
    client.force_login(filled["users"]["educator_a"])
    query = "?modele=suivi-trimestriel&periode=2024-01-01_2024-10-01"
    response = client.get(_url("api:report-detail", service, query))
    assert response.status_code == 200
    assert "s" not in {
        v
        for s in response.json()["sections"]
        for t in s["tables"]
        for line in t["cells"]
        for v in line
    }


@pytest.mark.parametrize(
    "query",
    [
        "?modele=inconnu",
        "?modele=bilan-annuel&periode=9999-12-31_9999-12-31",
        "?modele=bilan-annuel&periode=2024-13",
        "?modele=bilan-annuel&periode=2024&version=abc",
        "?modele=bilan-annuel&periode=2024&version=99999999999999999999",
    ],
)
@pytest.mark.parametrize("persona", ["director_a", "departement_agent"])
def test_malformed_parameters_answer_400_not_500(client, filled, query, persona):
    service = filled["services"]["a"]
    client.force_login(filled["users"][persona])
    for name in ("reporting:report", "reporting:report_csv", "api:report-detail"):
        response = client.get(_url(name, service, query))
        assert response.status_code in (400, 404), (name, response.status_code)


def test_the_api_refuses_a_non_numeric_service(client, filled):
    client.force_login(filled["users"]["departement_agent"])
    assert client.get("/api/v1/reports/abc/").status_code == 404


def test_periods_follow_the_clause_and_the_convention(filled):
    """Convention A (2023-01-01 to 2025-12-31) asks for the annual review every year, the
    conseil reporting every semester, the quarterly follow-up every quarter from 1 January
    (tests/reporting/conftest.py): the periods offered are those, ended before the day."""
    service = filled["services"]["a"]
    years = allowed_periods(service, "bilan-annuel", TODAY)
    assert [p.key for p in years] == ["2023", "2024"]
    semesters = allowed_periods(service, "conseil-pedagogique", TODAY)
    assert [p.key for p in semesters][-2:] == ["2024-01-01_2024-06-30", "2024-07-01_2024-12-31"]
    quarters = allowed_periods(service, "suivi-trimestriel", TODAY)
    assert [p.key for p in quarters][-4:] == [
        "2024-T1",
        "2024-01-01_2024-06-30",
        "2024-01-01_2024-09-30",
        "2024",
    ]


def test_only_the_director_publishes_an_allowed_period_and_a_correction_needs_a_reason(filled):
    service = filled["services"]["a"]
    director = filled["users"]["director_a"]
    with pytest.raises(PublicationRefused):
        publish_report(
            service, "bilan-annuel", Period.year(2024), filled["users"]["educator_a"], today=TODAY
        )
    with pytest.raises(PublicationRefused):
        publish_report(
            service,
            "bilan-annuel",
            Period.year(2024),
            filled["users"]["departement_agent"],
            today=TODAY,
        )
    with pytest.raises(PublicationRefused):  # an arbitrary range
        publish_report(
            service,
            "bilan-annuel",
            Period(dt.date(2024, 1, 1), dt.date(2024, 10, 1)),
            director,
            today=TODAY,
        )
    with pytest.raises(PublicationRefused):  # not ended yet
        publish_report(service, "bilan-annuel", Period.year(2025), director, today=TODAY)
    first = publish_report(service, "bilan-annuel", Period.year(2024), director, today=TODAY)
    assert first.version == 1
    with pytest.raises(PublicationRefused):
        publish_report(service, "bilan-annuel", Period.year(2024), director, today=TODAY)
    second = publish_report(
        service, "bilan-annuel", Period.year(2024), director, "Saisie tardive", today=TODAY
    )
    assert second.version == 2
    assert second.reason == "Saisie tardive"
    assert AuditEntry.objects.filter(action="report.publish").count() == 2


def test_a_publication_is_immutable(filled):
    publication = publish_report(
        filled["services"]["a"],
        "bilan-annuel",
        Period.year(2024),
        filled["users"]["director_a"],
        today=TODAY,
    )
    publication.reason = "changé"
    with pytest.raises(PermissionError):
        publication.save()
    with pytest.raises(PermissionError):
        Publication.objects.filter(pk=publication.pk).update(reason="changé")
    with pytest.raises(PermissionError):
        publication.delete()


def test_the_funder_reads_every_version_and_the_latest_by_default(client, filled):
    service = filled["services"]["a"]
    director = filled["users"]["director_a"]
    publish_report(service, "rapport-drome", Period.year(2024), director, today=TODAY)
    publish_report(service, "rapport-drome", Period.year(2024), director, "Erreur", today=TODAY)
    client.force_login(filled["users"]["commune_agent"])
    latest = client.get(_url("api:report-detail", service, "?modele=rapport-drome&periode=2024"))
    assert latest.json()["version"] == 2
    assert [v["version"] for v in latest.json()["versions"]] == [1, 2]
    old = client.get(
        _url("api:report-detail", service, "?modele=rapport-drome&periode=2024&version=1")
    )
    assert old.json()["version"] == 1
    csv = client.get(_url("reporting:report_csv", service, "?modele=rapport-drome&periode=2024"))
    assert csv.status_code == 200
    assert "v2.csv" in csv["Content-Disposition"]
    listing = client.get("/api/v1/reports/").json()
    entry = next(e for e in listing if e["service"] == service.pk)
    assert "models" not in entry
    assert len(entry["publications"]) == 2
    # An outsider sees nothing.
    client.force_login(filled["users"]["outsider"])
    assert (
        client.get(_url("api:report-detail", service, "?modele=rapport-drome")).status_code == 404
    )


def test_the_director_publishes_from_the_page(client, filled):
    service = filled["services"]["a"]
    client.force_login(filled["users"]["director_a"])
    page = client.get(_url("reporting:report", service, "?modele=bilan-annuel&periode=2024"))
    assert "Publier" in page.content.decode()
    response = client.post(
        reverse("reporting:report_publish", kwargs={"pk": service.pk}),
        {"modele": "bilan-annuel", "periode": "2024"},
    )
    assert response.status_code == 302
    assert Publication.objects.get().period_key == "2024"
    client.force_login(filled["users"]["departement_agent"])
    forbidden = client.post(
        reverse("reporting:report_publish", kwargs={"pk": service.pk}),
        {"modele": "bilan-annuel", "periode": "2023"},
    )
    assert forbidden.status_code == 403
