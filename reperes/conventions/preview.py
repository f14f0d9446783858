"""The calendar a convention *would* generate: its duties (document and report clauses), its
payments (instalments of its schedules) and its meetings (bodies' frequency), over its period —
computed, never stored. The funder sees it before signing (set-up), the operator's director
before accepting (``conventions:decide``): one function for both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import groupby
from typing import Any

from dateutil.relativedelta import relativedelta

from reperes.rules import due as due_rules
from reperes.rules.periods import effective_start, initial_end

from . import catalogue, clauses
from .dates import terms_of
from .models import Convention

#: A convention renewed tacitly without limit is previewed over its first years only.
OPEN_ENDED_YEARS = 3

DUTY, REPORT, PAYMENT, MEETING = "duty", "report", "payment", "meeting"
KIND_LABELS = {DUTY: "Document", REPORT: "Rapport", PAYMENT: "Versement", MEETING: "Réunion"}


@dataclass(frozen=True)
class Item:
    kind: str
    title: str
    due_on: date | None
    source: str
    detail: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


# Who plans the convention's payments over ``years``: money, above conventions, registers
# ``provider(convention, years) -> (items, problems)`` from ``MoneyConfig.ready``.
PaymentsProvider = Callable[[Convention, list[int]], tuple[list[Item], list[str]]]
_PAYMENTS: list[PaymentsProvider] = []


def payments_from(provider: PaymentsProvider) -> PaymentsProvider:
    """Register ``provider(convention, years) -> (items, problems)``; usable as a decorator."""
    if provider not in _PAYMENTS:
        _PAYMENTS.append(provider)
    return provider


@dataclass(frozen=True)
class Month:
    label: str
    items: list[Item]


@dataclass(frozen=True)
class Year:
    year: int
    months: list[Month]


@dataclass
class Preview:
    start: date | None
    end: date | None
    items: list[Item] = field(default_factory=list)
    undated: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def years(self) -> list[Year]:
        dated = sorted(
            (i for i in self.items if i.due_on is not None),
            key=lambda i: (i.due_on, i.kind, i.title),
        )
        result = []
        for year, in_year in groupby(dated, key=lambda i: i.due_on.year):  # type: ignore[union-attr]  # dated: the items with a due date
            months = [
                Month(f"{due_rules.MONTH_NAMES[month - 1]} {year}", list(in_month))
                for month, in_month in groupby(in_year, key=lambda i: i.due_on.month)  # type: ignore[union-attr]  # dated: the items with a due date
            ]
            result.append(Year(year, months))
        return result

    def count(self, kind: str) -> int:
        return sum(1 for i in (*self.items, *self.undated) if i.kind == kind)

    @property
    def counts(self) -> list[tuple[str, int]]:
        return [(KIND_LABELS[k], self.count(k)) for k in (DUTY, REPORT, PAYMENT, MEETING)]


def span(convention: Convention, on: date) -> tuple[date | None, date | None, str]:
    """The period the preview covers: the convention's, as if signed on ``on`` when it is not
    signed yet (a start « à la signature »); for an open-ended tacit renewal, its first years."""
    terms = (
        terms_of(convention)
        if convention.is_signed
        else terms_of(convention, signed=True, signed_on=on)
    )
    start, end = effective_start(terms), initial_end(terms)
    if start is None:
        return None, None, "La période n'est pas renseignée : rien ne peut être daté."
    note = ""
    if end is None:
        end = start + relativedelta(years=OPEN_ENDED_YEARS) - timedelta(days=1)
        note = (
            f"Reconduction sans limite : l'aperçu couvre les {OPEN_ENDED_YEARS} premières années."
        )
    if convention.starts_at_signature and not convention.is_signed:
        note = (note + " " if note else "") + (
            f"Début à la signature : l'aperçu la suppose signée le {on:%d/%m/%Y}."
        )
    return start, end, note


def preview(convention: Convention, on: date) -> Preview:
    """Everything the convention would generate over its period (see the module's docstring)."""
    start, end, note = span(convention, on)
    result = Preview(start, end, notes=[note] if note else [])
    bodies = list(convention.bodies.prefetch_related("meetings"))
    if start is None or end is None:
        result.undated.extend(_standing_duties(convention, on))
        return result
    for item in clauses.due_items(convention, start, end, clauses.meetings_of(convention)):
        result.items.append(
            Item(
                REPORT if item.kind == catalogue.REPORT else DUTY,
                item.title,
                item.due_on,
                item.source,
                _owner(convention, item.owner_role),
            )
        )
    result.undated.extend(
        i for i in _standing_duties(convention, end) if not _dated(i, result.items)
    )
    years = list(range(start.year, end.year + 1))
    result.items.extend(_meetings(convention, bodies, years))
    for provider in _PAYMENTS:
        items, problems = provider(convention, years)
        result.items.extend(i for i in items if i.due_on is not None)
        result.undated.extend(i for i in items if i.due_on is None)
        result.notes.extend(problems)
    return result


def _owner(convention: Convention, role: str) -> str:
    for party in convention.parties.all():
        if party.role == role:
            return f"Par : {party.organisation}"
    return ""


def _standing_duties(convention: Convention, on: date) -> list[Item]:
    """Duties due before each meeting of a body whose meetings are not planned yet."""
    result = []
    for bound in clauses.in_force(convention, on, (catalogue.DOCUMENT, catalogue.REPORT)):
        if bound.params.get("periodicity") == due_rules.MEETING:
            kind = REPORT if bound.kind == catalogue.REPORT else DUTY
            result.append(Item(kind, bound.text, None, bound.source))
    return result


def _dated(item: Item, dated: Iterable[Item]) -> bool:
    return any(d.source == item.source and d.kind == item.kind for d in dated)


def _meetings(convention: Convention, bodies: list[Any], years: list[int]) -> list[Item]:
    """Each body's meetings a year: at a regular interval, one by the end of each interval;
    otherwise the year's number by 31 December."""
    result = []
    for body in bodies:
        n = body.meetings_per_year
        if not n:
            continue
        source = clauses.source_label(convention, "") + (
            f" — {body.frequency_text}" if body.frequency_text else ""
        )
        if body.source:
            source = body.source
        at_least = "au moins " if body.minimum else ""
        for year in years:
            if body.regular_interval:
                months = 12 // n
                for index in range(n):
                    last = date(year, 1, 1) + relativedelta(months=months * (index + 1))
                    result.append(
                        Item(
                            MEETING,
                            f"{body.name} : réunion {index + 1} sur {n} de {year}",
                            last - timedelta(days=1),
                            source,
                            f"Organisée par : {body.organiser.organisation}",
                        )
                    )
            else:
                word = "réunion" if n == 1 else "réunions"
                result.append(
                    Item(
                        MEETING,
                        f"{body.name} : {at_least}{n} {word} en {year}",
                        date(year, 12, 31),
                        source,
                        f"Organisée par : {body.organiser.organisation}",
                    )
                )
    return result
