"""The staffing terms of the conventions that bind a service: qualification (VAE), prior written
approval, what makes the presence of educators count. Each comes from a clause (or, for the
presence, a payment schedule prorated on it, registered by money) of a convention binding the
service (``reperes.conventions.clauses``), with its source; none of a convention that does not
bind it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from reperes.conventions import catalogue, clauses
from reperes.conventions.access import accepted_by_operator
from reperes.conventions.clauses import BoundClause, FromClause
from reperes.conventions.duties import Bindings
from reperes.conventions.models import Convention
from reperes.rules.delays import Delay, Unit

from .enums import ChangeRequestKind

# What each kind of request asks approval for, in the catalogue's subjects.
REQUEST_SUBJECTS = {
    ChangeRequestKind.STAFFING_CHANGE: "staffing",
    ChangeRequestKind.INVESTMENT: "investment",
    ChangeRequestKind.LOAN: "loan",
}


# Who else makes the presence of educators count: the apps above people (money's payment
# schedules prorated on it) register ``provider(conventions) -> sources`` from their
# ``AppConfig.ready``; people never imports them.
PresenceProvider = Callable[[list[Convention]], list[str]]
_PRESENCE_PROVIDERS: list[PresenceProvider] = []


def presence_counts_under(provider: PresenceProvider) -> PresenceProvider:
    """Register ``provider(conventions) -> sources``: the sources, among ``conventions``, that
    make the presence of educators count; usable as a decorator."""
    if provider not in _PRESENCE_PROVIDERS:
        _PRESENCE_PROVIDERS.append(provider)
    return provider


@dataclass(frozen=True)
class QualificationRule(FromClause):
    """« Staff of ``category`` without the required diploma qualify within ``delay`` »."""

    category: str
    delay: Delay
    bound: BoundClause


def _year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


@dataclass(frozen=True)
class StaffingTerms:
    """What the conventions binding a service say about its staff: during a year (the
    qualification rules, why the presence of educators counts) and today (prior approval)."""

    qualification: list[QualificationRule]
    presence_sources: list[str]
    approvals: list[BoundClause]


def staffing_terms(
    service: Any, year: int, today: date, bindings: Bindings | None = None
) -> StaffingTerms:
    """The staffing terms of ``service`` (one pass over its binding conventions' clauses)."""
    bindings = bindings or Bindings()
    _start, end = _year(year)
    during = list(
        Convention.objects.filter(pk__in=bindings.during(service.pk, year)).select_related(
            "template"
        )
    )
    qualification: list[QualificationRule] = []
    presence: list[str] = []
    for convention in during:
        for bound in clauses.in_force(
            convention, end, [catalogue.QUALIFICATION, catalogue.MINIMUM_STAFF]
        ):
            if bound.kind == catalogue.MINIMUM_STAFF:
                presence.append(bound.source)
            elif (rule := _qualification(bound)) is not None:
                qualification.append(rule)
    for provider in _PRESENCE_PROVIDERS:
        presence.extend(provider(during))
    return StaffingTerms(qualification, sorted(set(presence)), prior_approvals(service, today))


def _qualification(bound: BoundClause) -> QualificationRule | None:
    params = bound.params
    try:
        delay = Delay(int(params["delay_value"]), Unit(params["delay_unit"]))
    except (KeyError, TypeError, ValueError):
        return None
    return QualificationRule(str(params.get("category", "")), delay, bound)


def qualification_rules(service: Any, year: int) -> list[QualificationRule]:
    """The qualification clauses of the conventions binding ``service`` during ``year``."""
    start, end = _year(year)
    found = clauses.for_service(service, start, [catalogue.QUALIFICATION], until=end)
    return [rule for bound in found if (rule := _qualification(bound)) is not None]


def prior_approvals(service: Any, on: date) -> list[BoundClause]:
    """The prior written approval clauses of the conventions binding ``service`` on ``on``."""
    return clauses.for_service(service, on, [catalogue.PRIOR_APPROVAL])


def subjects(approvals: list[BoundClause]) -> set[str]:
    return {str(s) for bound in approvals for s in bound.params.get("subjects", [])}


def requestable_kinds(approvals: list[BoundClause]) -> list[str]:
    """The kinds of request the binding clauses submit to approval."""
    wanted = subjects(approvals)
    return [kind for kind, subject in REQUEST_SUBJECTS.items() if subject in wanted]


def approver_roles(convention: Convention, on: date) -> set[str]:
    """The roles of the parties that approve, under ``convention``'s clauses on ``on``."""
    return {
        str(bound.params.get("approver", ""))
        for bound in clauses.in_force(convention, on, [catalogue.PRIOR_APPROVAL])
    }


def first_convention_start(service: Any) -> date | None:
    """When the service's first convention its operator accepted was put into effect ("mise en
    œuvre"): its start date, or its signature date when it starts at signature."""
    conventions = accepted_by_operator(Convention.objects.filter(service=service))
    starts = [
        starts_on or (signed_on if at_signature else None)
        for starts_on, at_signature, signed_on in conventions.values_list(
            "starts_on", "starts_at_signature", "signed_on"
        )
    ]
    known = [start for start in starts if start is not None]
    return min(known) if known else None
