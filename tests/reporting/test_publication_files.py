"""Publications computed once and served as they are (issue 12).

A funder opening a published report reads the tables frozen at publication (secrecy
included) and the charts drawn then: no secrecy computation, no linear programme, no chart
drawn at the request, whatever happened to the field data since. Its PDF and XLSX are made
once per publication version by the task worker and then served as stored; the request
answers at once with a page that shows the progress.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
import scipy.optimize
from django.core.management import call_command
from django.db.models import F
from django.test import override_settings
from django.urls import reverse

from reperes.fieldwork.models import ContactCount
from reperes.reporting import charts, publication_files
from reperes.reporting.indicators import Period
from reperes.reporting.models import (
    PublicationCharts,
    PublicationFile,
    PublicationFileStatus,
)
from reperes.reporting.publications import as_report, publish_report
from reperes.rules import secrecy as secrecy_rules
from reperes.rules import secrecy_joint
from tests.reporting import outputs_read, report_fixture

TODAY = dt.date(2025, 3, 15)
MODEL = "bilan-annuel"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def published(world):
    report_fixture.build(world["services"]["a"], world["services"]["b"])
    publication = publish_report(
        world["services"]["a"], MODEL, Period.year(2024), world["users"]["director_a"], today=TODAY
    )
    return world, publication


def _url(name, publication, version=None):
    return reverse(name, kwargs={"pk": publication.service_id}) + (
        f"?modele={publication.model_key}&periode={publication.period_key}"
        f"&version={version or publication.version}"
    )


@contextmanager
def counted(monkeypatch):
    """Count the calls to the secrecy rules, to linprog and to the chart drawing."""
    calls = {"secrecy": 0, "linprog": 0, "charts": 0}

    def wrap(module, name, key):
        original = getattr(module, name)

        def counting(*args, **kwargs):
            calls[key] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, counting)

    wrap(secrecy_rules, "publish", "secrecy")
    wrap(secrecy_joint, "protect_jointly", "secrecy")
    wrap(scipy.optimize, "linprog", "linprog")
    wrap(charts, "render_svg", "charts")
    yield calls


def _withheld(content):
    """Each table of a publication's content with the places of its withheld cells."""
    return [
        (
            t["key"],
            [(r, c) for r, line in enumerate(t["cells"]) for c, v in enumerate(line) if v == "s"],
        )
        for section in content["sections"]
        for t in section["tables"]
    ]


def _more_contacts(service):
    """The field data change after the publication: 40 more contacts on each line."""
    ContactCount.objects.filter(session__service=service).update(count=F("count") + 40)


def test_the_funder_reads_the_stored_tables_and_charts_without_computing(
    client, published, monkeypatch
):
    world, publication = published
    stored = as_report(publication)
    assert stored.tables
    assert any(s.charts for s in stored.sections)
    client.force_login(world["users"]["director_a"])
    _more_contacts(world["services"]["a"])
    # The service's live report does change (the data did) ...
    live_after = client.get(
        reverse("reporting:report", kwargs={"pk": publication.service_id})
        + f"?modele={MODEL}&periode=2024"
    ).context["report"]
    assert live_after.tables != stored.tables
    client.force_login(world["users"]["departement_agent"])
    with counted(monkeypatch) as calls:
        page = client.get(_url("reporting:report", publication))
        api = client.get(_url("api:report-detail", publication)).json()
    # ... the publication does not: served as stored, nothing recomputed.
    assert page.status_code == 200
    assert page.context["report"].tables == stored.tables
    assert api["version"] == 1
    assert _withheld(api) == _withheld(publication.content)
    assert calls == {"secrecy": 0, "linprog": 0, "charts": 0}
    images = PublicationCharts.objects.get(publication=publication).images
    assert images
    assert all(image["src"] in page.content.decode() for image in images.values())


def test_charts_of_an_older_publication_are_drawn_once_at_its_first_reading(
    client, published, monkeypatch
):
    world, publication = published
    PublicationCharts.objects.filter(publication=publication).delete()
    client.force_login(world["users"]["departement_agent"])
    with counted(monkeypatch) as first:
        assert client.get(_url("reporting:report", publication)).status_code == 200
    assert first["charts"] > 0
    assert first["linprog"] == 0
    assert PublicationCharts.objects.filter(publication=publication).exists()
    with counted(monkeypatch) as second:
        client.get(_url("reporting:report", publication))
    assert second == {"secrecy": 0, "linprog": 0, "charts": 0}


def test_a_correction_is_a_new_version_with_its_own_files_the_old_one_stays(
    client, published, monkeypatch
):
    world, first = published
    client.force_login(world["users"]["departement_agent"])
    first_pdf = client.get(_url("reporting:report_pdf", first))
    assert first_pdf["Content-Type"] == "application/pdf"
    first_bytes = first_pdf.content
    _more_contacts(world["services"]["a"])
    second = publish_report(
        world["services"]["a"],
        MODEL,
        Period.year(2024),
        world["users"]["director_a"],
        "Contacts saisis en retard",
        today=TODAY,
    )
    assert second.content != first.content
    old = client.get(_url("reporting:report", first, version=1))
    assert old.context["report"].tables == as_report(first).tables
    new = client.get(_url("reporting:report", second))
    assert new.context["report"].tables == as_report(second).tables
    second_pdf = client.get(_url("reporting:report_pdf", second)).content
    assert second_pdf != first_bytes
    assert PublicationFile.objects.filter(status=PublicationFileStatus.READY).count() == 2
    # The first version's file is served as stored: nothing made again.
    with counted(monkeypatch) as calls:
        monkeypatch.setattr(publication_files, "render", _must_not_render)
        again = client.get(_url("reporting:report_pdf", first, version=1))
    assert again.content == first_bytes
    assert calls == {"secrecy": 0, "linprog": 0, "charts": 0}


def _must_not_render(*args, **kwargs):
    raise AssertionError("le fichier stocké devait être servi")


def test_the_files_are_those_of_the_published_report(client, published):
    world, publication = published
    client.force_login(world["users"]["departement_agent"])
    pdf = client.get(_url("reporting:report_pdf", publication)).content
    text = outputs_read.pdf_text(pdf)
    stored = as_report(publication)
    assert stored.title in text
    assert "secret statistique" in text
    xlsx = client.get(_url("reporting:report_xlsx", publication))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "-v1.xlsx" in xlsx["Content-Disposition"]
    sheets = outputs_read.xlsx_tables(xlsx.content)
    assert len(sheets) >= len(stored.tables)


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_database_queue_makes_the_file_while_the_page_shows_its_progress(
    client, published, monkeypatch
):
    """The production path: the request queues a task in the database and answers at once;
    ``db_worker`` makes the file; the status says « En préparation… », then « Prêt »."""
    world, publication = published
    client.force_login(world["users"]["commune_agent"])
    waiting = client.get(_url("reporting:report_pdf", publication))
    assert waiting.status_code == 200
    assert waiting["Content-Type"].startswith("text/html")
    body = waiting.content.decode()
    assert "En préparation…" in body
    assert 'hx-trigger="every 1s"' in body
    status_url = _url("reporting:report_file", publication) + "&format=pdf"
    assert "En préparation…" in client.get(status_url).content.decode()
    # A second request while it is being made queues nothing more.
    client.get(_url("reporting:report_pdf", publication))
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.count() == 1
    # The worker, in this process (its connection checks would end the test's transaction).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    status = client.get(status_url).content.decode()
    assert "Prêt" in status
    assert "hx-trigger" not in status
    ready = client.get(_url("reporting:report_pdf", publication))
    assert ready["Content-Type"] == "application/pdf"
    assert outputs_read.pdf_text(ready.content)


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_file_left_pending_by_a_stopped_worker_is_queued_again(client, published):
    from django_tasks_db.models import DBTaskResult

    world, publication = published
    client.force_login(world["users"]["departement_agent"])
    client.get(_url("reporting:report_pdf", publication))
    client.get(_url("reporting:report_pdf", publication))
    assert DBTaskResult.objects.count() == 1  # being made: not queued twice
    late = publication_files.STALE_AFTER + dt.timedelta(minutes=1)
    PublicationFile.objects.update(requested_at=F("requested_at") - late)
    client.get(_url("reporting:report_pdf", publication))
    assert DBTaskResult.objects.count() == 2


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_failed_file_says_why_and_is_made_again_at_the_next_request(
    client, published, monkeypatch
):
    world, publication = published
    client.force_login(world["users"]["departement_agent"])
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    def broken(*args, **kwargs):
        raise RuntimeError("imprimante en panne")

    working = publication_files.render
    monkeypatch.setattr(publication_files, "render", broken)
    client.get(_url("reporting:report_xlsx", publication))
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    status = client.get(_url("reporting:report_file", publication) + "&format=xlsx")
    text = status.content.decode()
    assert "Échec : le fichier n&#x27;a pas pu être produit (RuntimeError)." in text
    assert "imprimante" not in text  # the cause's class, never its details
    monkeypatch.setattr(publication_files, "render", working)
    again = client.get(_url("reporting:report_xlsx", publication))
    assert "En préparation…" in again.content.decode()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    served = client.get(_url("reporting:report_xlsx", publication))
    assert served["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_files_are_queued_when_the_report_is_published(
    world, django_capture_on_commit_callbacks
):
    report_fixture.build(world["services"]["a"], world["services"]["b"])
    with django_capture_on_commit_callbacks(execute=True):
        publication = publish_report(
            world["services"]["a"],
            MODEL,
            Period.year(2024),
            world["users"]["director_a"],
            today=TODAY,
        )
    # Made at once here (tests run tasks at once); by the worker in production.
    files = PublicationFile.objects.filter(publication=publication)
    assert sorted(files.values_list("format", "status")) == [
        ("pdf", PublicationFileStatus.READY),
        ("xlsx", PublicationFileStatus.READY),
    ]


def test_outsiders_get_neither_the_file_nor_its_status(client, published):
    world, publication = published
    client.force_login(world["users"]["departement_agent"])
    client.get(_url("reporting:report_pdf", publication))
    client.force_login(world["users"]["outsider"])
    assert client.get(_url("reporting:report_pdf", publication)).status_code == 404
    status = client.get(_url("reporting:report_file", publication) + "&format=pdf")
    assert status.status_code == 404


def test_the_status_is_a_fragment_for_htmx_and_a_whole_page_at_its_address(client, published):
    """htmx polls the fragment; the address opened by itself (reloaded, bookmarked, crawled by
    the accessibility check) is the whole progress page, with its title and heading."""
    world, publication = published
    client.force_login(world["users"]["commune_agent"])
    client.get(_url("reporting:report_pdf", publication))
    status_url = _url("reporting:report_file", publication) + "&format=pdf"
    page = client.get(status_url).content.decode()
    assert "<title>Fichier PDF" in page
    assert "<h1>Fichier PDF du rapport publié</h1>" in page
    fragment = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert "<h1>" not in fragment
