"""Bridge between the stored convention and the pure date rules (reperes.rules.periods)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from reperes.rules.delays import WorkingCalendar
from reperes.rules.periods import (
    Event,
    EventKind,
    KeyDates,
    PeriodKind,
    Status,
    StatusResult,
    Terms,
    event_effect,
    key_dates,
    status_on,
)

from .enums import PartyRole
from .models import Convention, ConventionTemplate, TermsFields


@lru_cache(maxsize=8)
def calendar_for(subdivision: str | None) -> WorkingCalendar:
    return WorkingCalendar(subdivision)


def terms_of(
    obj: TermsFields, *, signed: bool | None = None, signed_on: date | None = None
) -> Terms:
    if isinstance(obj, Convention):
        signed = obj.is_signed if signed is None else signed
        signed_on = obj.signed_on if signed_on is None else signed_on
    return Terms(
        period_kind=PeriodKind(obj.period_kind),
        signed=bool(signed),
        signed_on=signed_on,
        starts_on=obj.starts_on,
        starts_at_signature=obj.starts_at_signature,
        ends_on=obj.ends_on,
        term=obj.delay("term"),
        max_renewals=obj.max_renewals,
        withdrawal_notice=obj.delay("withdrawal_notice"),
        formal_notice_delay=obj.delay("formal_notice"),
        termination_delay=obj.delay("termination_delay"),
        delays_extendable=obj.delays_extendable,
    )


ENDING_EVENTS = frozenset({EventKind.WITHDRAWAL, EventKind.TERMINATION, EventKind.FOLLOWED_END})


def events_of(convention: Convention, _seen: frozenset[int] = frozenset()) -> list[Event]:
    """The convention's own events, plus the end of the convention whose fate it follows:
    « si les conventions … venaient à être résiliées ou suspendues, la présente convention se
    verrait appliquer le même régime » (seed 002 art. 7) — a withdrawal or a termination of
    the followed convention ends this one on the same day (an expiry does not)."""
    events = [
        Event(EventKind(e.kind), e.received_on, e.effective_on) for e in convention.events.all()
    ]
    followed = convention.follows
    seen = _seen | {convention.pk}
    if followed is not None and followed.pk not in seen:
        followed_terms = terms_of(followed)
        calendar = calendar_of(followed)
        effects = [
            event_effect(followed_terms, event, calendar)
            for event in events_of(followed, seen)
            if event.kind in ENDING_EVENTS
            and (
                event.effective_on
                or followed_terms.withdrawal_notice
                or event.kind != EventKind.WITHDRAWAL
            )
        ]
        if effects:
            end = min(effects)
            events.append(Event(EventKind.FOLLOWED_END, end, end))
    return events


def calendar_of(convention: Convention) -> WorkingCalendar:
    """Holidays of the pilot's département (Alsace-Moselle has two more)."""
    pilot = next((p for p in convention.parties.all() if p.role == PartyRole.PILOT), None)
    subdivision = pilot.organisation.holiday_subdivision if pilot else None
    return calendar_for(subdivision)


@dataclass(frozen=True)
class DatesView:
    on: date
    status: StatusResult
    keys: KeyDates
    simulated: bool = False

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def status_code(self) -> str:
        return self.status.status.value


def dates_of(convention: Convention, on: date) -> DatesView:
    calendar = calendar_of(convention)
    terms = terms_of(convention)
    events = events_of(convention)
    return DatesView(
        on, status_on(terms, events, on, calendar), key_dates(terms, events, on, calendar)
    )


def simulate_signature(obj: Convention | ConventionTemplate, on: date) -> DatesView:
    """What the dates would be if the convention were signed on ``on`` (for a draft)."""
    terms = terms_of(obj, signed=True, signed_on=on)
    if terms.starts_on is None and not terms.starts_at_signature:
        # A start left blank ("à compter du JJ/MM/AAAA") is simulated as the signature day.
        terms = replace(terms, starts_at_signature=True)
    calendar = calendar_of(obj) if isinstance(obj, Convention) else calendar_for(None)
    return DatesView(
        on, status_on(terms, [], on, calendar), key_dates(terms, [], on, calendar), simulated=True
    )


ENDED = frozenset({Status.WITHDRAWN, Status.TERMINATED, Status.EXPIRED})
