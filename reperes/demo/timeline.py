"""The demo's clock: the seeds tell their story in one year, the demo tells it in the load's.

The seed conventions of Meurthe-et-Moselle (seed 000) and of the Drôme (seed 004) run from 1
January 2023 to 31 December 2025: the seeds' story is set in 2025 (``REFERENCE_YEAR``), their
last year, with 2024 behind it. Loaded on another day, every date of the demo's story — the
conventions' periods and clauses, payments, meetings, deadlines, staff, field records,
submissions — moves by the same whole number of years (``Shift``), so that the load's year is
the conventions' last year in force and the year before it is complete: the demo tells the same
story any day of any year. Whole years keep weekdays close, month ends, quarters and school
terms where they were; 29 February becomes 28 February in a common year.

What is not moved: the deliberations, authorisations and signatures the texts date (they are
facts about the parties, and each convention keeps its own dates as written in the source,
``Shift.history``).

The load's day is ``reperes.core.access.today()`` — the day access is decided on — so that a
test pins it with the ``access_day`` fixture and the clock the suite already freezes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from reperes.core import access

#: The year the seeds' story is set in: the last year of the 2023-2025 conventions.
REFERENCE_YEAR = 2025

T = TypeVar("T")


def load_day() -> date:
    """The day the demo is loaded on."""
    return access.today()


@dataclass(frozen=True)
class Shift:
    """Whole years added to every date of the seeds' story."""

    years: int = 0

    def day(self, value: date) -> date:
        """``value`` moved by ``years`` (29 February → 28 February in a common year)."""
        if not self.years:
            return value
        try:
            return value.replace(year=value.year + self.years)
        except ValueError:  # 29 February
            return value.replace(year=value.year + self.years, day=28)

    def at(self, value: datetime) -> datetime:
        return self.day(value)  # type: ignore[return-value]  # datetime is a date

    def year(self, value: int) -> int:
        return value + self.years

    def spec(self, value: T, *, keep: tuple[type, ...] = ()) -> T:
        """A seed description (nested frozen dataclasses, tuples, dicts) with every date moved,
        except inside the dataclasses of ``keep``."""
        if not self.years:
            return value
        return self._walk(value, keep)

    def _walk(self, value: Any, keep: tuple[type, ...]) -> Any:
        if isinstance(value, date):
            return self.day(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if isinstance(value, keep):
                return value
            changes = {
                f.name: self._walk(getattr(value, f.name), keep) for f in dataclasses.fields(value)
            }
            return dataclasses.replace(value, **changes)
        if isinstance(value, tuple):
            return tuple(self._walk(v, keep) for v in value)
        if isinstance(value, list):
            return [self._walk(v, keep) for v in value]
        if isinstance(value, dict):
            return {k: self._walk(v, keep) for k, v in value.items()}
        return value


def current(on: date | None = None) -> Shift:
    """The shift for a demo loaded on ``on`` (default: the load's day)."""
    return Shift((on or load_day()).year - REFERENCE_YEAR)
