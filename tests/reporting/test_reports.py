"""Each report model built on the small fixture: its sections follow the seed, its figures are
the engine's hand-computed ones."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reperes.reporting.indicators import Period, Scope
from reperes.reporting.report_models import library
from reperes.reporting.reports import build
from tests.factories import ServiceFactory
from tests.reporting import report_fixture


@pytest.fixture
def service(db):
    service = ServiceFactory(name="SPS A")
    report_fixture.build(service, ServiceFactory(name="SPS B"))
    return service


def _build(key, service, period=None):
    return build(
        key, scope=Scope.for_service(service), period=period or Period.year(2024), service=service
    )


def _table(report, key):
    return next(t for t in report.tables if t.key == key)


@pytest.mark.parametrize("key", sorted(library()))
def test_every_model_builds_with_consistent_tables(service, key):
    report = _build(key, service)
    assert report.sections
    keys = [t.key for t in report.tables]
    assert len(keys) == len(set(keys)), "table keys are unique within a report"
    for table in report.tables:
        assert len(table.cells) == len(table.rows), table.key
        assert all(len(line) == len(table.columns) for line in table.cells), table.key
        if table.totals and "Total" in table.columns and len(table.columns) > 1:
            for line in table.cells:
                assert sum(line[:-1]) == line[-1], (table.key, line)
    for section in report.sections:
        for chart in section.charts:
            assert chart.table in keys


def test_pedagogical_reporting_has_the_three_parts(service):
    report = _build("conseil-pedagogique", service)
    titles = [s.title for s in report.sections]
    assert titles[0].startswith("I. Activité de l'équipe")
    assert any(t.startswith("II. Programme d'action") for t in titles)
    assert titles[-1].startswith("III. Accompagnements")
    time = _table(report, "team_time")
    assert len(time.rows) == 9  # eight items and the total
    assert time.cell("Présence sociale", "% du temps") == Decimal("43.8")  # 3.5 / 8
    assert time.cell("Total", "Heures") == 8
    assert time.cell("Travail administratif", "% du temps") == Decimal("18.8")  # 1.5 / 8 = 18.75
    assert time.cell("Autre", "% du temps") == Decimal("12.5")  # 1 / 8
    contacts = _table(report, "presence_contacts")
    # Encounters and persons side by side, never added (9 + 2 made « 11 jeunes rencontrés »).
    assert contacts.rows == (
        "Contacts en travail de rue et présence sociale (rencontres)",
        "Jeunes rencontrés pour la première fois et suivis par le service (personnes)",
    )
    assert contacts.cells == ((9,), (2,))
    assert not contacts.totals
    assert _table(report, "presence_age_gender").cell("Total", "Total") == 9  # the contacts
    ages = _table(report, "educational_ages")
    assert ages.rows[0] == "Chantier peinture du city-stade (du 8 juillet 2024 au 12 juillet 2024)"
    assert ages.cell(ages.rows[0], "Total") == 6
    assert ages.cell(ages.rows[1], "Total") == 1  # Café des parents
    places = _table(report, "educational_places")
    assert places.cell(ages.rows[0], "Herserange — Landrivaux") == 5


def test_quarterly_follow_up_covers_the_year_to_date(service):
    from datetime import date

    report = _build("suivi-trimestriel", service, Period(date(2024, 1, 1), date(2024, 6, 30)))
    assert _table(report, "quarter_gender").cell("Total", "Nombre") == 2  # Y1 and Y2 (until Feb)
    assert _table(report, "quarter_duration").cell("Plus d'un an", "Accompagnements") == 1
    # A1 (15 March → 30 June = 107 days) and A2 (10 Jan 2023 → 10 Feb 2024 = 396 days).
    assert _table(report, "quarter_duration").cell("Total", "Accompagnements") == 2
    charts = [c for s in report.sections for c in s.charts]
    assert len(charts) == 7


def test_annual_review_has_four_themes_and_the_directors_parts(service):
    report = build(
        "bilan-annuel",
        scope=Scope.for_service(service),
        period=Period.year(2024),
        service=service,
        narratives={"partnership": "Un partenariat renforcé avec le collège."},
    )
    titles = [s.title for s in report.sections]
    for theme in ("I. Présence sociale", "II. L'action éducative", "III. Les actions", "IV. Le"):
        assert any(t.startswith(theme) for t in titles), theme
    # Y1 (A1 from 15 March) and Y2 (A2 until 10 February, A3 from 1 November), counted once.
    assert _table(report, "review_key").cell("Jeunes accompagnés", "Nombre") == 2
    partnership = next(s for s in report.sections if s.title == "IV. Le partenariat")
    assert partnership.narratives[0].text == "Un partenariat renforcé avec le collège."
    assert (
        _table(report, "review_partnership").cell(
            "Établissement scolaire (collège, lycée)", "Actions"
        )
        == 1
    )


def test_pas_de_calais_report(service):
    report = _build("rapport-annuel-sps", service)
    hours = _table(report, "pdc_hours")
    assert hours.cell("Travail de rue", "Heures") == Decimal("3.5")
    assert hours.cell("Total", "Heures") == 8
    assert _table(report, "pdc_team").cell("Total", "ETP") == 2
    assert _table(report, "pdc_collective").cells == ((2, 6, 5),)
    durations = _table(report, "pdc_durations")
    assert durations.cell("Total", "Accompagnements") == 3  # A1, A2, A3 (A4 ended in 2023)
    assert durations.cell("Moins de 3 mois", "Accompagnements") == 1  # A3: 1 Nov → 31 Dec, 60 d
    assert durations.cell("De 6 mois à 1 an", "Accompagnements") == 1  # A1: 291 days
    assert durations.cell("Plus d'un an", "Accompagnements") == 1  # A2: 396 days
    assert _table(report, "pdc_team").cell("Direction, chef de service", "ETP") == 1  # 1 director


def test_drome_report(service):
    report = _build("rapport-drome", service)
    youths = _table(report, "drome_youths")
    assert youths.cell("Jeunes rencontrés, en relation avec l'équipe (personnes)", "Nombre") == 3
    assert "Jeunes rencontrés" not in youths.rows  # no longer 9 contacts + 2 first met
    contacts = _table(report, "drome_contacts")
    assert (
        contacts.cell("Contacts en travail de rue et présence sociale (rencontres)", "Nombre") == 9
    )
    assert youths.cell("Jeunes en suivi individuel", "Nombre") == 2
    assert _table(report, "drome_families").cells == ((2,), (1,))
    assert _table(report, "drome_qualification").cell("Sans qualification", "Nombre") == 1
    assert _table(report, "drome_collective").cell("Total", "Actions") == 2  # chantier + café
    situation = _table(report, "drome_situation")
    assert situation.cell("En scolarité", "Nombre") == 1  # Y1 (Y3's A4 ended in 2023)
    assert situation.cell("Sans emploi ni formation (NEET)", "Nombre") == 1  # Y2
    assert situation.cell("Total", "Nombre") == 2  # 1 + 1
