"""The director's written parts of a report (seed 000 annex 1: the annual review's texts
beside the computed figures)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from reperes.core.models import AuditEntry
from reperes.reporting.indicators import Period
from reperes.reporting.models import ReportNarrative
from reperes.reporting.publications import publish_report
from tests.reporting import report_fixture

QUERY = "?modele=bilan-annuel&periode=2024"


@pytest.fixture
def filled(world):
    report_fixture.build(world["services"]["a"], world["services"]["b"])
    return world


def _url(name, service):
    return reverse(name, kwargs={"pk": service.pk}) + QUERY


def test_the_director_writes_a_part_the_funder_reads_it(client, filled):
    service = filled["services"]["a"]
    client.force_login(filled["users"]["director_a"])
    form = client.get(_url("reporting:report_narratives", service)).content.decode()
    assert "Le partenariat" in form
    assert "n'y citez aucun jeune" in form
    text = "Un partenariat renforcé avec le collège et la mission locale."
    response = client.post(_url("reporting:report_narratives", service), {"partnership": text})
    assert response.status_code == 302
    assert ReportNarrative.objects.get(part="partnership").text == text
    entry = AuditEntry.objects.get(action="report.narratives")
    assert entry.data["parts"] == ["partnership"]
    assert text not in str(entry.data)
    # The funder reads the texts in the publications (issue 9): each period its own.
    for year in (2023, 2024):
        publish_report(
            service,
            "bilan-annuel",
            Period.year(year),
            filled["users"]["director_a"],
            today=date(2025, 3, 15),
        )
    client.force_login(filled["users"]["departement_agent"])
    assert text in client.get(_url("reporting:report", service)).content.decode()
    other = (
        reverse("reporting:report", kwargs={"pk": service.pk}) + "?modele=bilan-annuel&periode=2023"
    )
    assert text not in client.get(other).content.decode()


def test_saving_the_same_texts_again_changes_nothing(client, filled):
    service = filled["services"]["a"]
    client.force_login(filled["users"]["director_a"])
    url = _url("reporting:report_narratives", service)
    client.post(url, {"partnership": "Texte."})
    client.post(url, {"partnership": "Texte."})
    assert ReportNarrative.objects.count() == 1
    assert AuditEntry.objects.filter(action="report.narratives").count() == 1


def test_a_too_long_text_is_refused_and_kept(client, filled):
    service = filled["services"]["a"]
    client.force_login(filled["users"]["director_a"])
    long = "x" * 8001
    response = client.post(
        _url("reporting:report_narratives", service), {"partnership": long, "milieu": "Gardé"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "dépasse 8000 caractères" in page
    assert "Gardé" in page
    assert not ReportNarrative.objects.exists()


def test_educators_and_funders_cannot_write(client, filled):
    service = filled["services"]["a"]
    for persona in ("educator_a", "departement_agent"):
        client.force_login(filled["users"][persona])
        url = _url("reporting:report_narratives", service)
        assert client.post(url, {"partnership": "Non"}).status_code == 403
    assert not ReportNarrative.objects.exists()
