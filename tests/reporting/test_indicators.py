"""The indicator engine against hand-computed figures, in a fixed number of queries."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reperes.reporting.catalogue import BY_CODE
from reperes.reporting.indicators import Period, Scope, compute
from tests.reporting import report_fixture


def test_figures_match_the_hand_computed_ones(services, data):
    figures = compute(Scope.for_service(services[0]), Period.year(2024))
    for code, expected in report_fixture.EXPECTED_2024.items():
        assert figures.values[code] == expected, code
    for code, expected in report_fixture.EXPECTED_EXTRA_2024.items():
        assert figures.extra[code] == expected, code


def test_only_catalogue_codes_are_produced(services, data):
    figures = compute(Scope.for_service(services[0]), Period.year(2024))
    assert set(figures.values) <= set(BY_CODE)
    # Every catalogue code but the one no time item maps to (« préparation »).
    assert set(BY_CODE) - set(figures.values) == {"hours.preparation"}


def test_parts_add_up_to_their_total(services, data):
    figures = compute(Scope.for_service(services[0]), Period.year(2024))
    for total in (
        "youths.met",
        "youths.accompanied",
        "accompaniments",
        "time",
        "hours",
        "staff.fte",
    ):
        parts = [
            figures.values[c]
            for c, i in BY_CODE.items()
            if i.part_of == total and c in figures.values and not c.startswith("youths.situation")
        ]
        assert sum(parts) == figures.values[total], total


def test_distributions(services, data):
    figures = compute(Scope.for_service(services[0]), Period.year(2024))
    met = figures.distributions["met"]
    # Persons: Y1 (born 2008) is 16 on 31 December 2024; Y2 is 22; Y3 has only a recorded band.
    assert met.get("f", "15-17", f"q{data['quartier'].pk}") == 1
    assert met.get("m", "11-14", "?") == 1
    assert met.margin("age_band") == {"15-17": 1, "22-25": 1, "11-14": 1}
    herserange, longwy = data["communes"]
    assert met.margin("place") == {f"q{data['quartier'].pk}": 1, f"c{longwy.pk}": 1, "?": 1}
    assert met.label("place", f"q{data['quartier'].pk}") == "Herserange — Landrivaux"
    # Encounters: the street sessions' tallies, never added to the persons.
    contacts = figures.distributions["contacts"]
    assert contacts.margin("age_band") == {"15-17": 3, "11-14": 2, "18-21": 4}
    assert contacts.margin("place") == {f"q{data['quartier'].pk}": 5, f"c{longwy.pk}": 4}
    accompanied = figures.distributions["accompanied"]
    assert accompanied.margin("age_band") == {"15-17": 1, "22-25": 1}
    modes = figures.distributions["accompaniments"].margin("entry_mode")
    assert modes == {"street_work": 1, "partner": 1, "youth": 1}
    assert figures.distributions["responses"].margin("label") == {
        "Écoute et soutien éducatif": 2,
        "Mise en relation emploi ou formation": 1,
    }
    chantier, cafe = figures.actions
    assert (chantier.title, chantier.participants) == ("Chantier peinture du city-stade", 6)
    assert chantier.by_age_band == {"15-17": 1, "22-25": 1, "11-14": 4}
    assert (cafe.participants, cafe.families, cafe.ended_on) == (1, 3, None)


def test_a_quarter_and_a_period_before_a_meeting(services, data):
    q2 = compute(Scope.for_service(services[0]), Period.quarter(2024, 2))
    assert q2.extra["contacts"] == 5  # session of 14 May
    assert q2.values["youths.met"] == 1  # Y1, accompanied since 15 March
    assert q2.values["youths.accompanied"] == 1  # Y1 (A2 ended 10 Feb, A3 starts in Nov)
    assert q2.values["time"] == 8
    before = compute(Scope.for_service(services[0]), Period(date(2024, 1, 1), date(2024, 2, 29)))
    assert before.values["youths.accompanied"] == 1  # Y2 until 10 Feb
    assert before.values["accompaniments.duration.gt12"] == 1
    assert before.values["youths.met"] == 1  # Y2, accompanied until 10 Feb


def test_geographic_scopes(services, data):
    herserange, longwy = data["communes"]
    ids = (services[0].pk,)
    commune = compute(Scope.for_commune(herserange, ids), Period.year(2024))
    assert commune.values["youths.met"] == 1  # Y1, of Landrivaux
    assert commune.extra["contacts"] == 5  # in Landrivaux
    assert commune.values["youths.accompanied"] == 1
    assert "time" not in commune.values
    assert "families.known" not in commune.values
    quartier = compute(Scope.for_quartier(data["quartier"], ids), Period.year(2024))
    assert quartier.values["youths.met"] == 1
    other = compute(Scope.for_commune(longwy, ids), Period.year(2024))
    assert other.values["youths.met"] == 1  # Y2
    assert other.extra["contacts"] == 4
    assert other.values["youths.accompanied"] == 1


def test_funder_portfolio_adds_up_its_services(world):
    from tests.fieldwork.factories import ContactCountFactory, StreetSessionFactory

    a, b = world["services"]["a"], world["services"]["b"]
    for service, count in ((a, 3), (b, 5)):
        ContactCountFactory(
            session=StreetSessionFactory(service=service, date=date(2024, 3, 3)), count=count
        )
    period = Period.year(2024)

    def contacts(scope):
        return compute(scope, period).extra["contacts"]

    assert contacts(Scope.for_funder(world["orgs"]["departement"])) == 8
    assert contacts(Scope.for_funder(world["orgs"]["commune"])) == 3
    assert contacts(Scope.for_funder(world["orgs"]["outsider"])) == 0
    assert contacts(Scope.for_convention(world["conventions"]["b"])) == 5


def _queries(scope, period) -> int:
    with CaptureQueriesContext(connection) as ctx:
        compute(scope, period)
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_depend_on_the_data(services, data):
    scope, period = Scope.for_service(services[0]), Period.year(2024)
    before = _queries(scope, period)
    more = report_fixture.build(*services)  # a second copy of every record
    assert more
    assert compute(scope, period).values["youths.met"] == 6  # Y1, Y2, Y3 and their copies
    assert _queries(scope, period) == before
    assert before <= 20


@pytest.mark.parametrize(
    "birth_year", [2024, 2014, 2013, 2010, 2009, 2007, 2006, 2003, 2002, 1999, 1998, 2030]
)
def test_age_band_expression_agrees_with_band_on(services, birth_year):
    from reperes.fieldwork.models import Youth
    from reperes.reporting.indicators import age_band_expression
    from tests.fieldwork.factories import YouthFactory

    youth = YouthFactory(service=services[0], birth_year=birth_year)
    on = date(2024, 12, 31)
    band = Youth.objects.filter(pk=youth.pk).values_list(age_band_expression(on), flat=True)[0]
    assert band == youth.band_on(on)


def test_periods():
    assert Period.parse("2024") == Period.year(2024)
    assert Period.parse("2024-T1") == Period(date(2024, 1, 1), date(2024, 3, 31))
    assert Period.parse("2024-T4").end == date(2024, 12, 31)
    assert Period.parse("2024-01-01_2024-06-30").key == "2024-01-01_2024-06-30"
    assert Period.quarter(2024, 2).key == "2024-T2"
    assert Period.quarter(2024, 1).label == "1er trimestre 2024"
    for bad in ("2024-T5", "demain", "2024-06-30_2024-01-01", ""):
        with pytest.raises(ValueError):
            Period.parse(bad)


@pytest.mark.parametrize("period", [Period.year(2024), Period.quarter(2024, 2), Period.year(2023)])
def test_values_by_service_are_computes_values_in_a_fixed_number_of_queries(services, data, period):
    from reperes.reporting.indicators_by_service import values_by_service

    with CaptureQueriesContext(connection) as grouped:
        by_service = values_by_service([s.pk for s in services], period)
    for service in services:
        expected = compute(Scope.for_service(service), period).values
        assert by_service[service.pk] == expected, service
    assert len(grouped.captured_queries) <= 13
    with CaptureQueriesContext(connection) as one:
        values_by_service([services[0].pk], period)
    assert len(one.captured_queries) == len(grouped.captured_queries)


# The tables whose rows belong to one service, as a query names them: « FROM "table" » or, in a
# subquery (U0, V0 one level deeper) or a second join (T3), « JOIN "table" U1 ».
SERVICE_OWNED = re.compile(
    r'(?:FROM|JOIN) "(fieldwork_(?:youth|accompaniment|collectiveaction|streetsession|family))"'
    r"(?: ([A-Z]\d+))?"
)


def _unrestricted(sql: str) -> list[str]:
    """The service-owned tables that ``sql`` reads without naming the services on them."""
    missing = []
    for table, alias in SERVICE_OWNED.findall(sql):
        column = (alias or f'"{table}"') + '."service_id"'
        if f"{column} IN (" not in sql and f"{column} = " not in sql:
            missing.append(alias or table)
    return missing


def test_every_table_a_consolidation_reads_is_restricted_to_the_services_asked(services, data):
    """Issue 12: the cost follows the work, not the database. Each table of a youth, an
    accompaniment, a collective action, a session or a family that a query reads — joined, in a
    semijoin or in a subquery — names the services asked, so that PostgreSQL reads their rows
    by the (service, …) indexes instead of every row of the database (docs/benchmarks.md)."""
    from reperes.reporting.indicators_by_service import values_by_service

    period = Period.year(2024)
    with CaptureQueriesContext(connection) as grouped:
        values_by_service([services[0].pk], period)
    with CaptureQueriesContext(connection) as one:
        compute(Scope.for_service(services[0]), period)
    queries = [q["sql"] for q in [*grouped.captured_queries, *one.captured_queries]]
    assert sum(bool(SERVICE_OWNED.search(sql)) for sql in queries) >= 15
    assert {sql[:80]: _unrestricted(sql) for sql in queries if _unrestricted(sql)} == {}
    assert _unrestricted('SELECT 1 FROM "fieldwork_youth" INNER JOIN "fieldwork_accompaniment" U0')


def test_partnership_actions_without_partner_add_to_the_other_kind(services):
    """Actions with no partner and actions with « other » partners both land in « other »:
    they add up instead of one group overwriting the other."""
    from tests.fieldwork.factories import PartnerFactory, PartnershipActionFactory

    service = services[0]
    other = PartnerFactory(service=service, kind="other")
    school = PartnerFactory(service=service, kind="school")
    for _ in range(2):
        PartnershipActionFactory(service=service, date=date(2024, 3, 1)).partners.set([other])
    PartnershipActionFactory(service=service, date=date(2024, 4, 1)).partners.set([school])
    for _ in range(3):
        PartnershipActionFactory(service=service, date=date(2024, 5, 1))  # no partner

    figures = compute(Scope.for_service(service), Period.year(2024))
    partnership = figures.distributions["partnership"]
    assert partnership.get("other") == 5
    assert partnership.get("school") == 1
    assert partnership.total() == figures.extra["partnership.actions"]


def test_the_years_with_data_are_distinct_pairs_not_every_record(services, data):
    """A model's default ordering would join the DISTINCT of ``years_with_data`` (one row per
    time entry, 1.6 million on 40 services: 2.6 s of the consolidation's 4.9), unless cleared."""
    from reperes.reporting.consolidation import years_with_data

    with CaptureQueriesContext(connection) as queries:
        coverage = years_with_data(list(services), 2024)
    assert coverage[2024] == {s.pk for s in services}
    distinct = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT DISTINCT")
    ]
    assert len(distinct) == 6
    for sql in distinct:
        selected = re.split(r"(?<!YEAR) FROM ", sql)[0]  # not EXTRACT(YEAR FROM …)
        assert selected.count(" AS ") + selected.count('", "') <= 3, selected
