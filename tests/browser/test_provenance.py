"""Issue 16, « Every figure traceable »: the Longwy director opens a figure of the Longwy annual
review (« bilan-annuel ») and reaches the records behind it; the Département's agent opens the
same figure and reaches the publication, and no record."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from tests.browser.helpers import DEMO_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(browser, base, email):
    """A page of its own, signed in as the demo's ``email``."""
    page = browser.new_context(locale="fr-FR").new_page()
    sign_in(page, base, email, password=DEMO_PASSWORD)
    return page


def _open_figure(page, report_url):
    """From the annual review, « Jeunes rencontrés pour la première fois » in « Nombre de
    contacts »."""
    page.goto(report_url)
    page.get_by_role("heading", name=re.compile("Bilan annuel", re.I)).first.wait_for()
    table = page.get_by_role("table", name=re.compile("Nombre de contacts"))
    row = table.get_by_role("row", name=re.compile("pour la première fois"))
    figure = row.get_by_role("link")
    shown = figure.inner_text()
    figure.click()
    page.get_by_role("heading", name="D'où vient ce chiffre ?").wait_for()
    return shown


def test_director_reaches_records_funder_reaches_the_publication(live_server, browser):
    from datetime import date

    from reperes.accounts.models import User
    from reperes.demo.build.publications import demo_year
    from reperes.fieldwork.models import Youth
    from reperes.partners.models import Service
    from reperes.reporting.indicators import Period
    from reperes.reporting.publications import publish_report

    call_command("load_demo", verbosity=0)  # publications are off in the test settings
    service = Service.objects.get(name__icontains="Longwy")
    year = demo_year()
    publish_report(
        service,
        "bilan-annuel",
        Period.year(year),
        User.objects.get(email="direction.longwy@demo.reperes.example"),
        today=date(year + 1, 1, 1),
    )
    report_url = (
        f"{live_server.url}/rapports/service/{service.pk}/?modele=bilan-annuel&periode={year}"
    )
    pseudonyms = set(Youth.objects.filter(service=service).values_list("pseudonym", flat=True))

    director = _signed_in(browser, live_server.url, "direction.longwy@demo.reperes.example")
    shown = _open_figure(director, report_url)
    assert director.locator("#chiffre").inner_text() == shown
    body = director.locator("main").inner_text()
    assert "Ce qui est compté" in body
    assert f"année {year}" in body
    records = director.get_by_role("table").last.get_by_role("row")
    assert records.count() > 1  # a header and records
    assert any(p in body for p in pseudonyms), "the youths first met, under their pseudonyms"
    assert "Jeune" in body
    assert "première rencontre dans la période" in body
    assert "?" in director.url
    assert "Durand" not in director.url
    director.context.close()

    agent = _signed_in(browser, live_server.url, "agent.meurthe-et-moselle@demo.reperes.example")
    _open_figure(agent, report_url)
    body = agent.locator("main").inner_text()
    assert re.search(r"Publication du rapport, version \d+, publiée le", body)
    assert "Secret statistique" in body
    assert "fiches derrière" not in body
    assert "Comptage anonyme" not in body
    assert not any(p in body for p in pseudonyms)
    agent.context.close()
