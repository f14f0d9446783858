"""Convention period, ending events and status on any date (``reperes.rules.periods``)."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from reperes.rules.delays import Delay, WorkingCalendar, period_last_day
from reperes.rules.periods import (
    ENDED_STATUSES,
    STATUS_LABELS,
    Event,
    EventKind,
    Period,
    PeriodKind,
    Status,
    Terms,
    event_effect,
    initial_end,
    key_dates,
    period_on,
    status_on,
)
from tests.properties import examples

SETTINGS = examples(150)
DAY = timedelta(days=1)

SEED_000 = Terms(
    PeriodKind.FIXED,
    signed=True,
    starts_on=date(2023, 1, 1),
    ends_on=date(2025, 12, 31),
    formal_notice_delay=Delay.months(6),
)
SEED_001 = Terms(
    PeriodKind.TACIT_RENEWAL,
    signed=True,
    # The seed leaves "à compter du JJ/MM/AAAA" blank: the tests assume 1 January 2024.
    starts_on=date(2024, 1, 1),
    term=Delay.years(1),
    withdrawal_notice=Delay.months(6),
    termination_delay=Delay.months(1),
    delays_extendable=False,
)
SEED_002 = Terms(
    PeriodKind.FIXED, signed=True, starts_at_signature=True, ends_on=date(2017, 12, 31)
)
SEED_003 = Terms(
    PeriodKind.TERM,
    signed=True,
    starts_at_signature=True,
    term=Delay.years(3),
    withdrawal_notice=Delay.days(0),
)
SEED_004 = Terms(
    PeriodKind.FIXED,
    signed=True,
    starts_at_signature=True,
    ends_on=date(2025, 12, 31),
    formal_notice_delay=Delay.days(30),
)


def withdrawal(received_on: date, effective_on: date | None = None) -> Event:
    return Event(EventKind.WITHDRAWAL, received_on, effective_on)


def termination(received_on: date) -> Event:
    return Event(EventKind.TERMINATION, received_on)


# --- seed 000 --------------------------------------------------------------------------------


def test_seed_000_fixed_period_with_undated_signature():
    """Seed 000 art. 7: "La durée de la présente convention [...] est de 3 ans, pour la période
    du 01 janvier 2023 au 31 décembre 2025." — "Signature de la convention en date du ......"."""
    in_force = status_on(SEED_000, [], date(2024, 6, 1))
    assert in_force.status is Status.IN_FORCE
    assert in_force.certain
    assert in_force.period == Period(0, date(2023, 1, 1), date(2025, 12, 31))
    assert status_on(SEED_000, [], date(2022, 12, 31)).status is Status.SIGNED
    assert status_on(SEED_000, [], date(2025, 12, 31)).status is Status.IN_FORCE
    expired = status_on(SEED_000, [], date(2026, 11, 23))
    assert (expired.status, expired.certain) == (Status.EXPIRED, True)


def test_seed_000_six_month_formal_notice():
    """Seed 000 art. 7: "elle peut faire l'objet d'une dénonciation après une mise en demeure
    d'un délai de six mois." 15 September 2024 is a Sunday: the delay runs to Monday 16."""
    received = date(2024, 3, 15)
    dates = key_dates(SEED_000, [], received)
    assert dates.formal_notice_cure_end == date(2024, 9, 16)
    assert dates.current_period_end == date(2025, 12, 31)
    assert dates.next_renewal is None
    assert dates.withdrawal_deadline is None
    assert "Aucune clause de dénonciation." in dates.notes
    notice = Event(EventKind.FORMAL_NOTICE, received)
    assert status_on(SEED_000, [notice], date(2024, 10, 1)).status is Status.IN_FORCE


# --- seed 004 --------------------------------------------------------------------------------


def test_seed_004_starts_at_an_undated_signature():
    """Seed 004 art. 11: "Cette convention entrera en vigueur à compter de sa signature et se
    terminera le 31 décembre 2025."."""
    result = status_on(SEED_004, [], date(2024, 6, 1))
    assert result.status is Status.IN_FORCE
    assert not result.certain
    assert result.period == Period(0, None, date(2025, 12, 31))
    assert "date de signature inconnue" in result.note.lower()
    assert status_on(SEED_004, [], date(2025, 12, 31)).status is Status.IN_FORCE
    expired = status_on(SEED_004, [], date(2026, 1, 1))
    assert (expired.status, expired.certain) == (Status.EXPIRED, True)


def test_seed_004_thirty_day_formal_notice():
    """Seed 004 art. 12: "si, après mise en demeure par lettre recommandée avec accusé de
    réception, la partie fautive ne se conformait pas aux obligations dans les trente jours qui
    suivent sa réception". 2 December 2024 + 30 days = 1 January 2025, a public holiday."""
    dates = key_dates(SEED_004, [], date(2024, 12, 2))
    assert dates.formal_notice_cure_end == date(2025, 1, 2)
    assert dates.current_period_end == date(2025, 12, 31)
    assert dates.termination_effective_if_notified == date(2024, 12, 2)


# --- seed 001 --------------------------------------------------------------------------------


def test_seed_001_first_period_and_renewal():
    """Seed 001 art. 10: "Elle est conclue pour une durée d'un an à compter du JJ/MM/AAAA et
    renouvelable chaque année par tacite reconduction."."""
    first = status_on(SEED_001, [], date(2024, 6, 1))
    assert first.status is Status.IN_FORCE
    assert first.period == Period(0, date(2024, 1, 1), date(2024, 12, 31))
    renewed = status_on(SEED_001, [], date(2025, 3, 1))
    assert renewed.status is Status.RENEWED
    assert renewed.period == Period(1, date(2025, 1, 1), date(2025, 12, 31))
    assert initial_end(SEED_001) is None


def test_seed_001_withdrawal_deadline():
    """Seed 001 art. 10: "Elle peut être dénoncée à tout moment par l'une des parties après un
    préavis de 6 mois donné par lettre recommandée."

    Reading: the withdrawal must take effect no later than the first day of the next period. A
    notice received on 1 July 2024 ends on 1 January 2025 (the seed's delays are not extendable),
    the renewal day: the convention is not renewed. One received on 2 July is too late."""
    dates = key_dates(SEED_001, [], date(2024, 6, 1))
    assert dates.current_period_end == date(2024, 12, 31)
    assert dates.next_renewal == date(2025, 1, 1)
    assert dates.withdrawal_deadline == date(2024, 7, 1)

    in_time = [withdrawal(date(2024, 7, 1))]
    assert status_on(SEED_001, in_time, date(2024, 12, 31)).status is Status.IN_FORCE
    assert status_on(SEED_001, in_time, date(2025, 1, 1)).status is Status.WITHDRAWN
    pending = key_dates(SEED_001, in_time, date(2024, 8, 1))
    assert pending.next_renewal is None
    assert pending.withdrawal_deadline is None
    assert "Ne sera pas reconduite." in pending.notes

    too_late = [withdrawal(date(2024, 7, 2))]
    assert status_on(SEED_001, too_late, date(2025, 1, 1)).status is Status.RENEWED
    assert status_on(SEED_001, too_late, date(2025, 1, 2)).status is Status.WITHDRAWN


def test_seed_001_withdrawal_deadline_if_delays_were_extendable():
    """With art. 642, the notice received on 1 July 2024 would end on 2 January 2025 (1 January
    is a public holiday), after the renewal: the deadline moves back to 30 June."""
    extendable = replace(SEED_001, delays_extendable=True)
    assert key_dates(extendable, [], date(2024, 6, 1)).withdrawal_deadline == date(2024, 6, 30)


def test_seed_001_termination_from_quantieme_to_quantieme():
    """Seed 001 art. 13: "La résiliation prend effet un mois après la réception de sa
    notification [...]. Ce délai est compté de quantième à quantième. Le jour de la réception
    de la notification ne compte pas. Ce délai n'est pas susceptible de prorogation."
    There is no 31 February: the delay ends on the last day of February."""
    event = termination(date(2025, 1, 31))
    assert event_effect(SEED_001, event) == date(2025, 2, 28)
    before = status_on(SEED_001, [event], date(2025, 2, 27))
    assert before.status is Status.RENEWED
    assert "28/02/2025" in before.note
    after = status_on(SEED_001, [event], date(2025, 2, 28))
    assert after.status is Status.TERMINATED
    assert "Résiliation reçue le 31/01/2025" in after.note


def test_seed_001_termination_not_extended_past_a_sunday():
    """Seed 001 art. 13: "Ce délai n'est pas susceptible de prorogation." 15 September 2024 is a
    Sunday and stays the effect date."""
    received = date(2024, 8, 15)
    assert event_effect(SEED_001, termination(received)) == date(2024, 9, 15)
    assert key_dates(SEED_001, [], received).termination_effective_if_notified == date(2024, 9, 15)


def test_seed_001_with_a_limited_number_of_renewals():
    terms = replace(SEED_001, max_renewals=2)
    assert initial_end(terms) == date(2026, 12, 31)
    assert status_on(terms, [], date(2026, 12, 31)).status is Status.RENEWED
    assert status_on(terms, [], date(2027, 1, 1)).status is Status.EXPIRED
    last = key_dates(terms, [], date(2026, 3, 1))
    assert last.next_renewal is None
    assert last.withdrawal_deadline == date(2026, 6, 30)


# --- seed 002 --------------------------------------------------------------------------------


def test_seed_002_follows_the_fate_of_another_convention():
    """Seed 002 art. 7: "Si les conventions signées entre l'Etat et les CCAS [...] venaient à être
    résiliées ou suspendues, la présente convention se verrait appliquer le même régime."."""
    events = [Event(EventKind.FOLLOWED_END, date(2017, 6, 30))]
    assert status_on(SEED_002, events, date(2017, 6, 29)).status is Status.IN_FORCE
    result = status_on(SEED_002, events, date(2017, 7, 1))
    assert result.status is Status.TERMINATED
    assert result.certain
    assert "a suivi le sort de la convention" in result.note.lower()
    assert status_on(SEED_002, events, date(2018, 3, 1)).status is Status.TERMINATED


# --- seed 003 --------------------------------------------------------------------------------


def test_seed_003_term_from_an_undated_signature():
    """Seed 003: "Le présent protocole est adopté pour une durée de trois ans à compter de la
    date de signature." Without the date, the period cannot be computed."""
    result = status_on(SEED_003, [], date(2011, 1, 1))
    assert result.status is Status.SIGNED
    assert not result.certain
    assert "ne peut pas être calculée" in result.note
    assert period_on(SEED_003, date(2011, 1, 1)) is None
    assert key_dates(SEED_003, [], date(2011, 1, 1)).current_period_end is None


def test_seed_003_term_from_a_known_signature():
    """Seed 003: "trois ans à compter de la date de signature": signed on 15 October 2009, the
    last day is 14 October 2012."""
    terms = replace(SEED_003, signed_on=date(2009, 10, 15))
    assert status_on(terms, [], date(2009, 10, 14)).status is Status.DRAFT
    assert status_on(terms, [], date(2009, 10, 15)).status is Status.IN_FORCE
    last_day = status_on(terms, [], date(2012, 10, 14))
    assert last_day.status is Status.IN_FORCE
    assert last_day.period == Period(0, date(2009, 10, 15), date(2012, 10, 14))
    assert status_on(terms, [], date(2012, 10, 15)).status is Status.EXPIRED


def test_seed_003_withdrawal_at_any_time():
    """Seed 003: "Chaque partie a la possibilité de dénoncer le présent protocole à tout moment
    par lettre recommandée avec Accusé de Réception."."""
    terms = replace(SEED_003, signed_on=date(2009, 10, 15))
    events = [withdrawal(date(2010, 5, 3))]
    assert status_on(terms, events, date(2010, 5, 2)).status is Status.IN_FORCE
    assert status_on(terms, events, date(2010, 5, 3)).status is Status.WITHDRAWN
    assert status_on(terms, events, date(2013, 1, 1)).status is Status.WITHDRAWN
    # "À tout moment": any day of the period will do.
    assert key_dates(terms, [], date(2010, 1, 4)).withdrawal_deadline == date(2012, 10, 14)


# --- other rules -----------------------------------------------------------------------------


def test_unsigned_is_a_draft_without_key_dates():
    terms = replace(SEED_000, signed=False)
    assert status_on(terms, [], date(2024, 6, 1)).status is Status.DRAFT
    dates = key_dates(terms, [], date(2024, 6, 1))
    assert dates.current_period_end is None
    assert dates.formal_notice_cure_end is None
    assert dates.notes


def test_ended_convention_has_no_key_dates():
    dates = key_dates(SEED_000, [], date(2026, 1, 1))
    assert dates.current_period_end is None
    assert dates.termination_effective_if_notified is None
    assert dates.formal_notice_cure_end is None
    assert "La convention ne s'applique plus." in dates.notes


def test_not_yet_in_force_uses_the_first_period():
    dates = key_dates(SEED_001, [], date(2023, 11, 1))
    assert status_on(SEED_001, [], date(2023, 11, 1)).status is Status.SIGNED
    assert dates.current_period_end == date(2024, 12, 31)
    assert dates.next_renewal == date(2025, 1, 1)


def test_a_formal_notice_does_not_end_the_convention():
    with pytest.raises(ValueError):
        event_effect(SEED_004, Event(EventKind.FORMAL_NOTICE, date(2024, 12, 2)))


def test_agreed_effect_date_wins():
    event = withdrawal(date(2024, 3, 1), effective_on=date(2024, 4, 1))
    assert event_effect(SEED_001, event) == date(2024, 4, 1)


def test_earliest_effect_wins():
    events = [termination(date(2024, 5, 10)), withdrawal(date(2024, 3, 1), date(2024, 4, 1))]
    assert status_on(SEED_001, events, date(2024, 7, 1)).status is Status.WITHDRAWN


def test_withdrawal_without_clause_is_uncertain():
    events = [withdrawal(date(2024, 5, 1))]
    with pytest.raises(ValueError):
        event_effect(SEED_000, events[0])
    result = status_on(SEED_000, events, date(2024, 6, 1))
    assert result.status is Status.IN_FORCE
    assert not result.certain
    assert "date d'effet inconnue" in result.note


def test_signed_after_its_end_is_expired_as_soon_as_signed():
    terms = replace(SEED_004, signed_on=date(2026, 2, 1))
    assert status_on(terms, [], date(2026, 1, 31)).status is Status.DRAFT
    assert status_on(terms, [], date(2026, 2, 1)).status is Status.EXPIRED


def test_event_on_the_day_after_the_end_does_not_change_expiry():
    events = [withdrawal(date(2025, 12, 1), effective_on=date(2026, 1, 1))]
    assert status_on(SEED_000, events, date(2026, 1, 1)).status is Status.EXPIRED


@pytest.mark.parametrize(
    "options",
    [
        {"signed": False, "signed_on": date(2024, 1, 1)},
        {"starts_on": date(2024, 1, 1), "starts_at_signature": True},
        {"period_kind": PeriodKind.TERM, "term": Delay.years(0)},
        {"max_renewals": 1},
        {"period_kind": PeriodKind.TACIT_RENEWAL, "term": Delay.years(1), "max_renewals": -1},
        {"period_kind": PeriodKind.TACIT_RENEWAL, "ends_on": date(2024, 1, 1)},
        {"starts_on": date(2024, 1, 1), "ends_on": date(2023, 1, 1)},
    ],
    ids=[
        "date-unsigned",
        "two-starts",
        "zero-term",
        "fixed-renewals",
        "negative",
        "tacit-end",
        "end",
    ],
)
def test_inconsistent_terms_fail_loudly(options):
    with pytest.raises(ValueError):
        Terms(**{"period_kind": PeriodKind.FIXED, "signed": True, **options})


def test_every_status_has_a_french_label():
    assert set(STATUS_LABELS) == set(Status)
    assert STATUS_LABELS[Status.RENEWED] == "Reconduite tacitement"


# --- properties ------------------------------------------------------------------------------

bases = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))
offsets = st.integers(min_value=0, max_value=3000)
small_delays = st.one_of(
    st.builds(Delay.days, st.integers(min_value=0, max_value=90)),
    st.builds(Delay.months, st.integers(min_value=0, max_value=12)),
)
period_terms = st.one_of(
    st.builds(Delay.days, st.integers(min_value=30, max_value=400)),
    st.builds(Delay.months, st.integers(min_value=1, max_value=24)),
    st.builds(Delay.years, st.integers(min_value=1, max_value=3)),
)
calendars = st.sampled_from([None, WorkingCalendar("57")])


@st.composite
def signed_terms(draw: st.DrawFn) -> Terms:
    kind = draw(st.sampled_from(list(PeriodKind)))
    base = draw(bases)
    start_mode = draw(st.sampled_from(["explicit", "signature", "undated", "unknown"]))
    options: dict = {}
    if start_mode == "explicit":
        options["starts_on"] = base
        if draw(st.booleans()):
            options["signed_on"] = base - timedelta(days=draw(st.integers(0, 200)))
    elif start_mode in ("signature", "undated"):
        options["starts_at_signature"] = True
        if start_mode == "signature":
            options["signed_on"] = base
    if kind is PeriodKind.TACIT_RENEWAL:
        options["term"] = draw(period_terms)
        options["max_renewals"] = draw(st.none() | st.integers(0, 5))
    else:
        options["term"] = draw(st.none() | period_terms)
        if draw(st.booleans()):
            options["ends_on"] = base + timedelta(days=draw(offsets))
    return Terms(
        kind,
        signed=True,
        withdrawal_notice=draw(st.none() | small_delays),
        formal_notice_delay=draw(st.none() | small_delays),
        termination_delay=draw(st.none() | small_delays),
        delays_extendable=draw(st.booleans()),
        **options,
    )


@st.composite
def events_for(draw: st.DrawFn, terms: Terms) -> list[Event]:
    anchor = terms.starts_on or terms.signed_on or date(2000, 1, 1)
    events = []
    for _ in range(draw(st.integers(0, 3))):
        received = anchor + timedelta(days=draw(offsets))
        effective = draw(st.none() | st.just(received + timedelta(days=draw(offsets))))
        kind = draw(st.sampled_from(list(EventKind)))
        events.append(Event(kind, received, effective))
    return events


@st.composite
def terms_events_dates(draw: st.DrawFn) -> tuple[Terms, list[Event], date, date]:
    terms = draw(signed_terms())
    anchor = terms.starts_on or terms.signed_on or date(2000, 1, 1)
    around = st.integers(min_value=-400, max_value=3000)
    first, second = sorted(anchor + timedelta(days=draw(around)) for _ in range(2))
    return terms, draw(events_for(terms)), first, second


@SETTINGS
@given(terms_events_dates(), calendars)
def test_an_ended_convention_stays_ended(case, calendar):
    terms, events, earlier, later = case
    before = status_on(terms, events, earlier, calendar)
    after = status_on(terms, events, later, calendar)
    if before.status in ENDED_STATUSES:
        assert after.status is before.status


@SETTINGS
@given(signed_terms(), st.lists(st.tuples(st.sampled_from(list(EventKind)), offsets)), offsets)
def test_events_after_the_end_do_not_change_expiry(terms, late_events, days_after):
    end = initial_end(terms)
    assume(end is not None)
    on = end + DAY + timedelta(days=days_after)
    events = [Event(kind, end + DAY + timedelta(days=k)) for kind, k in late_events]
    result = status_on(terms, events, on)
    assert result.status is Status.EXPIRED
    assert result == status_on(terms, [], on)


@SETTINGS
@given(signed_terms(), offsets, calendars)
def test_key_dates_are_consistent(terms, days_after, calendar):
    today = (terms.starts_on or terms.signed_on or date(2000, 1, 1)) + timedelta(days=days_after)
    dates = key_dates(terms, [], today, calendar)
    if dates.next_renewal is not None:
        assert dates.current_period_end is not None
        assert dates.next_renewal == dates.current_period_end + DAY
    if dates.withdrawal_deadline is not None:
        assert dates.current_period_end is not None
        assert dates.withdrawal_deadline <= dates.current_period_end
    if dates.termination_effective_if_notified is not None:
        assert dates.termination_effective_if_notified >= today


def _tacit(start, term, notice, extendable) -> Terms:
    """A signed convention renewed tacitly every ``term`` from ``start``."""
    return Terms(
        PeriodKind.TACIT_RENEWAL,
        signed=True,
        starts_on=start,
        term=term,
        withdrawal_notice=notice,
        delays_extendable=extendable,
    )


@SETTINGS
@given(bases, period_terms, offsets, small_delays, st.booleans(), calendars)
def test_tacit_periods_contain_the_date(start, term, days_after, notice, extendable, calendar):
    terms = _tacit(start, term, notice, extendable)
    on = start + timedelta(days=days_after)
    result = status_on(terms, [], on, calendar)
    period = result.period
    assert period is not None
    assert period.start is not None
    assert period.end is not None
    assert period.start <= on <= period.end
    assert period.end == period_last_day(start, term, period.index)
    assert result.status is (Status.RENEWED if period.index else Status.IN_FORCE)


@SETTINGS
@given(bases, period_terms, offsets, small_delays, st.booleans(), calendars)
def test_withdrawal_deadline_is_the_last_day_that_prevents_renewal(
    start, term, days_after, notice, extendable, calendar
):
    terms = _tacit(start, term, notice, extendable)
    dates = key_dates(terms, [], start + timedelta(days=days_after), calendar)
    deadline, renewal = dates.withdrawal_deadline, dates.next_renewal
    assert deadline is not None
    assert renewal is not None
    in_time = status_on(terms, [withdrawal(deadline)], renewal, calendar)
    assert in_time.status is Status.WITHDRAWN
    if notice.value > 0:
        too_late = status_on(terms, [withdrawal(deadline + DAY)], renewal, calendar)
        assert too_late.status is Status.RENEWED
