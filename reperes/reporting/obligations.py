"""Which reports a service owes: the ``report`` clauses of the conventions that bind it
(``reperes.conventions.clauses``), each with its model, periodicity, due rule, recipients and
source — never « every model for everyone ».

A report model (``reports.MODELS``) is only a table of contents. The clause says which model a
convention asks for, about which periods (every year, semester, quarter, month, or before each
meeting of a body) and by when; a 2024 period is checked against the clauses that held in 2024.
The report pages, the API, the publications and the demo all ask here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from reperes.conventions import catalogue, clauses
from reperes.conventions.clauses import BoundClause, FromClause
from reperes.conventions.models import Convention
from reperes.rules import due as due_rules

from .indicators import Period, french_date
from .models import PublicationKind
from .report_types import ModelSpec as ReportModel
from .reports import MODELS

# How many calendar years back a convention without a start date may publish.
LOOKBACK_YEARS = 3


@dataclass(frozen=True)
class Obligation(FromClause):
    """A report clause as it applies to a service: the model it asks for, and where from."""

    bound: BoundClause

    @property
    def key(self) -> str:
        return str(self.bound.params.get("model", ""))

    @property
    def model(self) -> ReportModel:
        return MODELS[self.key]

    @property
    def title(self) -> str:
        return str(self.bound.params.get("title") or self.model.title)

    @property
    def periodicity(self) -> str:
        return str(self.bound.params.get("periodicity", ""))

    @property
    def periodicity_label(self) -> str:
        return due_rules.PERIODICITY_LABELS.get(self.periodicity, self.periodicity)

    @property
    def due(self) -> due_rules.Due:
        return due_rules.Due.from_params(self.bound.params.get("due") or {})

    @property
    def owner(self) -> str:
        return str(self.bound.params.get("owner", ""))

    @property
    def recipients(self) -> list[str]:
        return list(self.bound.params.get("recipients") or [])

    @property
    def convention(self) -> Convention:
        return self.bound.convention

    @property
    def kind(self) -> str:
        """The kind of period it is published for (``PublicationKind``)."""
        return publication_kind(self.periodicity, self.model)


def _ordered(obligations: Iterable[Obligation]) -> list[Obligation]:
    order = {key: i for i, key in enumerate(MODELS)}
    return sorted(
        obligations, key=lambda o: (order[o.key], o.convention.starts_on or date.min, o.source)
    )


def report_obligations(service: Any, on: date, until: date | None = None) -> list[Obligation]:
    """The report clauses that apply to ``service`` on ``on`` (or over ``on``–``until``: the
    conventions binding it on some day of the span, their clauses in force at its end), in
    the catalogue's order of models. A clause naming a model Repères does not have is left
    out (the set-up form cannot save one)."""
    bound = clauses.for_service(service, on, [catalogue.REPORT], until=until)
    return _ordered(Obligation(b) for b in bound if b.params.get("model") in MODELS)


def by_model(obligations: Iterable[Obligation]) -> dict[str, list[Obligation]]:
    """The obligations grouped by model (two conventions may ask for the same one), in the
    order ``report_obligations`` gives them (the catalogue's order of models: sorting them
    again would read the composed models once more)."""
    result: dict[str, list[Obligation]] = {}
    for obligation in obligations:
        result.setdefault(obligation.key, []).append(obligation)
    return result


#: The report obligations of a service over a span, kept by a page for one request.
Owed = dict[tuple[date, date], list[Obligation]]


def obligations_for(
    service: Any, model_key: str, period: Period, owed: Owed | None = None
) -> list[Obligation]:
    """The clauses that ask ``service`` for the report ``model_key`` about ``period`` (those
    that held then: a 2024 report follows the 2024 clauses). ``owed``: what a page has read
    already, for several models of the same period (filled here)."""
    owed = {} if owed is None else owed
    span = (period.start, period.end)
    if span not in owed:
        owed[span] = report_obligations(service, period.start, until=period.end)
    return [o for o in owed[span] if o.key == model_key]


def sources(obligations: Sequence[Obligation]) -> str:
    """« Convention « A », art. 10 ; Convention « B », art. 3 »: every clause asking for it."""
    return " ; ".join(dict.fromkeys(o.source for o in obligations))


# ---------------------------------------------------------------- periods


def publication_kind(periodicity: str, model: ReportModel) -> str:
    """The kind of period a report is published for: the clause's periodicity, from 1 January
    when the model covers the year to date."""
    if periodicity == due_rules.MEETING:
        return PublicationKind.MEETING
    if periodicity == due_rules.YEAR:
        return PublicationKind.YEAR
    cumulative = {
        due_rules.SEMESTER: PublicationKind.YEAR_TO_SEMESTER,
        due_rules.QUARTER: PublicationKind.YEAR_TO_QUARTER,
        due_rules.MONTH: PublicationKind.YEAR_TO_MONTH,
    }
    plain = {
        due_rules.SEMESTER: PublicationKind.SEMESTER,
        due_rules.QUARTER: PublicationKind.QUARTER,
        due_rules.MONTH: PublicationKind.MONTH,
    }
    return (cumulative if model.cumulative else plain).get(periodicity, PublicationKind.YEAR)


def period_label(kind: str, period: Period) -> str:
    """How a published period is named (« 1er semestre 2024 », « 2024, du 1er janvier à la fin
    du 3e trimestre », « jusqu'à la réunion du 13 mars 2025 »)."""
    end = period.end
    if kind in (PublicationKind.SEMESTER, PublicationKind.YEAR_TO_SEMESTER):
        half = 1 if end.month <= 6 else 2
        ordinal = f"{half}{'er' if half == 1 else 'e'}"
        if kind == PublicationKind.SEMESTER:
            return f"{ordinal} semestre {end.year}"
        return f"{end.year}, du 1er janvier à la fin du {ordinal} semestre"
    if kind in (PublicationKind.QUARTER, PublicationKind.YEAR_TO_QUARTER):
        quarter = (end.month - 1) // 3 + 1
        ordinal = f"{quarter}{'er' if quarter == 1 else 'e'}"
        if kind == PublicationKind.QUARTER:
            return f"{ordinal} trimestre {end.year}"
        return f"{end.year}, du 1er janvier à la fin du {ordinal} trimestre"
    if kind == PublicationKind.MONTH:
        return f"{due_rules.MONTH_NAMES[end.month - 1]} {end.year}"
    if kind == PublicationKind.YEAR_TO_MONTH:
        return f"{end.year}, du 1er janvier au {french_date(end)}"
    if kind == PublicationKind.MEETING:
        return f"jusqu'à la réunion du {french_date(end)} (depuis le {french_date(period.start)})"
    return period.label


@dataclass(frozen=True)
class Offer:
    """A period a report is owed for, under the clause version that held then."""

    period: Period
    obligations: tuple[Obligation, ...]  # every binding clause asking for it, latest last

    @property
    def obligation(self) -> Obligation:
        return self.obligations[-1]

    @property
    def source(self) -> str:
        return sources(self.obligations)

    @property
    def kind(self) -> str:
        return self.obligation.kind

    @property
    def label(self) -> str:
        return period_label(self.kind, self.period)

    @property
    def key(self) -> str:
        return self.period.key


def _period(reference: due_rules.ReferencePeriod, model: ReportModel, periodicity: str) -> Period:
    if model.cumulative and periodicity != due_rules.MEETING:
        return Period(date(reference.end.year, 1, 1), reference.end)
    return Period(reference.start, reference.end)


def _span(convention: Convention, today: date) -> tuple[date, date]:
    start = convention.starts_on or date(today.year - LOOKBACK_YEARS, 1, 1)
    end = min(convention.ends_on or today, today)
    return start, end


def owed_periods(service: Any, model_key: str, today: date) -> list[Offer]:
    """The periods ``service`` owes the report ``model_key`` for, ended before ``today``: for
    each convention binding it, the periods of its report clauses asking for that model
    (``clauses.due_items``, each under the clause version in force at its end), within the
    convention's dates. Oldest first; a period owed under two conventions is offered once,
    under the latest, naming both."""
    if model_key not in MODELS:
        return []
    model = MODELS[model_key]
    first = date(max(today.year - 100, 1), 1, 1)
    found: dict[Period, list[Obligation]] = {}
    for convention in clauses.binding_for_service(service, first, today):
        start, end = _span(convention, today)
        if end < start:
            continue
        items = clauses.due_items(convention, start, end, clauses.meetings_of(convention))
        for item in items:
            if item.kind != catalogue.REPORT or item.what != model_key:
                continue
            period = _period(item.period, model, str(item.bound.params.get("periodicity", "")))
            if period.end >= today or period.start < start:
                continue
            if convention.ends_on and period.end > convention.ends_on:
                continue
            found.setdefault(period, []).append(Obligation(item.bound))
    offers = [Offer(period, tuple(obligations)) for period, obligations in found.items()]
    return sorted(offers, key=lambda o: (o.period.end, o.period.start))


def default_period(
    obligation: Obligation, today: date, service: Any = None, owed: Owed | None = None
) -> Period:
    """The period a report opens on: the last one of its clause's periodicity that has ended
    (the report is written once it is over) — or, when no clause asked for it then (a
    convention or a clause that starts this period; checked when ``service`` is given), the
    period in progress; before each meeting, the period running to the next meeting (the
    report being prepared), else to the last one, else the year to date."""
    model = obligation.model
    if obligation.periodicity == due_rules.MEETING:
        days = clauses.meeting_days(clauses.meetings_of(obligation.convention), obligation.due.body)
        past = [d for d in days if d < today]
        coming = [d for d in days if d >= today]
        since = past[-1] + timedelta(days=1) if past else date(today.year, 1, 1)
        if coming:
            return Period(since, coming[0])
        if len(past) >= 2:
            return Period(past[-2] + timedelta(days=1), past[-1])
        return Period(since, today)
    periodicity = obligation.periodicity
    if periodicity not in due_rules.MONTHS_PER_PERIOD:
        periodicity = due_rules.YEAR
    months = due_rules.MONTHS_PER_PERIOD[periodicity]
    back = date(today.year - 1, 1, 1) if months == 12 else today - timedelta(days=31 * months)
    ended = [p for p in due_rules.reference_periods(periodicity, back, today) if p.end < today]
    last = _period(ended[-1], model, periodicity)
    if service is None or obligations_for(service, obligation.key, last, owed):
        return last
    (current,) = due_rules.reference_periods(periodicity, today, today)
    return _period(current, model, periodicity)
