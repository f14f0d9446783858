"""A Département agent signs in, opens the Drôme convention, finds its parties and end date."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_departement_agent_opens_the_drome_convention(live_server, page):
    call_command("load_demo", verbosity=0)
    page.goto(f"{live_server.url}/")
    page.get_by_label("Adresse électronique").fill("agent.drome@demo.reperes.example")
    page.get_by_label("Mot de passe").fill("reperes-demo-2026")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("heading", name=re.compile("Bonjour")).wait_for()

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Conventions"
    ).click()
    page.get_by_role("link", name=re.compile("Montélimar")).first.click()

    parties = page.get_by_role("region", name="Parties et signataires")
    assert parties.get_by_role("link", name="Département de la Drôme").is_visible()
    assert parties.get_by_role("link", name=re.compile("Montélimar")).is_visible()
    period = page.get_by_role("region", name="Période et clauses de dates")
    assert "31 décembre 2025" in period.inner_text()
    dates = page.get_by_role("region", name=re.compile("Dates au"))
    assert "Échue" in dates.inner_text()
