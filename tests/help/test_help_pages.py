"""The help section (/aide/): a page per role that every signed-in role reads, the glossary, the
indicator definitions read from the catalogue, and the « ? » beside computed dates and
indicators."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from reperes.deadlines import actions
from reperes.help import dates
from reperes.help.content import BY_ROLE, ROLES
from reperes.help.glossary import GLOSSARY
from reperes.reporting.catalogue import INDICATORS
from tests.deadlines.test_deadlines import _drome_like

PERSONAS = ["educator_a", "director_a", "departement_agent", "dpo", "platform_admin"]
STATIC = Path(settings.BASE_DIR) / "reperes" / "help" / "static"


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_reads_its_own_help_first(client, world, persona):
    user = world["users"][persona]
    client.force_login(user)
    own = BY_ROLE[user.role]
    page = client.get(reverse("help:index")).content.decode()
    assert f"Votre rôle : {escape(own.title.lower())}" in page
    for step in own.first_steps:
        assert escape(step) in page
    # The header links to the help from every page.
    home = client.get(reverse("conventions:list")).content.decode()
    assert f'href="{reverse("help:index")}"' in home


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_page_renders_its_tasks_with_their_screenshots(client, world, persona):
    client.force_login(world["users"][persona])
    for role in ROLES:
        response = client.get(reverse(role.url_name))
        assert response.status_code == 200
        page = response.content.decode()
        assert role.tasks
        for task in role.tasks:
            assert escape(task.title) in page
            assert task.screenshot in page
            shot = STATIC / task.screenshot
            assert shot.exists(), f"capture manquante : {shot} (scripts/help_screenshots.py)"
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            assert shot.stat().st_size < 250_000, f"{shot} trop lourde"


def test_the_glossary_page_shows_every_term(client, world):
    client.force_login(world["users"]["educator_a"])
    page = client.get(reverse("help:glossary")).content.decode()
    terms = [term for _section, items in GLOSSARY for term, _meaning in items]
    assert len(terms) > 40
    for _section, items in GLOSSARY:
        for term, meaning in items:
            assert escape(term) in page
            assert escape(meaning) in page


def test_the_indicator_page_shows_every_definition_of_the_catalogue(client, world):
    client.force_login(world["users"]["departement_agent"])
    page = client.get(reverse("help:indicators")).content.decode()
    for indicator in INDICATORS:
        assert indicator.definition
        assert escape(indicator.definition) in page, indicator.code
        assert f"<code>{indicator.code}</code>" in page
    assert "rencontres" in page  # the units, in French


def test_the_question_mark_on_a_deadline_names_its_article_and_rule(client, world):
    convention = _drome_like(world)
    actions.generate_obligations(convention, date(2024, 6, 1))
    client.force_login(world["users"]["director_a"])
    page = client.get(reverse("deadlines:convention", kwargs={"pk": convention.pk}))
    text = page.content.decode()
    assert "Comment cette date est calculée" in text
    # The accounts of N by 30 April N+1 (art. 8), the staff statement by 30 November N (art. 6).
    assert "Échéance fixée par la clause : le 30 avril de l&#x27;année N+1" in text
    assert "le 30 novembre de l&#x27;année N" in text
    label = convention.short_title or convention.title
    assert escape(f"Source : Convention « {label} », art. 8.") in text
    assert escape(f"Source : Convention « {label} », art. 6.") in text
    # The calendar shows the same « ? ».
    calendar = client.get(reverse("deadlines:calendar")).content.decode()
    assert calendar.count("Comment cette date est calculée") >= 6


def test_an_amended_clause_is_explained_by_the_version_that_dated_the_obligation(world):
    convention = _drome_like(world)
    actions.generate_obligations(convention, date(2024, 6, 1))
    accounts = convention.obligations.filter(key__startswith="clause:comptes").first()
    explained = dates.for_obligation(accounts)
    assert "le 30 avril de l'année N+1" in explained.rule
    assert explained.source.endswith("art. 8")


def test_the_question_mark_on_an_instalment_names_its_article(world):
    from reperes.money import actions as money
    from reperes.money.enums import ScheduleKind
    from tests.money.factories import PaymentScheduleFactory, fund, world_parties

    convention = world["conventions"]["a"]
    payer, payee = world_parties(world, "departement", "operator_a")
    fund(convention, 2024, Decimal("12000.00"), payer=payer, label="Dotation 2024")
    schedule = PaymentScheduleFactory(
        convention=convention, payer=payer, payee=payee, kind=ScheduleKind.MONTHLY, due_day=5
    )
    schedule.article = "8.1"
    schedule.save()
    january = money.generate_instalments(schedule, 2024)[0]
    explained = dates.for_instalment(january)
    assert explained.rule.startswith("Dotation mensuelle : le 5 de chaque mois")
    assert explained.source.endswith("article 8.1")
    # The obligation on the calendar explains itself the same way.
    actions.generate_obligations(convention, date(2024, 1, 1))
    obligation = convention.obligations.get(key=f"instalment:{january.pk}")
    assert dates.for_obligation(obligation) == explained


@pytest.mark.usefixtures("world")
def test_indicator_help_in_the_submission_form():
    from django.template.loader import render_to_string

    html = render_to_string("reporting/_indicator_help.html", {"code": "youths.accompanied"})
    definition = next(i for i in INDICATORS if i.code == "youths.accompanied").definition
    assert escape(definition) in html
    assert "Unité : personnes" in html
    assert render_to_string("reporting/_indicator_help.html", {"code": "inconnu"}).strip() == ""
