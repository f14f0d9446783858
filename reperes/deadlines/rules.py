"""Status and reminders of a dated obligation, and the external evaluation's due date: pure
functions, no ORM. What is due and when comes from the conventions' clauses
(``reperes.conventions.clauses``, ``reperes.rules.due``); nothing here knows a convention.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from reperes.deadlines.enums import ObligationStatus


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


def external_evaluation_due(
    authorisation_ends_on: date,
    last_evaluation: date | None,
    *,
    every_years: int,
    years_before_end: int,
) -> date:
    """An evaluation clause (« selon un rythme quinquennal et au plus tard 2 ans avant la date de
    fin d'autorisation », for instance): at the latest ``years_before_end`` years before the
    authorisation ends, and ``every_years`` after the last evaluation when that comes first
    (``every_years`` 0: no rhythm, only the deadline before the end)."""
    latest = authorisation_ends_on - relativedelta(years=years_before_end)
    if last_evaluation is None or every_years <= 0:
        return latest
    return min(latest, last_evaluation + relativedelta(years=every_years))
