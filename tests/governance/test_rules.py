"""Held versus required, overdue and document due dates (``reperes.governance.rules``)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from reperes.governance import rules
from reperes.governance.enums import MeetingStatus
from reperes.governance.rules import (
    CANCELLED,
    HELD,
    PLANNED,
    Coverage,
    DocumentState,
    Frequency,
    MeetingFact,
    State,
    compliance,
    coverage_in_year,
    document_due_on,
    document_state,
    frequency_from_text,
)
from reperes.rules.periods import Status
from tests.properties import examples

SETTINGS = examples(150)

# The seeds' frequencies, as the demo stores them.
COPIL_000 = Frequency(1, minimum=True)  # « au moins une fois par an », seed 000 art. 6
CONSEIL_000 = Frequency(2)  # « deux fois par an », seed 000 art. 6
COPIL_DEPARTEMENTAL_001 = Frequency(1, minimum=True)  # « a minima une fois par an », 001 art. 7
RENCONTRE_MDS_001 = Frequency(1, minimum=True)  # « A minima, une rencontre », 001 art. 7
FINANCEURS_001 = Frequency(1)  # « une fois par an », seed 001 art. 7
COMMISSION_004 = Frequency(1)  # « se réunit une fois par an », seed 004 art. 10
SUIVI_LOCAL_004 = Frequency(6, regular=True)  # « tous les deux mois », seed 004 art. 10
COPIL_003 = Frequency(1, minimum=True)  # « au moins une fois par an », seed 003
COTECH_003 = Frequency(None)  # no frequency, seed 003

AFTER_2025 = date(2026, 3, 1)


def held(*days: date) -> list[MeetingFact]:
    return [MeetingFact(d, HELD) for d in days]


def test_statuses_match_the_model_choices():
    assert {PLANNED, HELD, CANCELLED} == set(MeetingStatus.values)


# Coverage -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (Status.IN_FORCE, Status.IN_FORCE, Coverage.APPLIES),
        # Started during the year (seed 000 from 1 January 2023 — or any mid-year start).
        (Status.SIGNED, Status.IN_FORCE, Coverage.APPLIES),
        (Status.DRAFT, Status.IN_FORCE, Coverage.APPLIES),
        (Status.RENEWED, Status.RENEWED, Coverage.APPLIES),
        # Ended during the year: its last day is in the year.
        (Status.IN_FORCE, Status.EXPIRED, Coverage.APPLIES),
        (Status.RENEWED, Status.WITHDRAWN, Coverage.APPLIES),
        (Status.SIGNED, Status.EXPIRED, Coverage.APPLIES),
        (Status.SIGNED, Status.TERMINATED, Coverage.APPLIES_UNCERTAIN),
        (Status.EXPIRED, Status.EXPIRED, Coverage.DOES_NOT_APPLY),
        (Status.DRAFT, Status.DRAFT, Coverage.DOES_NOT_APPLY),
        (Status.SIGNED, Status.SIGNED, Coverage.DOES_NOT_APPLY),
    ],
)
def test_coverage_of_a_year(first, last, expected):
    assert coverage_in_year(first, last) is expected


def test_an_undated_signature_makes_the_year_unknown_or_uncertain():
    # Seed 003: « trois ans à compter de la date de signature », signature undated.
    assert coverage_in_year(Status.SIGNED, Status.SIGNED, last_certain=False) is Coverage.UNKNOWN
    # Seed 004: end known, start unknown: in force, not certainly.
    assert (
        coverage_in_year(Status.IN_FORCE, Status.IN_FORCE, last_certain=False)
        is Coverage.APPLIES_UNCERTAIN
    )


# Held versus required, one seed body kind at a time ------------------------------------------


def test_comite_de_pilotage_at_least_once_a_year_seed_000():
    result = compliance(COPIL_000, Coverage.APPLIES, 2025, held(date(2025, 6, 12)), AFTER_2025)
    assert (result.state, result.required, result.missing) == (State.MET, 1, 0)
    assert result.summary == "1 réunion tenue sur 1 au minimum"
    twice = held(date(2025, 3, 1), date(2025, 9, 1))
    result = compliance(COPIL_000, Coverage.APPLIES, 2025, twice, AFTER_2025)
    assert result.state is State.MET
    assert not result.notes


def test_conseil_pedagogique_twice_a_year_seed_000():
    meetings = [*held(date(2025, 3, 13)), MeetingFact(date(2025, 10, 16), CANCELLED)]
    result = compliance(CONSEIL_000, Coverage.APPLIES, 2025, meetings, AFTER_2025)
    assert result.state is State.OVERDUE
    assert result.summary == "1 réunion manquante sur 2"
    assert result.overdue_since == date(2026, 1, 1)
    # Exactly two: a third is reported, not a breach.
    three = held(date(2025, 3, 1), date(2025, 6, 1), date(2025, 10, 1))
    result = compliance(CONSEIL_000, Coverage.APPLIES, 2025, three, AFTER_2025)
    assert result.state is State.MET
    assert result.notes == ("1 réunion de plus que le rythme prévu (2).",)


@pytest.mark.parametrize(
    "frequency", [COPIL_DEPARTEMENTAL_001, RENCONTRE_MDS_001, FINANCEURS_001, COMMISSION_004]
)
def test_once_a_year_bodies_seeds_001_and_004(frequency):
    nothing = compliance(frequency, Coverage.APPLIES, 2025, [], AFTER_2025)
    assert nothing.state is State.OVERDUE
    assert nothing.missing == 1
    assert nothing.summary.startswith("1 réunion manquante sur 1")
    during = compliance(frequency, Coverage.APPLIES, 2025, [], date(2025, 6, 1))
    assert during.state is State.IN_PROGRESS
    assert not during.overdue
    done = compliance(frequency, Coverage.APPLIES, 2025, held(date(2025, 5, 2)), AFTER_2025)
    assert done.state is State.MET


def test_pas_de_calais_instances_unsigned_owe_nothing():
    # The 8 instances of the model convention are drafts in the demo: nothing is owed.
    result = compliance(FINANCEURS_001, Coverage.DOES_NOT_APPLY, 2025, [], AFTER_2025)
    assert (result.state, result.required, result.missing) == (State.NOT_REQUIRED, 0, 0)


def test_comite_de_suivi_local_every_two_months_seed_004():
    days = [date(2025, m, 10) for m in (1, 3, 5, 7, 9)]
    result = compliance(SUIVI_LOCAL_004, Coverage.APPLIES, 2025, held(*days), AFTER_2025)
    assert result.state is State.OVERDUE
    assert result.summary == "1 réunion manquante sur 6"
    assert "Plus de 2 mois sans réunion après le 10/09/2025." in result.notes
    # During the year: late as soon as two months have passed since the last meeting.
    on_time = compliance(SUIVI_LOCAL_004, Coverage.APPLIES, 2025, held(*days), date(2025, 11, 10))
    assert on_time.state is State.IN_PROGRESS
    assert on_time.next_due == date(2025, 11, 10)
    late = compliance(SUIVI_LOCAL_004, Coverage.APPLIES, 2025, held(*days), date(2025, 11, 11))
    assert late.state is State.OVERDUE
    assert late.overdue_since == date(2025, 11, 11)


def test_suivi_local_counts_from_1_january_when_nothing_was_held():
    assert (
        compliance(SUIVI_LOCAL_004, Coverage.APPLIES, 2025, [], date(2025, 3, 1)).state
        is State.IN_PROGRESS
    )
    late = compliance(SUIVI_LOCAL_004, Coverage.APPLIES, 2025, [], date(2025, 3, 2))
    assert late.state is State.OVERDUE
    assert late.overdue_since == date(2025, 3, 2)


def test_comite_technique_without_frequency_seed_003():
    result = compliance(COTECH_003, Coverage.APPLIES, 2024, held(date(2024, 1, 18)), AFTER_2025)
    assert result.state is State.NO_RULE
    assert result.required is None
    assert result.summary == "1 réunion tenue (pas de rythme fixé par la convention)"


def test_metz_comite_de_pilotage_with_an_unknown_period_seed_003():
    result = compliance(COPIL_003, Coverage.UNKNOWN, 2024, held(date(2024, 2, 8)), AFTER_2025)
    assert result.state is State.UNKNOWN
    assert result.required is None
    assert "n'est pas connue" in result.notes[0]


def test_planned_and_cancelled_meetings_do_not_count():
    meetings = [
        MeetingFact(date(2025, 3, 1), PLANNED),
        MeetingFact(date(2025, 4, 1), CANCELLED),
        MeetingFact(date(2025, 11, 1), PLANNED),
    ]
    result = compliance(CONSEIL_000, Coverage.APPLIES, 2025, meetings, date(2025, 6, 1))
    assert (result.held, result.planned, result.missing) == (0, 1, 2)
    assert "Réunion prévue le 01/03/2025 : ni tenue ni annulée selon Repères." in result.notes


def test_a_meeting_counts_for_the_year_of_its_date():
    meetings = held(date(2024, 12, 31), date(2025, 1, 1))
    assert compliance(COPIL_000, Coverage.APPLIES, 2024, meetings, AFTER_2025).held == 1
    assert compliance(COPIL_000, Coverage.APPLIES, 2025, meetings, AFTER_2025).held == 1


# Properties ---------------------------------------------------------------------------------

frequencies = st.one_of(
    st.builds(Frequency, st.integers(1, 52), st.booleans(), st.just(False)),
    st.builds(
        Frequency, st.sampled_from(sorted(rules.REGULAR_COUNTS)), st.booleans(), st.just(True)
    ),
)
days_2025 = st.dates(date(2024, 6, 1), date(2026, 6, 30))
facts = st.lists(
    st.builds(MeetingFact, days_2025, st.sampled_from([PLANNED, HELD, CANCELLED])), max_size=20
)
todays = st.dates(date(2025, 1, 1), date(2027, 1, 1))


@SETTINGS
@given(frequencies, facts, todays)
def test_missing_plus_held_covers_what_is_required(frequency, meetings, today):
    result = compliance(frequency, Coverage.APPLIES, 2025, meetings, today)
    held_in_year = sum(1 for m in meetings if m.status == HELD and m.day.year == 2025)
    assert result.held == held_in_year
    assert result.required == frequency.meetings_per_year
    assert result.missing == max(frequency.meetings_per_year - held_in_year, 0)
    assert result.state is not State.NOT_REQUIRED


@SETTINGS
@given(frequencies, facts, todays)
def test_after_the_year_a_shortfall_is_overdue_and_nothing_else_is(frequency, meetings, today):
    assume(today > date(2025, 12, 31))
    result = compliance(frequency, Coverage.APPLIES, 2025, meetings, today)
    assert (result.state is State.OVERDUE) == (result.missing > 0)
    if result.missing:
        assert result.overdue_since == date(2026, 1, 1)


@SETTINGS
@given(frequencies, facts, todays)
def test_one_more_held_meeting_never_makes_things_worse(frequency, meetings, today):
    rank = {State.MET: 0, State.IN_PROGRESS: 1, State.OVERDUE: 2}
    before = compliance(frequency, Coverage.APPLIES, 2025, meetings, today)
    extra = MeetingFact(min(today, date(2025, 12, 31)), HELD)
    after = compliance(frequency, Coverage.APPLIES, 2025, [*meetings, extra], today)
    assert after.missing <= before.missing
    assert rank[after.state] <= rank[before.state]


@SETTINGS
@given(frequencies, facts, todays)
def test_a_convention_that_does_not_apply_owes_nothing(frequency, meetings, today):
    result = compliance(frequency, Coverage.DOES_NOT_APPLY, 2025, meetings, today)
    assert result.state is State.NOT_REQUIRED
    assert result.missing == 0
    assert not result.overdue


# Documents ---------------------------------------------------------------------------------


def test_reporting_due_before_the_conseil_pedagogique():
    # « transmis en amont des conseils pédagogiques » (seed 000 art. 6): the day before.
    due = document_due_on(date(2025, 3, 13), 1)
    assert due == date(2025, 3, 12)
    assert document_state(due, date(2025, 3, 12), date(2025, 4, 1)) is DocumentState.RECEIVED
    assert document_state(due, date(2025, 3, 13), date(2025, 4, 1)) is DocumentState.RECEIVED_LATE
    assert document_state(due, None, date(2025, 3, 12)) is DocumentState.PENDING
    assert document_state(due, None, date(2025, 3, 13)) is DocumentState.LATE
    assert document_state(due, None, date(2025, 3, 13), cancelled=True) is DocumentState.NOT_DUE
    with pytest.raises(ValueError):
        document_due_on(date(2025, 3, 13), -1)


@SETTINGS
@given(st.dates(), st.integers(0, 365))
def test_a_document_is_never_due_after_its_meeting(meeting_day, days):
    assume(meeting_day > date.min + timedelta(days=366))
    due = document_due_on(meeting_day, days)
    assert due <= meeting_day
    assert (meeting_day - due).days == days


# Frequencies as written --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("qui se réunit au moins une fois par an", (1, True, False)),
        ("qui se réunit deux fois par an", (2, False, False)),
        ("se réunira tous les deux mois", (6, False, True)),
        ("organisera a minima une fois par an", (1, True, False)),
        ("A minima, une rencontre par an sera organisée", (1, True, False)),
        ("Un comité des financeurs sera organisé une fois par an", (1, False, False)),
        ("Cette commission se réunit une fois par an.", (1, False, False)),
        ("réunion trimestrielle", (4, False, True)),
        ("tous les 3 mois", (4, False, True)),
        ("chaque mois", (12, False, True)),
        ("réunion annuelle", (1, False, False)),
    ],
)
def test_frequency_from_the_seed_texts(text, expected):
    parsed = frequency_from_text(text)
    assert parsed is not None
    assert (parsed.meetings_per_year, parsed.minimum, parsed.regular) == expected


@pytest.mark.parametrize("text", ["", "autant que de besoin", "tous les cinq mois"])
def test_frequency_not_understood(text):
    assert frequency_from_text(text) is None


@SETTINGS
@given(st.sampled_from(sorted(rules.NUMBER_WORDS.items())), st.booleans())
def test_frequency_words_round_trip(item, at_least):
    word, number = item
    text = f"{'au moins ' if at_least else ''}{word} fois par an"
    parsed = frequency_from_text(text)
    assert parsed == rules.ParsedFrequency(number, at_least, False)


@SETTINGS
@given(st.text(max_size=80))
def test_frequency_from_any_text_is_none_or_plausible(text):
    parsed = frequency_from_text(text)
    assert parsed is None or 1 <= parsed.meetings_per_year <= 52
    if parsed is not None and parsed.regular:
        assert parsed.meetings_per_year in rules.REGULAR_COUNTS
