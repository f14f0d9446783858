"""What the document and report clauses of a service's conventions make it owe, and when.

The one place both the deadlines (stored obligations, reminders, the calendar:
``reperes.deadlines``) and the staff page (« Documents budgétaires et comptables : échéances de
l'année », ``reperes.people``) ask, so that they never disagree. Everything comes from the
clauses (``reperes.conventions.clauses``): no date, document or convention is known here.

A duty about a reference period is owed under a convention when that convention *binds* the
service (``reperes.conventions.access``: accepted by its operator, not ended) during the calendar year
the period ends in: the accounts of the last year of a convention are still owed after it ends;
nothing is owed about a year in which the convention did not bind (not yet accepted, refused,
withdrawn) — and nothing at all under a convention that never bound.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from reperes.conventions.access import accepted_by_operator
from reperes.rules.due import MEETING
from reperes.rules.periods import effective_start, initial_end

from . import catalogue
from . import clauses as resolver
from .clauses import DueItem
from .dates import terms_of
from .models import Clause, Convention


class Bindings:
    """Which conventions bind a service during a calendar year, asked once per (service, year)
    (``clauses.binding_for_service``) and remembered for the rest of a page or a job."""

    def __init__(self) -> None:
        self._years: dict[tuple[int, int], set[int]] = {}

    def during(self, service_id: int, year: int) -> set[int]:
        key = (service_id, year)
        if key not in self._years:
            self._years[key] = {
                c.pk
                for c in resolver.binding_for_service(
                    service_id, date(year, 1, 1), date(year, 12, 31)
                )
            }
        return self._years[key]

    def binds_in(self, convention: Convention, year: int) -> bool:
        if convention.service_id is None:
            return False
        return convention.pk in self.during(convention.service_id, year)


def span(convention: Convention, until: date) -> tuple[date, date] | None:
    """The days whose periods the convention's clauses are about: from its start to its end,
    or, when it has none (tacit renewal), to the end of the year after ``until``'s (the budget
    of next year is due this year).

    When it starts at a signature whose date is unknown, the start is the first dated version
    of its document and report clauses, or else the operator's acceptance, or else the approval
    of its model convention (an instance cannot have started before its model was approved).
    Failing all of them, nothing can be dated: ``None``. The start never depends on the day the
    question is asked, so that a past year's duties stay what they were."""
    terms = terms_of(convention)
    start = effective_start(terms)
    if start is None:
        start = (
            Clause.objects.filter(resolver.clauses_q(convention))
            .filter(kind__in=(catalogue.DOCUMENT, catalogue.REPORT), valid_from__isnull=False)
            .order_by("valid_from")
            .values_list("valid_from", flat=True)
            .first()
        )
    if start is None:
        start = convention.operator_decided_on or _model_approved_on(convention)
    if start is None:
        return None
    end = initial_end(terms) or date(until.year + 1, 12, 31)
    return (start, end) if start <= end else None


def _model_approved_on(convention: Convention) -> date | None:
    template = convention.template
    if template is None or template.approved_by is None:
        return None
    return template.approved_by.decided_on


def convention_duties(
    convention: Convention, until: date, bindings: Bindings | None = None
) -> list[DueItem]:
    """The dated duties of ``convention``'s document and report clauses over its span, kept
    when the convention binds its service in the year their period ends in."""
    bounds = span(convention, until)
    if bounds is None or convention.service_id is None:
        return []
    bindings = bindings or Bindings()
    history = resolver.versions(convention)
    dated = [
        h[-1] for h in history.values() if h[-1].kind in (catalogue.DOCUMENT, catalogue.REPORT)
    ]
    if not dated:
        return []
    needs_meetings = any(b.params.get("periodicity") == MEETING for b in dated)
    meetings = resolver.meetings_of(convention) if needs_meetings else {}
    items = resolver.due_items(convention, *bounds, meetings, history=history)
    # Nothing is owed under a convention before it starts (a convention signed in December
    # does not ask for the budget due that October), nor about a year it does not bind.
    return [
        i
        for i in items
        if i.due_on >= bounds[0] and bindings.binds_in(convention, i.period.end.year)
    ]


def _accepted(service: Any) -> list[Convention]:
    return list(
        accepted_by_operator(Convention.objects.filter(service=service))
        .select_related("template__approved_by", "service")
        .order_by("starts_on", "pk")
    )


def service_duties(
    service: Any,
    until: date,
    kinds: Iterable[str] = (catalogue.DOCUMENT,),
    bindings: Bindings | None = None,
) -> list[DueItem]:
    """The duties of every convention binding ``service``, of the clause ``kinds`` given, each
    labelled with its source (two conventions binding the service both apply)."""
    wanted = set(kinds)
    bindings = bindings or Bindings()
    items = [
        item
        for convention in _accepted(service)
        for item in convention_duties(convention, until, bindings)
        if item.kind in wanted
    ]
    return sorted(items, key=lambda i: (i.due_on, i.title, i.source))


def documents_due_in(
    service: Any, year: int, today: date, bindings: Bindings | None = None
) -> list[DueItem]:
    """The documents ``service`` owes with a due date in ``year``: the staff page's list, and
    exactly the document obligations the deadlines page holds for that year."""
    until = max(today, date(year, 12, 31))
    items = service_duties(service, until, bindings=bindings)
    return [i for i in items if i.due_on.year == year]


def document_due_on(service: Any, kind: str, year: int, today: date) -> date | None:
    """When the document of ``kind`` about ``year`` is due (the earliest date when two binding
    conventions ask for it), ``None`` when no binding convention asks for it."""
    until = max(today, date(year + 1, 12, 31))
    dates = [
        i.due_on
        for i in service_duties(service, until)
        if i.what == kind and i.period.start.year == year
    ]
    return min(dates) if dates else None
