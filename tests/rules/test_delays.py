"""Delay computation, code de procédure civile art. 640-642 (``reperes.rules.delays``)."""

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reperes.rules.delays import (
    Delay,
    Unit,
    WorkingCalendar,
    delay_end,
    latest_start_for,
    period_last_day,
    period_start,
    unextended_end,
)
from tests.properties import examples

SETTINGS = examples(150)
DAY = timedelta(days=1)
NATIONAL = WorkingCalendar()
MOSELLE = WorkingCalendar("57")

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
units = st.sampled_from(list(Unit))
delays = st.builds(Delay, st.integers(min_value=0, max_value=60), units)
positive_terms = st.builds(Delay, st.integers(min_value=1, max_value=36), units)
calendars = st.sampled_from([NATIONAL, MOSELLE, WorkingCalendar("6AE")])


def add_months(start: date, months: int) -> tuple[int, int]:
    total = start.year * 12 + start.month - 1 + months
    return total // 12, total % 12 + 1


# --- Delay -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delay", "text"),
    [
        (Delay.days(30), "30 jours"),
        (Delay.days(1), "1 jour"),
        (Delay.days(0), "0 jour"),
        (Delay.months(1), "1 mois"),
        (Delay.months(6), "6 mois"),
        (Delay.years(1), "1 an"),
        (Delay.years(3), "3 ans"),
    ],
)
def test_delay_reads_in_french(delay, text):
    assert str(delay) == text


def test_delay_cannot_be_negative():
    with pytest.raises(ValueError):
        Delay.days(-1)


def test_delay_is_a_whole_number():
    with pytest.raises(TypeError):
        Delay(1.5, Unit.DAYS)  # type: ignore[arg-type]


def test_delay_accepts_the_stored_unit_value():
    assert Delay(2, "months") == Delay.months(2)  # type: ignore[arg-type]


# --- Working calendar ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "holiday",
    [
        date(2025, 7, 14),  # fête nationale, a Monday
        date(2024, 5, 1),  # fête du travail, a Wednesday
        date(2024, 4, 1),  # lundi de Pâques
        date(2024, 5, 20),  # lundi de Pentecôte
        date(2025, 1, 1),
        date(2024, 12, 25),
    ],
)
def test_public_holidays_are_not_working_days(holiday):
    assert holiday.weekday() < 5
    assert not NATIONAL.is_working_day(holiday)


def test_weekends_are_not_working_days():
    assert not NATIONAL.is_working_day(date(2024, 8, 31))  # Saturday
    assert not NATIONAL.is_working_day(date(2024, 9, 1))  # Sunday
    assert NATIONAL.is_working_day(date(2024, 9, 2))


@pytest.mark.parametrize("subdiv", ["57", "6AE"])
def test_alsace_moselle_adds_good_friday_and_26_december(subdiv):
    local = WorkingCalendar(subdiv)
    good_friday, saint_stephen = date(2024, 3, 29), date(2024, 12, 26)
    assert NATIONAL.is_working_day(good_friday)
    assert NATIONAL.is_working_day(saint_stephen)
    assert not local.is_working_day(good_friday)
    assert not local.is_working_day(saint_stephen)


def test_unknown_subdivision_fails_loudly():
    with pytest.raises(ValueError):
        WorkingCalendar("99")


def test_next_working_day_skips_a_long_weekend():
    assert NATIONAL.next_working_day(date(2024, 3, 29)) == date(2024, 3, 29)
    assert MOSELLE.next_working_day(date(2024, 3, 29)) == date(2024, 4, 2)


# --- delay_end: examples ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "delay", "end"),
    [
        (date(2023, 1, 31), Delay.months(1), date(2023, 2, 28)),
        (date(2024, 1, 31), Delay.months(1), date(2024, 2, 29)),
        (date(2024, 3, 31), Delay.months(1), date(2024, 4, 30)),
        (date(2024, 2, 29), Delay.years(1), date(2025, 2, 28)),
        (date(2024, 2, 29), Delay.years(4), date(2028, 2, 29)),
        (date(2024, 1, 10), Delay.days(10), date(2024, 1, 20)),
    ],
)
def test_month_end_and_leap_years(start, delay, end):
    """Art. 641: "à défaut d'un quantième identique, le délai expire le dernier jour du mois"."""
    assert delay_end(start, delay, extendable=False) == end


@pytest.mark.parametrize(
    ("start", "delay", "end"),
    [
        (date(2025, 6, 14), Delay.months(1), date(2025, 7, 15)),  # 14 July
        (date(2024, 4, 1), Delay.days(30), date(2024, 5, 2)),  # 1 May
        (date(2024, 3, 1), Delay.months(1), date(2024, 4, 2)),  # Easter Monday 2024
        (date(2024, 11, 30), Delay.days(25), date(2024, 12, 26)),  # Christmas
    ],
)
def test_a_delay_ending_on_a_public_holiday_is_extended(start, delay, end):
    """Art. 642: "le délai qui expirerait normalement un samedi, un dimanche ou un jour férié ou
    chômé est prorogé jusqu'au premier jour ouvrable suivant"."""
    assert delay_end(start, delay) == end


def test_good_friday_extends_only_in_alsace_moselle():
    start, delay = date(2024, 2, 29), Delay.months(1)
    assert delay_end(start, delay) == date(2024, 3, 29)
    # Good Friday, Saturday, Sunday, Easter Monday.
    assert delay_end(start, delay, calendar=MOSELLE) == date(2024, 4, 2)


def test_one_month_from_a_saturday_31_august():
    """Receipt on a Saturday does not move the start (art. 642 only extends the end); there is
    no 31 September, so the delay ends on 30 September 2024, a Monday."""
    assert delay_end(date(2024, 8, 31), Delay.months(1)) == date(2024, 9, 30)
    assert delay_end(date(2024, 8, 31), Delay.months(1), extendable=False) == date(2024, 9, 30)


def test_not_extendable_ends_on_a_sunday():
    """Seed 001 art. 13: "Ce délai n'est pas susceptible de prorogation"."""
    start = date(2024, 8, 15)
    assert delay_end(start, Delay.months(1), extendable=False) == date(2024, 9, 15)
    assert delay_end(start, Delay.months(1)) == date(2024, 9, 16)


def test_zero_delay_takes_effect_on_the_day_itself_even_a_sunday():
    """Seed 003: "dénoncer le présent protocole à tout moment"."""
    sunday = date(2024, 9, 15)
    assert delay_end(sunday, Delay.days(0)) == sunday


# --- delay_end: properties -------------------------------------------------------------------


@SETTINGS
@given(dates, st.integers(min_value=1, max_value=400))
def test_day_delays_do_not_count_the_starting_day(start, n):
    end = delay_end(start, Delay.days(n), extendable=False)
    assert end == start + timedelta(days=n)
    assert (end - start).days == n  # n full days after the day of the act


@SETTINGS
@given(dates, st.integers(min_value=0, max_value=120), st.sampled_from([Unit.MONTHS, Unit.YEARS]))
def test_month_and_year_delays_end_on_the_same_day_number_or_month_end(start, n, unit):
    end = delay_end(start, Delay(n, unit), extendable=False)
    months = n if unit is Unit.MONTHS else 12 * n
    assert (end.year, end.month) == add_months(start, months)
    last_day = calendar.monthrange(end.year, end.month)[1]
    assert end.day == min(start.day, last_day)


@SETTINGS
@given(dates, delays.filter(lambda delay: delay.value > 0), calendars)
def test_extended_end_is_the_first_working_day_from_the_plain_end(start, delay, cal):
    plain = unextended_end(start, delay)
    end = delay_end(start, delay, calendar=cal)
    assert cal.is_working_day(end)
    assert end >= plain
    day = plain
    while day < end:
        assert not cal.is_working_day(day)
        day += DAY


@SETTINGS
@given(dates, delays, calendars)
def test_not_extendable_is_the_plain_end(start, delay, cal):
    assert delay_end(start, delay, extendable=False, calendar=cal) == unextended_end(start, delay)


@SETTINGS
@given(dates, dates, delays, st.booleans())
def test_delay_end_never_moves_back_when_the_start_moves_forward(a, b, delay, extendable):
    early, late = sorted((a, b))
    assert delay_end(early, delay, extendable=extendable) <= delay_end(
        late, delay, extendable=extendable
    )


@SETTINGS
@given(
    st.dates(min_value=date(1995, 1, 1), max_value=date(2100, 12, 31)),
    delays,
    st.booleans(),
    calendars,
)
def test_latest_start_is_exact(deadline, delay, extendable, cal):
    options = {"extendable": extendable, "calendar": cal}
    latest = latest_start_for(deadline, delay, **options)
    assert delay_end(latest, delay, **options) <= deadline
    assert delay_end(latest + DAY, delay, **options) > deadline


def test_latest_start_for_a_six_month_notice_before_new_year():
    """1 January is a holiday: with art. 642 a notice received on 1 July 2024 would end on
    2 January 2025, so the last day is 30 June; without prorogation it is 1 July."""
    deadline, notice = date(2025, 1, 1), Delay.months(6)
    assert latest_start_for(deadline, notice) == date(2024, 6, 30)
    assert latest_start_for(deadline, notice, extendable=False) == date(2024, 7, 1)


def test_latest_start_with_month_end_clamp():
    """28 February 2023 + 1 month = 28 March, 1 March + 1 month = 1 April."""
    assert latest_start_for(date(2023, 3, 31), Delay.months(1), extendable=False) == date(
        2023, 2, 28
    )


# --- periods ---------------------------------------------------------------------------------


def test_monthly_periods_from_31_january_do_not_drift():
    starts = [period_start(date(2024, 1, 31), Delay.months(1), k) for k in range(4)]
    assert starts == [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)]


def test_three_year_period_includes_its_first_day():
    """Seed 000 art. 7: "de 3 ans, pour la période du 01 janvier 2023 au 31 décembre 2025"."""
    assert period_last_day(date(2023, 1, 1), Delay.years(3)) == date(2025, 12, 31)


def test_period_needs_a_positive_length_and_index():
    with pytest.raises(ValueError):
        period_start(date(2024, 1, 1), Delay.days(0), 1)
    with pytest.raises(ValueError):
        period_start(date(2024, 1, 1), Delay.days(1), -1)


@SETTINGS
@given(dates, positive_terms, st.integers(min_value=0, max_value=40))
def test_periods_tile_without_gap_or_overlap(first, term, k):
    start, last, following = (
        period_start(first, term, k),
        period_last_day(first, term, k),
        period_start(first, term, k + 1),
    )
    assert start <= last
    assert last + DAY == following


@SETTINGS
@given(dates, positive_terms, st.integers(min_value=0, max_value=40))
def test_period_start_is_increasing(first, term, k):
    assert period_start(first, term, k) < period_start(first, term, k + 1)


@SETTINGS
@given(dates, st.integers(min_value=0, max_value=100))
def test_period_start_never_drifts(first, k):
    assert period_start(first, Delay.months(1), 12 * k) == period_start(first, Delay.years(1), k)
    monthly = period_start(first, Delay.months(1), k)
    assert (monthly.year, monthly.month) == add_months(first, k)
    assert monthly.day == min(first.day, calendar.monthrange(monthly.year, monthly.month)[1])


@SETTINGS
@given(dates, st.integers(min_value=1, max_value=400), st.integers(min_value=0, max_value=40))
def test_day_periods_are_regular(first, n, k):
    assert period_start(first, Delay.days(n), k) == first + timedelta(days=n * k)
