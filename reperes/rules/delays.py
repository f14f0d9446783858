"""French delay computation: code de procédure civile, articles 640 to 642.

- Art. 640: a delay runs from the date of the act, event, decision or notification that starts it.
- Art. 641: when a delay is expressed in days, the day of that act does not count; when it is
  expressed in months or years, it ends on the day of the last month or year that bears the same
  number as the starting day ("de quantième à quantième"), or, when that day does not exist, on
  the last day of the month.
- Art. 642: every delay ends on its last day at midnight; a delay that would end on a Saturday, a
  Sunday, a public holiday or a day off is extended to the next working day.

A convention may exclude the extension of art. 642 ("ce délai n'est pas susceptible de
prorogation", seed 001 art. 13): every function takes ``extendable``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta
from holidays import country_holidays
from holidays.countries.france import France

ONE_DAY = timedelta(days=1)

# Bounds the search of latest_start_for: a month-end clamp and the longest run of days off
# (Good Friday to Easter Monday in Alsace-Moselle) move a delay's end by a handful of days.
_MAX_SEARCH_STEPS = 400


class Unit(StrEnum):
    DAYS = "days"
    MONTHS = "months"
    YEARS = "years"


_FRENCH_UNITS: dict[Unit, tuple[str, str]] = {
    Unit.DAYS: ("jour", "jours"),
    Unit.MONTHS: ("mois", "mois"),
    Unit.YEARS: ("an", "ans"),
}


@dataclass(frozen=True)
class Delay:
    """A delay or a duration as a convention states it: "trente jours", "six mois", "trois ans"."""

    value: int
    unit: Unit

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise TypeError(f"a delay is a whole number, got {self.value!r}")
        if self.value < 0:
            raise ValueError(f"a delay cannot be negative, got {self.value}")
        object.__setattr__(self, "unit", Unit(self.unit))

    def __str__(self) -> str:
        singular, plural = _FRENCH_UNITS[self.unit]
        # French uses the singular for 0 and 1 ("0 jour", "1 an").
        return f"{self.value} {plural if self.value >= 2 else singular}"

    @classmethod
    def days(cls, value: int) -> Delay:
        return cls(value, Unit.DAYS)

    @classmethod
    def months(cls, value: int) -> Delay:
        return cls(value, Unit.MONTHS)

    @classmethod
    def years(cls, value: int) -> Delay:
        return cls(value, Unit.YEARS)

    def times(self, factor: int) -> relativedelta:
        """The delay repeated ``factor`` times, for date arithmetic (clamped to month end)."""
        n = self.value * factor
        if self.unit is Unit.DAYS:
            return relativedelta(days=n)
        if self.unit is Unit.MONTHS:
            return relativedelta(months=n)
        return relativedelta(years=n)


@functools.cache
def _public_holidays(subdiv: str | None, year: int) -> frozenset[date]:
    # One immutable set per (subdivision, year): cheap to share between threads, unlike the
    # lazily-filled holidays.France dict.
    return frozenset(country_holidays("FR", subdiv=subdiv, years=year).keys())


@dataclass(frozen=True)
class WorkingCalendar:
    """French public holidays (``holidays.France``), optionally for a subdivision.

    "57" (Moselle) or "6AE" (Alsace: Bas-Rhin and Haut-Rhin) add Good Friday and 26 December
    (code du travail, art. L3134-13). Saturdays and Sundays are never working days (art. 642).
    The national list includes Pentecost Monday, which stays a public holiday even where it is
    worked as the "journée de solidarité".
    """

    subdiv: str | None = None

    def __post_init__(self) -> None:
        if self.subdiv is not None and self.subdiv not in France.subdivisions:
            raise ValueError(f"unknown French subdivision for public holidays: {self.subdiv!r}")

    def is_holiday(self, day: date) -> bool:
        return day in _public_holidays(self.subdiv, day.year)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day)

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, otherwise the next working day."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day


NATIONAL_CALENDAR = WorkingCalendar()


def unextended_end(start: date, delay: Delay) -> date:
    """Last day of ``delay`` started by an act on ``start``, before any extension (art. 641).

    In days, the day of the act does not count, so the delay ends ``value`` days after it. In
    months or years, it ends on the same day number, clamped to the last day of the month
    (31 January + 1 month = 28 or 29 February; 29 February 2024 + 1 year = 28 February 2025).
    """
    return start + delay.times(1)


def delay_end(
    start: date,
    delay: Delay,
    *,
    extendable: bool = True,
    calendar: WorkingCalendar | None = None,
) -> date:
    """Last day of ``delay`` started by an act, event or notification on ``start`` (art. 640).

    The end is computed by art. 641 (see ``unextended_end``) and, when ``extendable``, extended to
    the next working day of ``calendar`` (national by default) when it falls on a Saturday, a
    Sunday or a public holiday (art. 642). ``extendable=False`` is for a convention that says
    "ce délai n'est pas susceptible de prorogation" (seed 001 art. 13).

    A zero delay ("à tout moment", seed 003) takes effect on ``start`` itself and is never
    extended: there is no delay whose expiry art. 642 could postpone.
    """
    end = unextended_end(start, delay)
    if delay.value == 0 or not extendable:
        return end
    return (calendar or NATIONAL_CALENDAR).next_working_day(end)


def latest_start_for(
    deadline: date,
    delay: Delay,
    *,
    extendable: bool = True,
    calendar: WorkingCalendar | None = None,
) -> date:
    """Latest day ``d`` such that ``delay_end(d, delay, ...) <= deadline``.

    For instance, the last day on which a six-month withdrawal notice may be received so that it
    takes effect on or before ``deadline``. ``delay_end`` never decreases when its start moves
    forward, so the answer is found by stepping back from an estimate until the delay fits, then
    walking forward while the next day still fits.
    """
    cal = calendar or NATIONAL_CALENDAR

    def fits(day: date) -> bool:
        return delay_end(day, delay, extendable=extendable, calendar=cal) <= deadline

    day = deadline - delay.times(1)
    for _ in range(_MAX_SEARCH_STEPS):
        if fits(day):
            break
        day -= ONE_DAY
    else:  # pragma: no cover - guarded by the bound on extensions and month-end clamps
        raise RuntimeError(f"no start found for {delay} ending by {deadline}")
    for _ in range(_MAX_SEARCH_STEPS):
        if not fits(day + ONE_DAY):
            return day
        day += ONE_DAY
    raise RuntimeError(f"no start found for {delay} ending by {deadline}")  # pragma: no cover


def _positive(term: Delay) -> None:
    if term.value == 0:
        raise ValueError("a period needs a positive length")


def period_start(first_start: date, term: Delay, index: int) -> date:
    """First day of the ``index``-th consecutive period of length ``term`` (0 = ``first_start``).

    Always computed from ``first_start``, never from the previous period, so that month-end
    clamping does not drift: monthly periods from 31 January start on 31 January, 28 or
    29 February, 31 March, 30 April...
    """
    _positive(term)
    if index < 0:
        raise ValueError(f"a period index cannot be negative, got {index}")
    return first_start + term.times(index)


def period_last_day(first_start: date, term: Delay, index: int = 0) -> date:
    """Last day, included, of the ``index``-th period of length ``term`` from ``first_start``.

    A period includes its first day: "de 3 ans, pour la période du 01 janvier 2023 au
    31 décembre 2025" (seed 000 art. 7). So a term that starts on S ends the day before S + term,
    unlike a delay of art. 641, which does not count its starting day and ends on S + term.
    """
    return period_start(first_start, term, index + 1) - ONE_DAY
