"""Dated duties that follow from a convention: pure functions, no ORM.

Sources: activity report and certified accounts by 30 April N+1 (seed 001 art. 3 and 8.2;
seed 004 art. 8 « au plus tard le 30 avril N » for the N-1 report), forecast budget N+1 by
31 October N (seed 001 art. 8.2), staff statement by 30 November N (seed 004 art. 6), annual
review early N+1 (seed 000 annex 1), yearly update of the territorial diagnostic (seed 001
art. 2.2), external evaluation every five years and at the latest two years before the
authorisation ends (seed 001 art. 8.3), the last day to withdraw before a tacit renewal.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from reperes.deadlines.enums import ObligationStatus


@dataclass(frozen=True)
class DutyTerms:
    """A recurring duty: for reference year N, due on ``month``/``day`` of N + ``year_offset``
    (e.g. the N-1 activity report due 30 April N is year_offset=+1 for reference year N-1)."""

    month: int
    day: int
    year_offset: int = 0

    def due_on(self, year: int) -> date:
        target = year + self.year_offset
        last = calendar.monthrange(target, self.month)[1]
        return date(target, self.month, min(self.day, last))


def reference_years(first: int | None, last: int | None, today: date) -> list[int]:
    """Years a recurring duty applies to: from the first year of the period to its last, or to
    the current year when the period has no end (tacit renewal)."""
    if first is None:
        return []
    end = last if last is not None else today.year
    return list(range(first, end + 1))


def status_of(due_on: date, done_on: date | None, today: date, reminder_days: int) -> str:
    """Done when evidence was recorded; overdue after the due date; due within the reminder
    window; upcoming before it."""
    if done_on is not None:
        return ObligationStatus.DONE
    if today > due_on:
        return ObligationStatus.OVERDUE
    if (due_on - today).days <= reminder_days:
        return ObligationStatus.DUE
    return ObligationStatus.UPCOMING


def reminder_due(
    due_on: date, done_on: date | None, today: date, reminder_days: int, reminded_on: date | None
) -> bool:
    """One reminder, sent on the first run of the job inside the window before the due date."""
    if done_on is not None or today > due_on:
        return False
    if (due_on - today).days > reminder_days:
        return False
    return reminded_on is None


def external_evaluation_due(authorisation_ends_on: date, last_evaluation: date | None) -> date:
    """Seed 001 art. 8.3: evaluations « selon un rythme quinquennal et au plus tard 2 ans avant
    la date de fin d'autorisation »."""
    latest = authorisation_ends_on - relativedelta(years=2)
    if last_evaluation is None:
        return latest
    return min(latest, last_evaluation + relativedelta(years=5))
