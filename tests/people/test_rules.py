"""Staffing rules (``reperes.people.rules``): planned and actual FTE, presence, VAE, due dates."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from reperes.people import rules
from reperes.people.enums import StaffCategory
from reperes.people.rules import StaffRecord
from reperes.rules.delays import Delay
from tests.properties import examples

SETTINGS = examples(150)
D = Decimal
SW = rules.SOCIAL_WORKER


def test_rule_constants_match_the_enums():
    assert tuple(StaffCategory.values) == rules.CATEGORIES


# --- Actual FTE --------------------------------------------------------------------------------


def test_actual_fte_counts_arrival_and_departure_days():
    staff = [
        StaffRecord(SW, D("1"), date(2024, 3, 1), date(2024, 6, 30)),
        StaffRecord(SW, D("0.5"), date(2024, 7, 1)),
        StaffRecord(rules.DIRECTION, D("1"), date(2020, 1, 1)),
    ]
    assert rules.actual_fte_on(staff, date(2024, 2, 29))[SW] == 0
    assert rules.actual_fte_on(staff, date(2024, 3, 1))[SW] == 1
    assert rules.actual_fte_on(staff, date(2024, 6, 30))[SW] == 1
    assert rules.actual_fte_on(staff, date(2024, 7, 1))[SW] == D("0.5")
    assert rules.actual_fte_on(staff, date(2024, 7, 1))[rules.DIRECTION] == 1
    assert rules.actual_fte_on(staff, date(2024, 7, 1))[rules.ADMINISTRATIVE] == 0


def test_yearly_average_is_fte_days_over_the_days_of_the_year():
    # 2024 is a leap year: 1 ETP from 1 July to 31 December = 184 days / 366.
    staff = [StaffRecord(SW, D("1"), date(2024, 7, 1))]
    assert rules.fte_days(staff, 2024)[SW] == 184
    assert rules.average_fte(staff, 2024)[SW] == D("0.50")
    # Half the year at 0.5 ETP in 2023 (365 days): 0.5 × 181 / 365 = 0.2479… → 0,25.
    staff = [StaffRecord(SW, D("0.5"), date(2023, 1, 1), date(2023, 6, 30))]
    assert rules.average_fte(staff, 2023)[SW] == D("0.25")


def test_planned_against_actual_with_the_seed_001_arras_table():
    """Seed 001, « Composition des équipes », SPS Arras: 1 ETP de chef de service, 3,83 ETP de
    travailleurs sociaux, 0,5 ETP d'administratif."""
    planned = {rules.DIRECTION: D("1"), SW: D("3.83"), rules.ADMINISTRATIVE: D("0.5")}
    staff = [
        StaffRecord(rules.DIRECTION, D("1"), date(2015, 1, 1)),
        StaffRecord(SW, D("1"), date(2018, 1, 1)),
        StaffRecord(SW, D("1"), date(2019, 1, 1)),
        StaffRecord(SW, D("0.83"), date(2020, 1, 1)),
        StaffRecord(SW, D("1"), date(2022, 7, 1)),  # 184 days of 2022
        StaffRecord(rules.ADMINISTRATIVE, D("0.5"), date(2016, 1, 1)),
    ]
    rows = {r.category: r for r in rules.compare(planned, staff, 2022, date(2022, 3, 1))}
    assert list(rows) == [rules.DIRECTION, SW, rules.ADMINISTRATIVE]
    assert rows[SW].planned == D("3.83")
    assert rows[SW].actual_on == D("2.83")
    assert rows[SW].gap_on == D("-1.00")
    assert rows[SW].average == D("3.33")  # 2,83 + 184/365
    assert rows[SW].gap_average == D("-0.50")
    assert rows[rules.DIRECTION].gap_on == 0
    total = rules.total(list(rows.values()))
    assert total.planned == D("5.33")
    assert total.actual_on == D("4.33")


def test_unplanned_categories_appear_when_staffed():
    rows = rules.compare(
        {SW: D("6")},
        [StaffRecord(rules.DIRECTION, D("0.5"), date(2020, 1, 1))],
        2024,
        date(2024, 6, 1),
    )
    direction = next(r for r in rows if r.category == rules.DIRECTION)
    assert direction.planned is None
    assert direction.gap_on == D("0.5")


# --- Presence (seed 004 art. 6) ------------------------------------------------------------------


def test_presence_counts_only_social_workers_that_count():
    staff = [
        StaffRecord(SW, D("1"), date(2020, 1, 1)),
        StaffRecord(SW, D("1"), date(2020, 1, 1), counts_for_presence=False),
        StaffRecord(rules.DIRECTION, D("1"), date(2020, 1, 1)),
    ]
    assert rules.real_presence(staff, 2024) == 366
    assert rules.planned_presence(D("6"), 2024) == 6 * 366
    assert rules.planned_presence(D("6"), 2023) == 6 * 365


# --- VAE (a qualification clause: social workers, two years) ------------------------------------

TWO_YEARS = Delay.years(2)
VAE = {"delay": TWO_YEARS, "category": SW}


def test_vae_deadline_runs_from_the_convention_start_for_staff_already_in_post():
    start = date(2023, 1, 1)
    assert rules.vae_deadline(date(2021, 9, 1), start, TWO_YEARS) == date(2025, 1, 1)
    # Recruited later: two years from the arrival, de quantième à quantième.
    assert rules.vae_deadline(date(2024, 3, 15), start, TWO_YEARS) == date(2026, 3, 15)
    assert rules.vae_deadline(date(2024, 2, 29), start, TWO_YEARS) == date(2026, 2, 28)


def test_vae_status_overdue_the_day_after_the_deadline():
    person = StaffRecord(SW, D("1"), date(2021, 9, 1), has_required_diploma=False)
    start = date(2023, 1, 1)
    on_deadline = rules.vae_status(person, start, date(2025, 1, 1), **VAE)
    assert on_deadline is not None
    assert not on_deadline.overdue
    assert on_deadline.days_left == 0
    after = rules.vae_status(person, start, date(2025, 1, 2), **VAE)
    assert after is not None
    assert after.overdue
    assert after.certain


def test_vae_does_not_concern_graduates_other_staff_or_people_who_left():
    start = date(2023, 1, 1)
    on = date(2025, 6, 1)
    assert rules.vae_status(StaffRecord(SW, D("1"), date(2021, 1, 1)), start, on, **VAE) is None
    director = StaffRecord(rules.DIRECTION, D("1"), date(2021, 1, 1), has_required_diploma=False)
    assert rules.vae_status(director, start, on, **VAE) is None
    gone = StaffRecord(SW, D("1"), date(2021, 1, 1), date(2024, 12, 31), has_required_diploma=False)
    assert rules.vae_status(gone, start, on, **VAE) is None


def test_vae_follows_the_clause_delay_and_category():
    person = StaffRecord(SW, D("1"), date(2021, 9, 1), has_required_diploma=False)
    start = date(2023, 1, 1)
    status = rules.vae_status(person, start, date(2024, 1, 1), delay=Delay.months(18), category=SW)
    assert status is not None
    assert status.deadline == date(2024, 7, 1)
    other = rules.vae_status(
        person, start, date(2024, 1, 1), delay=TWO_YEARS, category=rules.ADMINISTRATIVE
    )
    assert other is None


def test_vae_with_an_unknown_convention_start_is_a_lower_bound_never_overdue():
    person = StaffRecord(SW, D("1"), date(2022, 3, 7), has_required_diploma=False)
    status = rules.vae_status(person, None, date(2026, 1, 1), **VAE)
    assert status is not None
    assert status.deadline == date(2024, 3, 7)
    assert not status.certain
    assert not status.overdue


# --- State of a document against its due date ----------------------------------------------------


def test_document_state_against_its_due_date():
    deadline = date(2024, 11, 30)
    assert rules.document_state(deadline, date(2024, 11, 30), date(2025, 1, 1)) == "on_time"
    assert rules.document_state(deadline, date(2024, 12, 1), date(2025, 1, 1)) == "received_late"
    assert rules.document_state(deadline, None, date(2024, 12, 1)) == "late"
    assert rules.document_state(deadline, None, date(2024, 11, 30)) == "expected"


# --- Properties ----------------------------------------------------------------------------------

dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31))
ftes = st.integers(min_value=1, max_value=100).map(lambda n: Decimal(n) / 100)


@st.composite
def records(draw):
    arrival = draw(dates)
    gone = draw(st.booleans())
    departure = arrival + timedelta(days=draw(st.integers(0, 900))) if gone else None
    return StaffRecord(
        category=draw(st.sampled_from(rules.CATEGORIES)),
        fte=draw(ftes),
        arrival=arrival,
        departure=departure,
        counts_for_presence=draw(st.booleans()),
        has_required_diploma=draw(st.booleans()),
    )


staffs = st.lists(records(), max_size=8)
years = st.integers(min_value=2020, max_value=2026)


@SETTINGS
@given(staffs, dates)
def test_actual_fte_is_never_negative(staff, on):
    assert all(value >= 0 for value in rules.actual_fte_on(staff, on).values())


@SETTINGS
@given(staffs, years)
def test_yearly_average_never_exceeds_the_most_fte_in_post(staff, year):
    start, end = rules.year_bounds(year)
    # The FTE in post only rises on an arrival: its maximum is reached on 1 January or on one.
    days = {start} | {r.arrival for r in staff if start <= r.arrival <= end}
    average = rules.average_fte(staff, year)
    for category in rules.CATEGORIES:
        most = max(rules.actual_fte_on(staff, day)[category] for day in days)
        assert Decimal(0) <= average[category] <= most


@SETTINGS
@given(staffs, staffs, years)
def test_presence_is_additive_over_staff(first, second, year):
    assert rules.real_presence(first + second, year) == rules.real_presence(
        first, year
    ) + rules.real_presence(second, year)


@SETTINGS
@given(staffs, years, st.integers(min_value=0, max_value=363))
def test_presence_is_additive_over_periods(staff, year, split):
    from reperes.rules.schedules import presence_fte_days

    start, end = rules.year_bounds(year)
    middle = start + timedelta(days=split)
    spells = rules.presence_spells(staff)
    assert presence_fte_days(spells, start, middle) + presence_fte_days(
        spells, middle + timedelta(days=1), end
    ) == rules.real_presence(staff, year)


@SETTINGS
@given(staffs, years)
def test_real_presence_never_exceeds_social_workers_full_year(staff, year):
    ceiling = sum(
        (r.fte for r in staff if r.category == SW and r.counts_for_presence), Decimal(0)
    ) * rules.days_in_year(year)
    assert Decimal(0) <= rules.real_presence(staff, year) <= ceiling


@SETTINGS
@given(dates, st.one_of(st.none(), dates))
def test_vae_deadline_is_two_years_after_the_later_date(arrival, start):
    deadline = rules.vae_deadline(arrival, start, TWO_YEARS)
    later = arrival if start is None else max(arrival, start)
    assert later + timedelta(days=729) <= deadline <= later + timedelta(days=731)
