"""Staffing rules: planned and actual FTE, presence of educators, VAE deadlines, the state of
a budgetary document. Pure Python, no Django import: the views and the money app build
``StaffRecord`` values from the register and call these functions.

Sources and readings:

- Staffing table in ETP by category: seed 000 art. 5 ("Un directeur à hauteur d'1 ETP, un poste
  administratif à hauteur d'1 ETP, 8 éducateurs spécialisés … représentant 8 ETP"), seed 001
  art. 2 ("X ETP de direction, X ETP de travailleurs sociaux, X ETP d'administratif, X autres")
  and « Composition des équipes de prévention spécialisée » (e.g. SPS Arras: 1 ETP de chef de
  service, 3,83 ETP de travailleurs sociaux, 0,5 ETP d'administratif).
- Actual FTE: what the register has in post on a date (arrival and departure days included,
  the departure being the last day worked), and the yearly average = FTE-days / days of the
  year (366 in a leap year), so that a person at 1 ETP for half of the year counts 0,5.
- Presence of educators: seed 004 art. 6 ("Si la présence éducative réelle sur l'année est
  inférieure au prévisionnel alors le versement de ce solde sera effectué au prorata de la
  présence réelle des éducateurs"). Real presence = FTE-days of the social workers that count
  for presence; planned presence = planned social-worker FTE × days of the year. The "6 postes
  de prévention" financed by the Drôme are read as 6 ETP of social workers.
- Qualification (VAE), as a convention's ``qualification`` clause states it (for instance « La
  validation des acquis d'expérience pour des personnels non titulaires du diplôme requis sera
  impérative dans un délai de 2 ans après la mise en œuvre de la convention »): the clause names
  the category concerned and the delay. Reading: for a person already in post, the delay runs
  from the convention's start (its "mise en œuvre"); a person recruited later cannot be expected
  to validate before being hired, so for them it runs from their arrival. Deadline = the delay
  after the later of the two dates, counted "de quantième à quantième" (code de procédure civile
  art. 641), not extended to a working day: it is a contractual deadline, not a procedural act.
  The convention start is that of the service's first convention its operator accepted (its
  start date, or its signature when it "entre en vigueur à compter de sa signature"): a renewal
  does not restart the clock. When that date is unknown, the deadline counted from the arrival
  is only a lower bound and is not reported overdue. Overdue the day after the deadline; no
  concern once the person has left.
- Budgetary and accounting documents: which are due and when is said by the document clauses of
  the conventions binding the service (``reperes.deadlines.duties``); here only the state of a
  document against its due date. "Avant le 30 avril" is read, as the BRIEF does, as "by 30
  April": the date shown is the last day on which the document is on time.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from reperes.rules.allocation import round_half_up
from reperes.rules.delays import Delay, unextended_end
from reperes.rules.schedules import StaffSpell, fte_in_post, planned_fte_days, presence_fte_days

# The values of ``reperes.people.enums.StaffCategory``, in the staffing table's order.
DIRECTION = "direction"
SOCIAL_WORKER = "social_worker"
ADMINISTRATIVE = "administrative"
MAINTENANCE = "maintenance"
OTHER = "other"
CATEGORIES = (DIRECTION, SOCIAL_WORKER, ADMINISTRATIVE, MAINTENANCE, OTHER)

ZERO = Decimal(0)


@dataclass(frozen=True)
class StaffRecord:
    """One line of the staff register, as the rules need it (no name)."""

    category: str
    fte: Decimal
    arrival: date
    departure: date | None = None
    counts_for_presence: bool = True
    has_required_diploma: bool = True

    def spell(self) -> StaffSpell:
        return StaffSpell(fte=self.fte, arrival=self.arrival, departure=self.departure)

    def present_during(self, start: date, end: date) -> bool:
        return self.arrival <= end and (self.departure is None or self.departure >= start)


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def _of(staff: Iterable[StaffRecord], category: str) -> list[StaffSpell]:
    return [r.spell() for r in staff if r.category == category]


# --- Actual FTE ----------------------------------------------------------------------------------


def actual_fte_on(staff: Sequence[StaffRecord], on: date) -> dict[str, Decimal]:
    """FTE in post on ``on`` per category (every category, 0 when nobody)."""
    return {c: fte_in_post(_of(staff, c), on) for c in CATEGORIES}


def fte_days(staff: Sequence[StaffRecord], year: int) -> dict[str, Decimal]:
    """FTE-days per category over the calendar year, first and last days included."""
    start, end = year_bounds(year)
    return {c: presence_fte_days(_of(staff, c), start, end) for c in CATEGORIES}


def average_fte(staff: Sequence[StaffRecord], year: int) -> dict[str, Decimal]:
    """Yearly average FTE per category: FTE-days / days of the year, rounded half-up to the
    hundredth (the precision of a staffing table: "3,83 ETP")."""
    days = days_in_year(year)
    return {c: round_half_up(Fraction(v) / days, 2) for c, v in fte_days(staff, year).items()}


@dataclass(frozen=True)
class CategoryComparison:
    """Planned against actual for one category. ``planned`` is ``None`` when the table has no
    line for it; the gaps then compare with zero."""

    category: str
    planned: Decimal | None
    actual_on: Decimal
    average: Decimal

    @property
    def gap_on(self) -> Decimal:
        """Actual on the date minus planned: negative when posts are vacant."""
        return self.actual_on - (self.planned or ZERO)

    @property
    def gap_average(self) -> Decimal:
        """Yearly average minus planned."""
        return self.average - (self.planned or ZERO)


def compare(
    planned: Mapping[str, Decimal], staff: Sequence[StaffRecord], year: int, on: date
) -> list[CategoryComparison]:
    """One row per category that is planned or staffed, in the table's order."""
    actual = actual_fte_on(staff, on)
    average = average_fte(staff, year)
    return [
        CategoryComparison(c, planned.get(c), actual[c], average[c])
        for c in CATEGORIES
        if c in planned or actual[c] or average[c]
    ]


def total(rows: Sequence[CategoryComparison]) -> CategoryComparison:
    """The table's total row (category ``""``)."""
    planned = [r.planned for r in rows if r.planned is not None]
    return CategoryComparison(
        "",
        sum(planned, ZERO) if planned else None,
        sum((r.actual_on for r in rows), ZERO),
        sum((r.average for r in rows), ZERO),
    )


# --- Presence of educators (seed 004 art. 6) -----------------------------------------------------


def presence_spells(staff: Iterable[StaffRecord]) -> list[StaffSpell]:
    """The spells whose presence enters the prorata: social workers marked as counting."""
    return [r.spell() for r in staff if r.category == SOCIAL_WORKER and r.counts_for_presence]


def real_presence(staff: Sequence[StaffRecord], year: int) -> Decimal:
    """Real presence of educators over ``year`` in FTE-days."""
    start, end = year_bounds(year)
    return presence_fte_days(presence_spells(staff), start, end)


def planned_presence(planned_social_worker_fte: Decimal, year: int) -> Decimal:
    """Planned presence over ``year`` in FTE-days: planned social-worker FTE × days."""
    start, end = year_bounds(year)
    return planned_fte_days(planned_social_worker_fte, start, end)


# --- VAE (a qualification clause) ----------------------------------------------------------------


@dataclass(frozen=True)
class VaeStatus:
    """``certain`` is false when the convention's start is unknown (a convention that "entrera
    en vigueur à compter de sa signature", signed on an unknown date): the deadline is then
    counted from the arrival, a lower bound, and never reported overdue."""

    deadline: date
    runs_from: date
    certain: bool
    overdue: bool
    days_left: int


def vae_deadline(arrival: date, convention_start: date | None, delay: Delay) -> date:
    """``delay`` after the later of the convention's start and the person's arrival (see the
    module's docstring); after the arrival alone when the start is unknown."""
    runs_from = arrival if convention_start is None else max(arrival, convention_start)
    return unextended_end(runs_from, delay)


def vae_status(
    record: StaffRecord,
    convention_start: date | None,
    on: date,
    *,
    delay: Delay,
    category: str,
) -> VaeStatus | None:
    """``None`` when the person is not concerned: diploma held, not of the ``category`` the
    clause names, or gone."""
    if record.has_required_diploma or record.category != category:
        return None
    if record.departure is not None and record.departure < on:
        return None
    runs_from = (
        record.arrival if convention_start is None else max(record.arrival, convention_start)
    )
    deadline = vae_deadline(record.arrival, convention_start, delay)
    certain = convention_start is not None
    return VaeStatus(
        deadline=deadline,
        runs_from=runs_from,
        certain=certain,
        overdue=certain and on > deadline,
        days_left=(deadline - on).days,
    )


# --- Budgetary documents -------------------------------------------------------------------------


class DocumentState(StrEnum):
    ON_TIME = "on_time"
    RECEIVED_LATE = "received_late"
    LATE = "late"
    EXPECTED = "expected"


DOCUMENT_STATE_LABELS = {
    DocumentState.ON_TIME: "Reçu dans les délais",
    DocumentState.RECEIVED_LATE: "Reçu après l'échéance",
    DocumentState.LATE: "Non reçu, échéance passée",
    DocumentState.EXPECTED: "À venir",
}


def document_state(due: date, received_on: date | None, on: date) -> DocumentState:
    if received_on is not None:
        return DocumentState.ON_TIME if received_on <= due else DocumentState.RECEIVED_LATE
    return DocumentState.LATE if on > due else DocumentState.EXPECTED
