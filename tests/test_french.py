"""French wording from one place (reperes/core/french.py): « 1er », real plurals, « d'avril »
and « de mai », day counts from today — and the pages where each went wrong."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from reperes.core import french


def test_first_of_the_month_is_1er():
    assert french.french_date(date(2026, 4, 1)) == "1er avril 2026"
    assert french.french_date(date(2026, 4, 2)) == "2 avril 2026"
    assert french.french_date(date(2026, 4, 1), year=False) == "1er avril"
    assert french.format_date(date(2026, 4, 1), "l j F Y") == "mercredi 1er avril 2026"
    assert french.format_date(date(2026, 4, 11), "j F") == "11 avril"
    # An escaped « j » stays a letter.
    assert french.format_date(date(2026, 4, 1), r"\j j") == "j 1er"


def test_the_template_filter_writes_le_1er_avril():
    html = Template('le {{ d|date_fr:"j F Y" }}, le {{ e|date_fr }}').render(
        Context({"d": date(2026, 4, 1), "e": date(2026, 5, 21)})
    )
    assert html == "le 1er avril 2026, le 21 mai 2026"


def test_plurals_are_real():
    assert french.plural(0, "réunion") == "0 réunion"
    assert french.plural(1, "réunion") == "1 réunion"
    assert french.plural(2, "réunion") == "2 réunions"
    assert french.plural(3, "réunion tenue", "réunions tenues") == "3 réunions tenues"
    html = Template('{{ 1|nombre:"réunion" }} · {{ 4|nombre:"travail,travaux" }}').render(Context())
    assert html == "1 réunion · 4 travaux"


def test_de_elides_before_a_vowel():
    assert french.of_month(4) == "d'avril"
    assert french.of_month(8, 2026) == "d'août 2026"
    assert french.of_month(10) == "d'octobre"
    assert french.of_month(5) == "de mai"
    assert french.of_month(date(2026, 6, 3)) == "de juin 2026"
    assert Template('Échéances {{ "avril 2026"|de_mois }}').render(Context()) == (
        "Échéances d&#x27;avril 2026"
    )


def test_day_counts_are_from_today():
    today = date(2024, 4, 5)
    assert french.days_between(today, date(2025, 1, 1)) == 271
    assert french.in_days(date(2025, 1, 1), today) == "dans 271 jours"
    assert french.in_days(today, today) == "aujourd'hui"
    assert french.in_days(date(2024, 4, 6), today) == "demain"
    assert french.in_days(date(2024, 4, 4), today) == "hier"
    assert french.in_days(date(2024, 4, 2), today) == "il y a 3 jours"
    moment = timezone.make_aware(datetime(2024, 4, 7, 23, 30))
    assert french.in_days(moment, today) == "dans 2 jours"


@pytest.mark.django_db
def test_the_deadlines_month_caption_says_d_avril(client, world):
    from tests.deadlines.factories import ObligationFactory

    ObligationFactory(convention=world["conventions"]["a"], due_on=date(2025, 4, 1))
    client.force_login(world["users"]["director_a"])
    html = client.get(reverse("deadlines:calendar")).content.decode()
    assert "Échéances d&#x27;avril 2025" in html
    assert "Échéances de avril" not in html
    assert "1er avril 2025" in html


def test_sources_are_shown_without_the_demo_key():
    """The interface said « Seed 001 — convention type… »: the reader sees the convention."""
    from reperes.core.templatetags.french import source_fr

    assert source_fr("Seed 001 — convention type n° 2023-601, article 8.1") == (
        "Convention type n° 2023-601, article 8.1"
    )
    assert source_fr("Seed 004, art. 10") == "Art. 10"
    assert source_fr("Convention « Drôme / Montélimar », art. 10") == (
        "Convention « Drôme / Montélimar », art. 10"
    )
    assert source_fr("par défaut, référentiel CNIL") == "par défaut, référentiel CNIL"


def test_every_template_shows_a_clause_source_through_the_filter():
    """A source printed raw would show the demo's « Seed 00N » key again. Left raw on purpose:
    an observatory series' data source (« CAF de la Moselle »), a consolidation row's origin
    (« Remontée validée »), a form field."""
    import re
    from pathlib import Path

    raw = re.compile(r"\{\{\s*[\w.]*\.source\s*\}\}")
    allowed = {"observatory", "submissions", "models"}
    offenders = [
        str(path)
        for path in Path("reperes/templates").rglob("*.html")
        if raw.search(path.read_text()) and not allowed & set(path.parts)
    ]
    assert offenders == []
