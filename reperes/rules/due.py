"""When a duty written in a convention falls due: the reference periods it is about and the
due-date rule that dates each of them. Pure Python, no Django import.

Three rules cover the seeds and what other conventions write:

- ``day_of_year`` — « pour le 31 octobre de chaque année le budget prévisionnel de l'année
  suivante »: for reference year N, a day of year N + offset (offset -1 here, the budget being
  about N+1 = the reference year);
- ``after_period`` — « dans les six mois suivant la clôture de l'exercice »: a number of days
  or months after the reference period ends (counted from its last day, « de quantième à
  quantième », clamped to the month's last day);
- ``before_meeting`` — « avant chaque conseil pédagogique »: a number of days before each
  meeting of a body, the reference period running from the previous meeting.

A reference period is a calendar year, semester, quarter or month (or, for ``before_meeting``,
the span between two meetings). Nothing here knows any convention's values: they are the
clause's parameters.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

DAY_OF_YEAR = "day_of_year"
AFTER_PERIOD = "after_period"
BEFORE_MEETING = "before_meeting"
RULES = (DAY_OF_YEAR, AFTER_PERIOD, BEFORE_MEETING)
RULE_LABELS = {
    DAY_OF_YEAR: "un jour fixe de l'année",
    AFTER_PERIOD: "un délai après la fin de la période",
    BEFORE_MEETING: "un délai avant chaque réunion d'une instance",
}

YEAR = "year"
SEMESTER = "semester"
QUARTER = "quarter"
MONTH = "month"
MEETING = "meeting"
PERIODICITIES = (YEAR, SEMESTER, QUARTER, MONTH, MEETING)
PERIODICITY_LABELS = {
    YEAR: "chaque année",
    SEMESTER: "chaque semestre",
    QUARTER: "chaque trimestre",
    MONTH: "chaque mois",
    MEETING: "avant chaque réunion",
}
MONTHS_PER_PERIOD = {YEAR: 12, SEMESTER: 6, QUARTER: 3, MONTH: 1}
# Numbers of meetings a year that split the year into whole months (« tous les deux mois »: 6,
# seed 004 art. 10): only these can be held at a regular interval.
REGULAR_COUNTS = frozenset({1, 2, 3, 4, 6, 12})

DAYS = "days"
MONTHS = "months"
UNITS = (DAYS, MONTHS)
UNIT_LABELS = {DAYS: "jours", MONTHS: "mois"}


def delay_text(value: int | None, unit: str | None) -> str:
    """« 1 jour », « 15 jours », « 1 mois », « 3 mois »."""
    if unit == DAYS:
        return f"{value} jour{'s' if (value or 0) > 1 else ''}"
    return f"{value} {UNIT_LABELS.get(unit or '', unit or '')}"


MONTH_NAMES = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


@dataclass(frozen=True)
class ReferencePeriod:
    """What a duty is about: ``start``–``end`` inclusive, with its label (« 2024 », « T2 2025 »)."""

    start: date
    end: date
    label: str
    key: str  # stable: 2024, 2025-S1, 2025-Q2, 2025-03, m2025-03-14

    @property
    def year(self) -> int:
        return self.start.year


def _clamped(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Due:
    """A due-date rule (see the module's docstring)."""

    rule: str
    month: int | None = None
    day: int | None = None
    year_offset: int = 0
    value: int | None = None
    unit: str = DAYS
    body: str = ""  # the body's name, for before_meeting

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Due:
        return cls(
            rule=str(params.get("rule", "")),
            month=params.get("month"),
            day=params.get("day"),
            year_offset=int(params.get("year_offset") or 0),
            value=params.get("value"),
            unit=str(params.get("unit") or DAYS),
            body=str(params.get("body") or ""),
        )

    def errors(self) -> list[str]:
        """What is wrong with the rule, in French (empty when it can date something)."""
        if self.rule not in RULES:
            return ["Choisissez comment l'échéance est fixée."]
        if self.rule == DAY_OF_YEAR:
            if not isinstance(self.month, int) or not 1 <= self.month <= 12:
                return ["Le mois d'échéance doit être compris entre 1 et 12."]
            if not isinstance(self.day, int) or not 1 <= self.day <= 31:
                return ["Le jour d'échéance doit être compris entre 1 et 31."]
            if self.day > calendar.monthrange(2024, self.month)[1]:
                return [f"Le mois de {MONTH_NAMES[self.month - 1]} n'a pas de {self.day}."]
            if self.year_offset not in (-1, 0, 1, 2):
                return ["L'année d'échéance est N-1, N, N+1 ou N+2."]
            return []
        if not isinstance(self.value, int) or self.value < 0 or self.value > 3660:
            return ["Le délai doit être un nombre entier de jours ou de mois, positif."]
        if self.unit not in UNITS:
            return ["L'unité du délai est le jour ou le mois."]
        if self.rule == BEFORE_MEETING and not self.body.strip():
            return ["Indiquez l'instance avant les réunions de laquelle le document est dû."]
        return []

    def describe(self) -> str:
        """The rule in French, as a convention would write it."""
        if self.rule == DAY_OF_YEAR and self.month and self.day:
            year = {-1: "N-1", 0: "N", 1: "N+1", 2: "N+2"}.get(self.year_offset, "N")
            day = "1er" if self.day == 1 else str(self.day)
            return f"le {day} {MONTH_NAMES[self.month - 1]} de l'année {year}"
        if self.rule == AFTER_PERIOD:
            return f"{delay_text(self.value, self.unit)} après la fin de la période"
        if self.rule == BEFORE_MEETING:
            return f"{delay_text(self.value, self.unit)} avant chaque réunion : {self.body}"
        return "échéance non définie"

    def _delta(self) -> relativedelta | timedelta:
        value = self.value or 0
        return relativedelta(months=value) if self.unit == MONTHS else timedelta(days=value)

    def due_on(self, period: ReferencePeriod) -> date:
        """The day the duty about ``period`` is due (for ``before_meeting``, ``period.end`` is
        the meeting's day)."""
        if self.rule == DAY_OF_YEAR:
            assert self.month is not None
            assert self.day is not None
            return _clamped(period.year + self.year_offset, self.month, self.day)
        if self.rule == AFTER_PERIOD:
            return period.end + self._delta()
        return period.end - self._delta()


def reference_periods(periodicity: str, start: date, end: date) -> list[ReferencePeriod]:
    """The calendar periods of ``periodicity`` that overlap ``start``–``end`` (inclusive), in
    order; a period is whole even when the span cuts it (a convention starting on 1 July still
    owes the report of its first year)."""
    months = MONTHS_PER_PERIOD.get(periodicity)
    if months is None or end < start:
        return []
    periods = []
    first_month = ((start.month - 1) // months) * months + 1
    cursor = date(start.year, first_month, 1)
    while cursor <= end:
        last = cursor + relativedelta(months=months) - timedelta(days=1)
        periods.append(ReferencePeriod(cursor, last, *_label_and_key(periodicity, cursor)))
        cursor = last + timedelta(days=1)
    return periods


def _label_and_key(periodicity: str, start: date) -> tuple[str, str]:
    """« T2 2025 » and ``2025-Q2`` for the period that starts on ``start``."""
    if periodicity == YEAR:
        return str(start.year), str(start.year)
    if periodicity == SEMESTER:
        half = (start.month - 1) // 6 + 1
        return f"S{half} {start.year}", f"{start.year}-S{half}"
    if periodicity == QUARTER:
        quarter = (start.month - 1) // 3 + 1
        return f"T{quarter} {start.year}", f"{start.year}-Q{quarter}"
    return f"{MONTH_NAMES[start.month - 1]} {start.year}", f"{start.year}-{start.month:02d}"


def meeting_periods(meetings: Iterable[date], since: date) -> list[ReferencePeriod]:
    """One period per meeting: from the day after the previous meeting (or ``since``) to the
    meeting's day, labelled by the meeting."""
    periods = []
    previous = since - timedelta(days=1)
    for day in sorted(set(meetings)):
        periods.append(
            ReferencePeriod(
                previous + timedelta(days=1),
                day,
                f"réunion du {day:%d/%m/%Y}",
                f"m{day.isoformat()}",
            )
        )
        previous = day
    return periods
