"""Which clauses apply: the one place that answers « what does this service (or this
convention) owe, on this date, and under which article ».

- A convention's clauses are its own and those of its model convention (an own clause with the
  same ``key`` overrides the model's), each in the version in force on the date.
- A service's clauses are those of the conventions that *bind* it (``conventions.access``: accepted by
  its operator, not ended) — nothing of a convention that does not bind it.
- Two binding clauses about the same duty that disagree are reported, not silently merged.

Every page, export, reminder and job asks here; nobody filters clauses by hand.
"""

from __future__ import annotations

import copy
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from reperes.conventions import catalogue
from reperes.conventions.models import Clause, Convention
from reperes.rules import due as due_rules


def convention_label(convention: Any) -> str:
    """« Drôme / Montélimar 2023-2025 »: how a convention is named beside a rule."""
    return getattr(convention, "short_title", "") or convention.title


def source_label(owner: Any, article: str, *, template: bool = False) -> str:
    """« Convention Drôme / Montélimar 2023-2025, art. 6 » — where a clause comes from."""
    name = (
        ("Convention type « " + owner.title + " »")
        if template
        else ("Convention « " + convention_label(owner) + " »")
    )
    return f"{name}, {article}" if article else name


@dataclass(frozen=True)
class BoundClause:
    """A clause as it applies: its version, the convention it applies through, its source."""

    clause: Clause
    convention: Convention
    inherited: bool  # comes from the model convention

    @property
    def kind(self) -> str:
        return self.clause.kind

    @property
    def key(self) -> str:
        return self.clause.key

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.clause.params)

    @property
    def source(self) -> str:
        if self.inherited:
            return source_label(self.convention.template, self.clause.article, template=True)
        return source_label(self.convention, self.clause.article)

    @property
    def text(self) -> str:
        return catalogue.describe(self.clause.kind, self.clause.params)

    @property
    def kind_label(self) -> str:
        kind = catalogue.KINDS.get(self.clause.kind)
        return kind.label if kind else self.clause.kind


class FromClause:
    """Mixin of what is read from a clause (its ``bound`` field): where it comes from and
    what it says, as the pages show them beside it."""

    bound: BoundClause

    @property
    def source(self) -> str:
        return self.bound.source

    @property
    def text(self) -> str:
        return self.bound.text


def versions(convention: Convention) -> dict[str, list[BoundClause]]:
    """Every version of every clause of ``convention`` (own, and inherited from its model
    where it has no clause of that key), by key, oldest first."""
    # The related managers keep Clause's ordering (order, key, versions), and read what
    # binding_for_service prefetched for a service's conventions.
    own = list(convention.clauses.all())
    # An own version overrides the model's clause of the same key from its date: before it,
    # the model's versions still apply (an amendment of one instance changes the future only).
    own_from: dict[str, date | None] = {}
    for clause in own:
        start = own_from.get(clause.key, clause.valid_from)
        own_from[clause.key] = (
            None if start is None or clause.valid_from is None else min(start, clause.valid_from)
        )
    result: dict[str, list[BoundClause]] = defaultdict(list)
    if convention.template_id is not None:
        for model_clause in _model_clauses(convention):
            applying = model_clause
            if model_clause.key in own_from:
                until = _until(model_clause, own_from[model_clause.key])
                if until is None:
                    continue
                applying = until
            result[applying.key].append(BoundClause(applying, convention, inherited=True))
    for clause in own:
        if not clause.withdrawn:  # a withdrawal only ends the model's clause
            result[clause.key].append(BoundClause(clause, convention, inherited=False))
    return {key: history for key, history in result.items() if history}


def _model_clauses(convention: Convention) -> list[Clause]:
    """The clauses of ``convention``'s model convention: prefetched with the model when it
    was read with the convention, else in one query."""
    template = convention.template if Convention.template.is_cached(convention) else None
    if template is not None:
        return list(template.clauses.all())
    return list(Clause.objects.filter(template_id=convention.template_id))


def _until(clause: Clause, overridden_from: date | None) -> Clause | None:
    """The model's ``clause`` as it applies before an instance's own version takes over on
    ``overridden_from`` (a copy, never saved; ``None`` when nothing of it is left)."""
    if overridden_from is None:
        return None
    if clause.valid_from is not None and clause.valid_from >= overridden_from:
        return None
    last = overridden_from - timedelta(days=1)
    if clause.valid_until is not None and clause.valid_until <= last:
        return clause
    clipped = copy.copy(clause)
    clipped.valid_until = last
    return clipped


def version_on(history: Sequence[BoundClause], day: date) -> BoundClause | None:
    """The version of a clause in force on ``day`` (``None`` when none is)."""
    for bound in history:
        if bound.clause.in_force_on(day):
            return bound
    return None


def in_force(
    convention: Convention, on: date, kinds: Iterable[str] | None = None
) -> list[BoundClause]:
    """The clauses of ``convention`` in force on ``on`` (whether or not it binds yet: the
    set-up preview and the operator's review read them before acceptance)."""
    wanted = set(kinds) if kinds is not None else None
    result = []
    for history in versions(convention).values():
        bound = version_on(history, on)
        if bound is not None and (wanted is None or bound.kind in wanted):
            result.append(bound)
    return sorted(result, key=lambda b: (b.clause.order, b.kind, b.key))


def binding_for_service(service: Any, start: date, end: date | None = None) -> list[Convention]:
    """The conventions of ``service`` that bind it on some day of ``start``–``end`` (on
    ``start`` alone when ``end`` is not given), in start order."""
    from reperes.conventions.access import binding_on_any

    end = end or start
    queryset = Convention.objects.filter(service=service)
    days = {start, end}
    for starts_on, decided_on in queryset.values_list("starts_on", "operator_decided_on"):
        for day in (starts_on, decided_on):
            if day is not None and start <= day <= end:
                days.add(day)
    ids = binding_on_any(queryset, days)
    if not ids:
        return []
    # Their clauses and their model's, read here for all of them (versions, in_force).
    return list(
        Convention.objects.filter(pk__in=ids)
        .order_by("starts_on", "pk")
        .select_related("template")
        .prefetch_related("clauses", "template__clauses")
    )


def for_service(
    service: Any, on: date, kinds: Iterable[str] | None = None, *, until: date | None = None
) -> list[BoundClause]:
    """The clauses that apply to ``service`` on ``on`` (or over ``on``–``until``): those in
    force of every convention binding it then, labelled with their source."""
    day = until or on
    result = []
    for convention in binding_for_service(service, on, until):
        result.extend(in_force(convention, day, kinds))
    return result


@dataclass(frozen=True)
class Disagreement:
    """Two binding clauses about the same duty that say different things."""

    label: str
    clauses: tuple[BoundClause, ...]

    @property
    def message(self) -> str:
        sources = " ; ".join(f"{b.source} : {b.text}" for b in self.clauses)
        return f"Les conventions ne disent pas la même chose pour « {self.label} » — {sources}."


def disagreements(bound: Sequence[BoundClause]) -> list[Disagreement]:
    """Same kind and identity, different parameters, different conventions."""
    groups: dict[tuple[Any, ...], list[BoundClause]] = defaultdict(list)
    for clause in bound:
        if clause.kind in catalogue.KINDS:
            groups[catalogue.identity(clause.kind, clause.params)].append(clause)
    result = []
    for clauses in groups.values():
        conventions = {c.convention.pk for c in clauses}
        params = {repr(sorted(_comparable(c.params).items())) for c in clauses}
        if len(conventions) > 1 and len(params) > 1:
            result.append(Disagreement(clauses[0].kind_label, tuple(clauses)))
    return result


def _comparable(params: Mapping[str, Any]) -> dict[str, Any]:
    """What two clauses about the same duty must agree on (not their wording)."""
    return {k: v for k, v in params.items() if k not in ("title",)}


# --- Dated duties -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    """One dated duty that follows from a document or report clause."""

    key: str  # stable: clause:<key>:<period key>
    kind: str  # catalogue kind (document, report)
    what: str  # the document kind or the report model
    title: str
    period: due_rules.ReferencePeriod
    due_on: date
    owner_role: str
    source: str
    bound: BoundClause


def _title(bound: BoundClause, period: due_rules.ReferencePeriod) -> str:
    params = bound.params
    kind = catalogue.KINDS[bound.kind]
    name = "document" if bound.kind == catalogue.DOCUMENT else "model"
    options: dict[Any, str] = dict(kind.param(name).options())
    what = params.get("title") or options.get(params.get(name), "")
    return f"{what} ({period.label})"


def _normal(name: str) -> str:
    """A body's name compared without case, accents or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.lower().split())


# Where the meetings of a convention's bodies are read: governance, above conventions, registers
# ``provider(convention) -> {body name: days}`` from ``GovernanceConfig.ready``.
MeetingsProvider = Callable[[Convention], Mapping[str, list[date]]]
_MEETINGS: list[MeetingsProvider] = []


def meetings_from(provider: MeetingsProvider) -> MeetingsProvider:
    """Register ``provider(convention) -> {body name: meeting days}``; usable as a decorator."""
    if provider not in _MEETINGS:
        _MEETINGS.append(provider)
    return provider


def meetings_of(convention: Convention) -> dict[str, list[date]]:
    """{body name: the days of its meetings not cancelled, in order}: what the duties due
    « avant chaque réunion » of ``convention`` are dated by (``due_items``, ``meeting_days``)."""
    days: dict[str, list[date]] = defaultdict(list)
    for provider in _MEETINGS:
        for name, found in provider(convention).items():
            days[name].extend(found)
    return dict(days)


def meeting_days(meetings: Mapping[str, Sequence[date]], body: str) -> list[date]:
    """The meeting days of the body a rule names: the body of that exact name, or else every
    body whose name contains it or is contained in it (« Comité de pilotage » finds « Comité
    de pilotage de la prévention spécialisée »); nothing when the rule names no body."""
    wanted = _normal(body)
    if not wanted:
        return []
    by_name = {_normal(name): days for name, days in meetings.items()}
    if wanted in by_name:
        return list(by_name[wanted])
    found: list[date] = []
    for name, days in by_name.items():
        if wanted in name or name in wanted:
            found.extend(days)
    return sorted(set(found))


def _version_periods(
    bound: BoundClause,
    history: Sequence[BoundClause],
    start: date,
    end: date,
    meetings: Mapping[str, Sequence[date]],
) -> list[due_rules.ReferencePeriod]:
    """The periods of one version of a clause, over its own validity within ``start``–``end``,
    that this version governs (the version in force at the period's end, or at its start
    when none is at the end)."""
    clause = bound.clause
    span_start = max(start, clause.valid_from) if clause.valid_from else start
    span_end = min(end, clause.valid_until) if clause.valid_until else end
    if span_end < span_start:
        return []
    periodicity = str(bound.params.get("periodicity", ""))
    if periodicity == due_rules.MEETING:
        rule = due_rules.Due.from_params(bound.params.get("due") or {})
        all_days = meeting_days(meetings, rule.body)
        days = [d for d in all_days if span_start <= d <= span_end]
        earlier = [d for d in all_days if d < span_start]
        since = max(earlier) + timedelta(days=1) if earlier else span_start
        periods = due_rules.meeting_periods(days, since)
    else:
        periods = due_rules.reference_periods(periodicity, span_start, span_end)
    return [
        period
        for period in periods
        if (version_on(history, period.end) or version_on(history, period.start)) is bound
    ]


def due_items(
    convention: Convention,
    start: date,
    end: date,
    meetings: Mapping[str, Sequence[date]] | None = None,
    *,
    history: Mapping[str, list[BoundClause]] | None = None,
) -> list[DueItem]:
    """The duties of ``convention``'s document and report clauses about the periods that
    overlap ``start``–``end``. Each version of a clause dates the periods it governs — those
    whose end falls in its validity — with its own periodicity and rule: a 2024 report follows
    the 2024 clause, even when an amendment made it quarterly from 2025. ``meetings`` gives, by
    body name, the days of its meetings, for the duties due before each meeting."""
    history = history if history is not None else versions(convention)
    meetings = meetings or {}
    items: dict[str, DueItem] = {}
    for clause_versions in history.values():
        for bound in clause_versions:
            if bound.kind not in (catalogue.DOCUMENT, catalogue.REPORT):
                continue
            params = bound.params
            rule = due_rules.Due.from_params(params.get("due") or {})
            if rule.errors():
                continue
            what_name = "document" if bound.kind == catalogue.DOCUMENT else "model"
            for period in _version_periods(bound, clause_versions, start, end, meetings):
                key = f"clause:{bound.key}:{period.key}"
                items.setdefault(
                    key,
                    DueItem(
                        key=key,
                        kind=bound.kind,
                        what=str(params.get(what_name, "")),
                        title=_title(bound, period),
                        period=period,
                        due_on=rule.due_on(period),
                        owner_role=str(params.get("owner", "")),
                        source=bound.source,
                        bound=bound,
                    ),
                )
    return sorted(items.values(), key=lambda i: (i.due_on, i.title))


def clauses_q(convention: Convention) -> Q:
    """A filter on ``Clause`` for the clauses a convention owns or inherits."""
    q = Q(convention=convention)
    if convention.template_id is not None:
        q |= Q(template_id=convention.template_id)
    return q
