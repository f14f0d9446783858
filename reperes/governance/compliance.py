"""Read models for the pages and the API: bodies with their held-versus-required for a year.

Bridge between the stored rows and the pure rules (``reperes.governance.rules``); the
convention's status on 1 January and 31 December comes from ``reperes.rules.periods``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from reperes.conventions.dates import calendar_of, events_of, terms_of
from reperes.conventions.models import Convention, Party
from reperes.rules.periods import status_on

from . import rules
from .models import Body, Meeting

# The status pills of reperes.css (green, blue, red, grey, amber).
STATE_CLASSES: dict[rules.State, str] = {
    rules.State.MET: "status-in_force",
    rules.State.IN_PROGRESS: "status-signed",
    rules.State.OVERDUE: "status-terminated",
    rules.State.NOT_REQUIRED: "status-draft",
    rules.State.NO_RULE: "status-draft",
    rules.State.UNKNOWN: "status-expired",
}

COVERAGE_LABELS: dict[rules.Coverage, str] = {
    rules.Coverage.APPLIES: "La convention s'applique en {year} : chaque instance doit se réunir "
    "à son rythme sur l'année entière.",
    rules.Coverage.APPLIES_UNCERTAIN: "La convention s'applique en {year}, mais ses dates "
    "sont incertaines : l'année entière est comptée.",
    rules.Coverage.DOES_NOT_APPLY: "La convention ne s'applique pas en {year} : aucune réunion "
    "n'est due.",
    rules.Coverage.UNKNOWN: "La période d'application de la convention n'est pas connue : les "
    "réunions dues ne peuvent pas être calculées.",
}


def coverage_for(convention: Convention, year: int) -> rules.Coverage:
    terms = terms_of(convention)
    events = events_of(convention)
    calendar = calendar_of(convention)
    first = status_on(terms, events, date(year, 1, 1), calendar)
    last = status_on(terms, events, date(year, 12, 31), calendar)
    return rules.coverage_in_year(
        first.status, last.status, first_certain=first.certain, last_certain=last.certain
    )


def with_related(queryset: QuerySet[Body]) -> QuerySet[Body]:
    """Everything the compliance and the list need, in a fixed number of queries."""
    parties = Party.objects.select_related("organisation")
    return queryset.select_related(
        "convention", "convention__follows", "organiser__organisation"
    ).prefetch_related(
        Prefetch("convention__parties", queryset=parties),
        "convention__events",
        Prefetch("convention__follows__parties", queryset=parties),
        "convention__follows__events",
        "seats__organisation",
        Prefetch(
            "meetings",
            queryset=Meeting.objects.only("id", "body_id", "starts_at", "status", "public_id"),
        ),
    )


@dataclass(frozen=True)
class BodyRow:
    body: Body
    compliance: rules.Compliance

    @property
    def css(self) -> str:
        return STATE_CLASSES[self.compliance.state]


class ComplianceCalculator:
    """Caches the convention's coverage: several bodies share one convention."""

    def __init__(self, year: int, today: date) -> None:
        self.year = year
        self.today = today
        self._coverage: dict[int, rules.Coverage] = {}

    def coverage(self, convention: Convention) -> rules.Coverage:
        if convention.pk not in self._coverage:
            self._coverage[convention.pk] = coverage_for(convention, self.year)
        return self._coverage[convention.pk]

    def __call__(self, body: Body) -> rules.Compliance:
        return rules.compliance(
            body.frequency,
            self.coverage(body.convention),
            self.year,
            (m.fact for m in body.meetings.all()),
            self.today,
        )


def body_rows(bodies: Iterable[Body], year: int, today: date) -> list[BodyRow]:
    calculate = ComplianceCalculator(year, today)
    return [BodyRow(body, calculate(body)) for body in bodies]


def year_choices(year: int, today: date) -> list[int]:
    """The years offered by the year picker: a few around the chosen one and today."""
    return sorted({*range(today.year - 3, today.year + 2), year})


def parse_year(raw: str | None, default: int) -> int | None:
    """``?annee=2025``: ``None`` when the value is not a plausible year."""
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not 1900 <= int(raw) <= 2200:
        return None
    return int(raw)
