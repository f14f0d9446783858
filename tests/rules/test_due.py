"""Due-date rules of the clauses (``reperes.rules.due``): reference periods and their dates."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reperes.rules import due
from reperes.rules.due import Due, ReferencePeriod, meeting_periods, reference_periods
from tests.properties import examples

SETTINGS = examples(150)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
periodicities = st.sampled_from([due.YEAR, due.SEMESTER, due.QUARTER, due.MONTH])


def year(n: int) -> ReferencePeriod:
    return reference_periods(due.YEAR, date(n, 1, 1), date(n, 12, 31))[0]


def test_day_of_year_with_offsets():
    budget = Due(due.DAY_OF_YEAR, month=10, day=31, year_offset=-1)
    accounts = Due(due.DAY_OF_YEAR, month=4, day=30, year_offset=1)
    statement = Due(due.DAY_OF_YEAR, month=11, day=30)
    assert budget.due_on(year(2025)) == date(2024, 10, 31)
    assert accounts.due_on(year(2024)) == date(2025, 4, 30)
    assert statement.due_on(year(2025)) == date(2025, 11, 30)


def test_29_february_is_clamped_in_a_common_year():
    rule = Due(due.DAY_OF_YEAR, month=2, day=29)
    assert rule.errors() == []
    assert rule.due_on(year(2025)) == date(2025, 2, 28)
    assert rule.due_on(year(2024)) == date(2024, 2, 29)


def test_after_period_counts_from_the_last_day():
    six_months = Due(due.AFTER_PERIOD, value=6, unit=due.MONTHS)
    assert six_months.due_on(year(2025)) == date(2026, 6, 30)
    first_quarter = reference_periods(due.QUARTER, date(2025, 1, 1), date(2025, 3, 31))[0]
    assert Due(due.AFTER_PERIOD, value=1, unit=due.MONTHS).due_on(first_quarter) == date(
        2025, 4, 30
    )
    assert Due(due.AFTER_PERIOD, value=30, unit=due.DAYS).due_on(first_quarter) == date(2025, 4, 30)


def test_before_meeting():
    periods = meeting_periods([date(2025, 6, 20), date(2025, 1, 15)], date(2025, 1, 1))
    assert [(p.start, p.end) for p in periods] == [
        (date(2025, 1, 1), date(2025, 1, 15)),
        (date(2025, 1, 16), date(2025, 6, 20)),
    ]
    rule = Due(due.BEFORE_MEETING, value=15, unit=due.DAYS, body="Conseil pédagogique")
    assert rule.due_on(periods[1]) == date(2025, 6, 5)


def test_reference_periods_are_whole_and_cover_the_span():
    periods = reference_periods(due.SEMESTER, date(2024, 7, 1), date(2025, 2, 1))
    assert [(p.key, p.label) for p in periods] == [("2024-S2", "S2 2024"), ("2025-S1", "S1 2025")]
    assert reference_periods(due.YEAR, date(2025, 3, 1), date(2024, 1, 1)) == []
    assert reference_periods("weekly", date(2025, 1, 1), date(2025, 12, 31)) == []


@SETTINGS
@given(periodicities, dates, st.integers(min_value=0, max_value=800))
def test_periods_tile_the_calendar(periodicity, start, length):
    end = start + timedelta(days=length)
    periods = reference_periods(periodicity, start, end)
    assert periods[0].start <= start
    assert periods[-1].end >= end
    for before, after in zip(periods, periods[1:], strict=False):
        assert after.start == before.end + timedelta(days=1)
    assert len({p.key for p in periods}) == len(periods)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (Due("weekly"), "Choisissez comment l'échéance est fixée."),
        (
            Due(due.DAY_OF_YEAR, month=13, day=1),
            "Le mois d'échéance doit être compris entre 1 et 12.",
        ),
        (Due(due.DAY_OF_YEAR, month=2, day=30), "Le mois de février n'a pas de 30."),
        (
            Due(due.DAY_OF_YEAR, month=4, day=30, year_offset=5),
            "L'année d'échéance est N-1, N, N+1 ou N+2.",
        ),
        (
            Due(due.AFTER_PERIOD, value=-1),
            "Le délai doit être un nombre entier de jours ou de mois, positif.",
        ),
        (Due(due.AFTER_PERIOD, value=3, unit="years"), "L'unité du délai est le jour ou le mois."),
        (
            Due(due.BEFORE_MEETING, value=3),
            "Indiquez l'instance avant les réunions de laquelle le document est dû.",
        ),
    ],
)
def test_bad_rules_are_explained_in_french(rule, message):
    assert rule.errors() == [message]


def test_describe():
    assert Due(due.DAY_OF_YEAR, month=10, day=31, year_offset=-1).describe() == (
        "le 31 octobre de l'année N-1"
    )
    assert Due(due.DAY_OF_YEAR, month=1, day=1).describe() == "le 1er janvier de l'année N"
    assert Due(due.AFTER_PERIOD, value=6, unit=due.MONTHS).describe() == (
        "6 mois après la fin de la période"
    )


def test_delays_agree_in_number():
    """« dû 1 jour(s) avant chaque réunion » read on the reports page: a real plural."""
    assert Due(due.BEFORE_MEETING, value=1, unit=due.DAYS, body="Conseil").describe() == (
        "1 jour avant chaque réunion : Conseil"
    )
    assert Due(due.AFTER_PERIOD, value=15, unit=due.DAYS).describe() == (
        "15 jours après la fin de la période"
    )
    assert Due(due.AFTER_PERIOD, value=1, unit=due.MONTHS).describe() == (
        "1 mois après la fin de la période"
    )
