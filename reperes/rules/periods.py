"""Period of application of a convention, the events that end it, and its status on any date.

A convention is signed, then applies for a fixed period (1 January 2023 to 31 December 2025,
seeds 000 art. 7 and 004 art. 11), for a term from its signature (three years, seed 003), or for
one year renewed by tacit renewal (seed 001 art. 10). It may end early by a withdrawal with
notice (six months, seed 001 art. 10; "à tout moment", seed 003), by a termination after a
formal notice (30 days, seed 004 art. 12; six months, seed 000 art. 7), by a unilateral
termination effective one month after receipt (seed 001 art. 13), or because it follows the fate
of another convention (seed 002 art. 7). Delays are computed by ``reperes.rules.delays``
(code de procédure civile, art. 640-642).

Conventions: a period includes its first and last days; an event's *effect* is the first day on
which the convention no longer applies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from reperes.rules import delays
from reperes.rules.delays import Delay, Unit, WorkingCalendar
from reperes.rules.labelled import LabelledEnum, labels


class PeriodKind(StrEnum):
    FIXED = "fixed"
    TERM = "term"
    TACIT_RENEWAL = "tacit_renewal"


class Status(LabelledEnum):
    DRAFT = "draft", "Projet (non signée)"
    SIGNED = "signed", "Signée, pas encore en vigueur"
    IN_FORCE = "in_force", "En vigueur"
    RENEWED = "renewed", "Reconduite tacitement"
    WITHDRAWN = "withdrawn", "Dénoncée"
    TERMINATED = "terminated", "Résiliée"
    EXPIRED = "expired", "Échue"


STATUS_LABELS = labels(Status)

ENDED_STATUSES = frozenset({Status.WITHDRAWN, Status.TERMINATED, Status.EXPIRED})


class EventKind(StrEnum):
    WITHDRAWAL = "withdrawal"  # dénonciation
    FORMAL_NOTICE = "formal_notice"  # mise en demeure
    TERMINATION = "termination"  # résiliation
    FOLLOWED_END = "followed_end"  # the convention whose fate it follows has ended (seed 002)


@dataclass(frozen=True)
class Terms:
    """What a convention's text says about its period and how it ends.

    ``term`` is the duration from the start for ``TERM`` ("trois ans à compter de la signature")
    and the length of the first period and of each renewal for ``TACIT_RENEWAL`` ("un an").
    For ``FIXED`` and ``TERM`` the end is ``ends_on`` when the text states it, otherwise
    computed from ``term``. ``withdrawal_notice=Delay.days(0)`` means "à tout moment";
    ``None`` means the text has no withdrawal clause. ``termination_delay=None`` means a
    termination takes effect on receipt. ``delays_extendable=False`` when the text says "ce
    délai n'est pas susceptible de prorogation" (seed 001 art. 13); it applies to every delay.
    """

    period_kind: PeriodKind
    signed: bool
    signed_on: date | None = None
    starts_on: date | None = None
    starts_at_signature: bool = False
    ends_on: date | None = None
    term: Delay | None = None
    max_renewals: int | None = None
    withdrawal_notice: Delay | None = None
    formal_notice_delay: Delay | None = None
    termination_delay: Delay | None = None
    delays_extendable: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "period_kind", PeriodKind(self.period_kind))
        if self.signed_on is not None and not self.signed:
            raise ValueError("signed_on is set on an unsigned convention")
        if self.starts_on is not None and self.starts_at_signature:
            raise ValueError("starts_on and starts_at_signature exclude each other")
        if self.term is not None and self.term.value == 0:
            raise ValueError("a convention's term needs a positive length")
        if self.max_renewals is not None:
            if self.period_kind is not PeriodKind.TACIT_RENEWAL:
                raise ValueError("max_renewals only applies to tacit renewal")
            if self.max_renewals < 0:
                raise ValueError("max_renewals cannot be negative")
        if self.period_kind is PeriodKind.TACIT_RENEWAL and self.ends_on is not None:
            raise ValueError("a tacitly renewed convention ends by term and max_renewals")
        # Only an explicit start is checked: a signature after ``ends_on`` is a fact to report
        # (the convention is then expired as soon as it is signed), not an inconsistent text.
        if (
            self.starts_on is not None
            and self.ends_on is not None
            and self.ends_on < self.starts_on
        ):
            raise ValueError("ends_on is before starts_on")


@dataclass(frozen=True)
class Event:
    """A registered letter received, or the end of the convention this one follows.

    For ``FOLLOWED_END``, ``received_on`` is the first day on which the followed convention no
    longer applies.
    """

    kind: EventKind
    received_on: date
    effective_on: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", EventKind(self.kind))


@dataclass(frozen=True)
class Period:
    """Index 0 is the initial period, k the k-th tacit renewal; ``None`` dates are unknown."""

    index: int
    start: date | None
    end: date | None


@dataclass(frozen=True)
class StatusResult:
    status: Status
    period: Period | None
    certain: bool
    note: str

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class KeyDates:
    """Dates that matter on ``today``; ``notes`` say in French why one is missing or past."""

    current_period_end: date | None
    next_renewal: date | None
    withdrawal_deadline: date | None
    termination_effective_if_notified: date | None
    formal_notice_cure_end: date | None
    notes: tuple[str, ...]


def _fr(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def effective_start(terms: Terms) -> date | None:
    """First day of application: ``starts_on``, or the signature date when it starts at
    signature ("entre en vigueur à la date de sa signature", seeds 001 art. 10, 004 art. 11);
    ``None`` when unknown."""
    if terms.starts_on is not None:
        return terms.starts_on
    if terms.starts_at_signature:
        return terms.signed_on
    return None


def initial_end(terms: Terms) -> date | None:
    """Last day, included, on which the convention can apply without any early end.

    ``FIXED`` and ``TERM``: ``ends_on`` when stated, otherwise the last day of ``term`` from the
    start. ``TACIT_RENEWAL``: the last day of the last allowed renewal, or ``None`` when it is
    renewable without limit. ``None`` as well when the start or the term is unknown.
    """
    if terms.period_kind is not PeriodKind.TACIT_RENEWAL and terms.ends_on is not None:
        return terms.ends_on
    start = effective_start(terms)
    if start is None or terms.term is None:
        return None
    if terms.period_kind is PeriodKind.TACIT_RENEWAL:
        if terms.max_renewals is None:
            return None
        return delays.period_last_day(start, terms.term, terms.max_renewals)
    return delays.period_last_day(start, terms.term)


def _period_index(first_start: date, term: Delay, on: date) -> int:
    """Index of the period of length ``term`` from ``first_start`` that contains ``on``."""
    if term.unit is Unit.DAYS:
        return (on - first_start).days // term.value
    months_per_period = term.value * (12 if term.unit is Unit.YEARS else 1)
    months = (on.year - first_start.year) * 12 + on.month - first_start.month
    # The estimate is off by at most one because of the day of the month.
    index = max(months // months_per_period, 0)
    while index > 0 and delays.period_start(first_start, term, index) > on:
        index -= 1
    while delays.period_start(first_start, term, index + 1) <= on:
        index += 1
    return index


def _period(terms: Terms, index: int) -> Period:
    start = effective_start(terms)
    if terms.period_kind is not PeriodKind.TACIT_RENEWAL:
        return Period(0, start, initial_end(terms))
    if start is None or terms.term is None:
        return Period(index, None, None)
    return Period(
        index,
        delays.period_start(start, terms.term, index),
        delays.period_last_day(start, terms.term, index),
    )


def period_on(terms: Terms, on: date) -> Period | None:
    """The period that contains ``on``, regardless of signature and events.

    ``None`` when ``on`` is outside every period or when it cannot be known. A fixed or term
    convention whose start is unknown but whose end is known gives ``Period(0, None, end)`` up
    to its end. A tacitly renewed convention needs its start and term.
    """
    start = effective_start(terms)
    end = initial_end(terms)
    if (start is not None and on < start) or (end is not None and end < on):
        return None
    if terms.period_kind is not PeriodKind.TACIT_RENEWAL:
        if start is None and end is None:
            return None
        return _period(terms, 0)
    if start is None:
        return None
    if terms.term is None:
        return Period(0, start, None)
    return _period(terms, _period_index(start, terms.term, on))


def event_effect(terms: Terms, event: Event, calendar: WorkingCalendar | None = None) -> date:
    """First day on which ``event`` makes the convention no longer apply.

    The agreed ``effective_on`` when there is one. Otherwise, from the day of receipt
    (code de procédure civile, art. 640-642): a withdrawal after ``withdrawal_notice``
    (seed 001 art. 10; "à tout moment" takes effect on receipt, seed 003); a termination after
    ``termination_delay`` (seed 001 art. 13) or on receipt; the end of a followed convention on
    the day it stops applying (seed 002 art. 7). A formal notice does not end the convention
    by itself: it opens a delay to comply (seed 004 art. 12), hence ``ValueError``, as for a
    withdrawal when the text has no notice clause and no date was agreed.
    """
    if event.kind is EventKind.FORMAL_NOTICE:
        raise ValueError("a formal notice does not end a convention by itself")
    if event.effective_on is not None:
        return event.effective_on
    extendable = terms.delays_extendable
    if event.kind is EventKind.WITHDRAWAL:
        if terms.withdrawal_notice is None:
            raise ValueError("no withdrawal clause: the withdrawal needs an agreed effective_on")
        return delays.delay_end(
            event.received_on, terms.withdrawal_notice, extendable=extendable, calendar=calendar
        )
    if event.kind is EventKind.TERMINATION and terms.termination_delay is not None:
        return delays.delay_end(
            event.received_on, terms.termination_delay, extendable=extendable, calendar=calendar
        )
    return event.received_on


_ENDED_BY: dict[EventKind, Status] = {
    EventKind.WITHDRAWAL: Status.WITHDRAWN,
    EventKind.TERMINATION: Status.TERMINATED,
    EventKind.FOLLOWED_END: Status.TERMINATED,
}

_EVENT_NAMES: dict[EventKind, str] = {
    EventKind.WITHDRAWAL: "Dénonciation",
    EventKind.TERMINATION: "Résiliation",
}


@dataclass(frozen=True)
class _Ending:
    event: Event
    effect: date

    def note(self, *, past: bool) -> str:
        verb = "ne s'applique plus" if past else "ne s'appliquera plus"
        if self.event.kind is EventKind.FOLLOWED_END:
            return (
                "A suivi le sort de la convention dont elle dépend : "
                f"{verb} à compter du {_fr(self.effect)}."
            )
        name = _EVENT_NAMES[self.event.kind]
        received = _fr(self.event.received_on)
        return f"{name} reçue le {received} : {verb} à compter du {_fr(self.effect)}."


def _endings(
    terms: Terms, events: Sequence[Event], calendar: WorkingCalendar
) -> tuple[list[_Ending], list[Event]]:
    """Ending events by effect, earliest first, and withdrawals whose effect is unknown."""
    endings: list[_Ending] = []
    unknown: list[Event] = []
    for event in events:
        if event.kind is EventKind.FORMAL_NOTICE:
            continue
        if (
            event.kind is EventKind.WITHDRAWAL
            and event.effective_on is None
            and terms.withdrawal_notice is None
        ):
            unknown.append(event)
            continue
        endings.append(_Ending(event, event_effect(terms, event, calendar)))
    endings.sort(key=lambda ending: (ending.effect, ending.event.received_on))
    return endings, unknown


def _ends_early(ending: _Ending, end: date | None) -> bool:
    # An effect on the day after the natural end changes nothing: the convention simply expires.
    return end is None or ending.effect <= end


def status_on(
    terms: Terms,
    events: Sequence[Event],
    on: date,
    calendar: WorkingCalendar | None = None,
) -> StatusResult:
    """Status of the convention on ``on``, knowing every event in ``events``.

    - Not signed, or ``on`` before the known signature date: draft.
    - An ending event whose effect is on or before ``on`` and before the natural end: withdrawn
      or terminated (also when it followed the fate of another convention, seed 002 art. 7); the
      earliest effect wins.
    - A known end before ``on``: expired, whatever happens afterwards.
    - A known start after ``on``: signed, not yet in force.
    - Otherwise in force; for a tacit renewal (seed 001 art. 10), renewed from the first renewal.

    When the start is unknown (an undated signature, seeds 002, 003 and 004), a known end
    still decides expiry, and before it the convention is in force with ``certain=False``;
    without an end either (a term from an undated signature, seed 003), it is only known to be
    signed, with ``certain=False``.
    """
    cal = calendar or delays.NATIONAL_CALENDAR
    if not terms.signed:
        return StatusResult(Status.DRAFT, None, True, "")
    if terms.signed_on is not None and on < terms.signed_on:
        return StatusResult(Status.DRAFT, None, True, f"Signée le {_fr(terms.signed_on)}.")
    end = initial_end(terms)
    endings, unknown = _endings(terms, events, cal)
    early = [ending for ending in endings if _ends_early(ending, end)]
    if early and early[0].effect <= on:
        first = early[0]
        return StatusResult(_ENDED_BY[first.event.kind], None, True, first.note(past=True))
    if end is not None and end < on:
        return StatusResult(Status.EXPIRED, None, True, f"Arrivée à échéance le {_fr(end)}.")

    status, period, certain, notes = _running_status(terms, on, end)
    notes.extend(ending.note(past=False) for ending in early if ending.event.received_on <= on)
    for event in unknown:
        if event.received_on <= on:
            certain = False
            notes.append(
                f"Dénonciation reçue le {_fr(event.received_on)} : date d'effet inconnue, "
                "le texte ne prévoit pas de préavis."
            )
    return StatusResult(status, period, certain, " ".join(notes))


def _running_status(
    terms: Terms, on: date, end: date | None
) -> tuple[Status, Period | None, bool, list[str]]:
    """Status of a signed convention that has not ended on ``on`` (``on`` is not after ``end``)."""
    start = effective_start(terms)
    if start is None:
        reason = (
            "Date de signature inconnue" if terms.starts_at_signature else "Date de début inconnue"
        )
        if end is None:
            note = f"{reason} : la période d'application ne peut pas être calculée."
            return Status.SIGNED, None, False, [note]
        note = f"{reason} : le début de la période n'est pas connu."
        return Status.IN_FORCE, Period(0, None, end), False, [note]
    if on < start:
        return Status.SIGNED, None, True, [f"Entre en vigueur le {_fr(start)}."]
    period = period_on(terms, on)
    assert period is not None  # start <= on and not past the end
    status = Status.RENEWED if period.index >= 1 else Status.IN_FORCE
    if period.end is not None:
        return status, period, True, []
    if terms.period_kind is PeriodKind.TACIT_RENEWAL:
        note = "Durée de la période inconnue : les reconductions ne peuvent pas être calculées."
    else:
        note = "Date de fin inconnue."
    return status, period, False, [note]


def _no_key_dates(*notes: str) -> KeyDates:
    return KeyDates(None, None, None, None, None, tuple(note for note in notes if note))


def key_dates(
    terms: Terms,
    events: Sequence[Event],
    today: date,
    calendar: WorkingCalendar | None = None,
) -> KeyDates:
    """Dates to watch on ``today``, for the period that contains it.

    Before the convention starts, the first period is used. Nothing is computed for a draft
    or an ended convention.

    ``withdrawal_deadline`` is the last day on which a withdrawal may be *received* so that it
    prevents the next period: for a tacit renewal (seed 001 art. 10), it must take effect no
    later than the first day of the next period, i.e. ``latest_start_for(next_renewal,
    notice)`` (a six-month notice received on 1 July 2024 takes effect on 1 January 2025, the
    renewal day, so the convention is not renewed). When no renewal remains, and for fixed and
    term conventions, it must take effect no later than the last day of the period,
    ``latest_start_for(current_period_end, notice)``. In both cases the letter must arrive while
    the current period runs, so the deadline is at most ``current_period_end``: a withdrawal
    "à tout moment" (seed 003) gives ``current_period_end``.
    """
    cal = calendar or delays.NATIONAL_CALENDAR
    result = status_on(terms, events, today, cal)
    if result.status in ENDED_STATUSES:
        return _no_key_dates("La convention ne s'applique plus.", result.note)
    if result.status is Status.DRAFT:
        return _no_key_dates(
            "Convention non signée à cette date : aucun délai ne court.", result.note
        )

    notes = [result.note] if result.note else []
    period = result.period
    if period is None and effective_start(terms) is not None:
        period = _period(terms, 0)
        notes.append("Pas encore en vigueur : dates calculées pour la première période.")
    current_end = period.end if period is not None else None
    if current_end is None:
        notes.append("Fin de la période en cours inconnue.")

    next_renewal: date | None = None
    if (
        period is not None
        and current_end is not None
        and terms.period_kind is PeriodKind.TACIT_RENEWAL
        and (terms.max_renewals is None or period.index < terms.max_renewals)
    ):
        next_renewal = current_end + delays.ONE_DAY
    target = next_renewal or current_end

    endings, _ = _endings(terms, events, cal)
    pending = [
        ending
        for ending in endings
        if ending.event.received_on <= today and (target is None or ending.effect <= target)
    ]
    if pending:
        if next_renewal is not None:
            notes.append("Ne sera pas reconduite.")
        next_renewal = None

    withdrawal_deadline: date | None = None
    notice = terms.withdrawal_notice
    if notice is None:
        notes.append("Aucune clause de dénonciation.")
    elif target is not None and current_end is not None and not pending:
        withdrawal_deadline = min(
            delays.latest_start_for(
                target, notice, extendable=terms.delays_extendable, calendar=cal
            ),
            current_end,
        )
        if withdrawal_deadline < today:
            notes.append(
                f"Date limite de dénonciation dépassée pour cette période "
                f"({_fr(withdrawal_deadline)})."
            )

    extendable = terms.delays_extendable
    termination = (
        delays.delay_end(today, terms.termination_delay, extendable=extendable, calendar=cal)
        if terms.termination_delay is not None
        else today
    )
    cure_end: date | None = None
    if terms.formal_notice_delay is None:
        notes.append("Aucun délai de mise en demeure prévu.")
    else:
        cure_end = delays.delay_end(
            today, terms.formal_notice_delay, extendable=extendable, calendar=cal
        )

    return KeyDates(
        current_period_end=current_end,
        next_renewal=next_renewal,
        withdrawal_deadline=withdrawal_deadline,
        termination_effective_if_notified=termination,
        formal_notice_cure_end=cure_end,
        notes=tuple(notes),
    )
