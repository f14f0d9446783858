"""What the pages show of clauses: a convention's clauses grouped by kind with their source,
validity and versions; the disagreements between the conventions that bind a service; what
an amendment changed, parameter by parameter, in the convention's words.

Both read through the resolver (``reperes.conventions.clauses``); the disagreements are
computed over the conventions the reader may see only (a convention's clauses are not shown
to someone who is not party to it, not even inside a warning).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from reperes.rules import due as due_rules

from . import catalogue
from . import clauses as resolver
from .enums import AmendmentStatus
from .models import Amendment, Convention


@dataclass(frozen=True)
class VersionRow(resolver.FromClause):
    bound: resolver.BoundClause
    amendment: Amendment | None
    in_force: bool

    @property
    def clause(self) -> Any:
        return self.bound.clause


@dataclass(frozen=True)
class ClauseRow:
    key: str
    current: VersionRow  # in force on the day, or else the latest version
    versions: list[VersionRow]  # oldest first
    ended_on: date | None  # the last day it applies, when it has ended by then
    pending: tuple[Amendment, ...] = ()  # avenants on it that wait for the operator

    @property
    def inherited(self) -> bool:
        return self.current.bound.inherited

    @property
    def source(self) -> str:
        return self.current.bound.source


@dataclass(frozen=True)
class ClauseGroup:
    kind: str
    label: str
    rows: list[ClauseRow]


def clause_groups(convention: Convention, on: date) -> list[ClauseGroup]:
    """Every clause of ``convention`` (own and inherited), grouped by kind in the catalogue's
    order, each with the version in force on ``on`` (or its latest) and its history."""
    # Keyed by int or None: a version looks its amendment up by its own (optional) amendment_id.
    amendments: dict[int | None, Amendment] = {a.pk: a for a in convention.amendments.all()}
    pending: dict[str, list[Amendment]] = {}
    for amendment in amendments.values():
        if amendment.status == AmendmentStatus.PENDING:
            for row in amendment.changes:
                spec = row.get("clause")
                if isinstance(spec, Mapping) and spec.get("op") != "add":
                    pending.setdefault(str(spec.get("key")), []).append(amendment)
    by_kind: dict[str, list[ClauseRow]] = {}
    for key, history in resolver.versions(convention).items():
        rows = [
            VersionRow(b, amendments.get(b.clause.amendment_id), b.clause.in_force_on(on))
            for b in history
        ]
        current = next((r for r in rows if r.in_force), rows[-1])
        last = rows[-1].clause.valid_until
        ended = last if last is not None and last < on else None
        by_kind.setdefault(current.bound.kind, []).append(
            ClauseRow(key, current, rows, ended, tuple(pending.get(key, ())))
        )
    groups = []
    order = [*catalogue.KINDS, *sorted(set(by_kind) - set(catalogue.KINDS))]
    for kind in order:
        if kind in by_kind:
            known = catalogue.KINDS.get(kind)
            kind_rows = sorted(by_kind[kind], key=lambda r: (r.current.clause.order, r.key))
            groups.append(ClauseGroup(kind, known.label if known else kind, kind_rows))
    return groups


def visible_disagreements(
    service: Any, user: Any, on: date, until: date | None = None
) -> list[resolver.Disagreement]:
    """The disagreements between the conventions binding ``service`` on ``on`` (or over
    ``on``–``until``), among those ``user`` may read. For a template:
    ``{% include "conventions/_disagreements.html" %}`` with ``disagreements`` in the context."""
    if service is None:
        return []
    bound = resolver.for_service(service, on, until=until)
    if not bound:
        return []
    readable = set(
        Convention.objects.visible_to(user)
        .filter(pk__in={b.convention.pk for b in bound})
        .values_list("pk", flat=True)
    )
    return resolver.disagreements([b for b in bound if b.convention.pk in readable])


def clause_context(
    user: Any, convention: Convention, on: date, abilities: Mapping[str, bool] | None = None
) -> dict[str, Any]:
    """What the convention's page needs for its « Clauses » section: the clauses by kind, the
    disagreements between the conventions binding its service, and which links to offer (in
    place while a draft, by amendment afterwards). ``abilities``: the user's on the convention
    (``get_abilities``), when the page has asked already."""
    from .abilities import get_abilities
    from .actions_draft import is_draft, may_set_up, setup_parties

    draft = is_draft(convention)
    if not draft and abilities is None:
        abilities = get_abilities(user, convention)
    return {
        "clause_groups": clause_groups(convention, on),
        "disagreements": visible_disagreements(convention.service, user, on),
        "clause_edit": draft and may_set_up(user, setup_parties(convention)),
        "clause_amend": not draft and bool(abilities and abilities["amend"]),
    }


# --- What an amendment changed, as the convention would write it -----------------------------


def display_value(kind: str, name: str, value: Any) -> str | None:
    """A parameter's value as the convention would write it (« le 30 juin de l'année N+1 »)."""
    if value is None or value == "" or value == []:
        return None
    clause_kind = catalogue.KINDS.get(kind)
    if clause_kind is None:
        return str(value)
    try:
        param = clause_kind.param(name)
    except StopIteration:
        return str(value)
    if param.type == catalogue.DUE:
        return due_rules.Due.from_params(value if isinstance(value, Mapping) else {}).describe()
    if param.type == catalogue.BOOL:
        return "Oui" if value else "Non"
    options = dict(param.options())
    if param.type == catalogue.CHOICE:
        return str(options.get(value, value))
    if param.type == catalogue.CHOICES:
        return ", ".join(str(options.get(v, v)) for v in value)
    return str(value)


def clause_label(kind: str, params: Mapping[str, Any], article: str) -> str:
    """« Document à transmettre « Rapport financier » (art. 6) »."""
    clause_kind = catalogue.KINDS.get(kind)
    name = clause_kind.label if clause_kind else kind
    what = params.get("title") or next(
        (
            shown
            for p in ("document", "model", "category")
            if (shown := display_value(kind, p, params.get(p)))
        ),
        None,
    )
    label = f"{name} « {what} »" if what else name
    return f"{label} ({article})" if article else label


def param_diff(
    kind: str,
    key: str,
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any] | None,
    old_article: str = "",
    new_article: str = "",
) -> list[dict[str, Any]]:
    """What changed, parameter by parameter, with French labels and values as written."""
    clause_kind = catalogue.KINDS[kind]
    prefix = clause_label(kind, new or old or {}, new_article or old_article)
    rows = []
    if old is not None and new is not None and old_article != new_article:
        rows.append(
            {
                "field": f"clause:{key}:article",
                "label": f"{prefix} — Article",
                "old": old_article or None,
                "new": new_article or None,
            }
        )
    for param in clause_kind.params:
        before = (old or {}).get(param.name)
        after = (new or {}).get(param.name)
        if old is not None and new is not None and before == after:
            continue
        shown_before = display_value(kind, param.name, before) if old is not None else None
        shown_after = display_value(kind, param.name, after) if new is not None else None
        if shown_before is None and shown_after is None:
            continue
        rows.append(
            {
                "field": f"clause:{key}:{param.name}",
                "label": f"{prefix} — {param.label}",
                "param": param.name,
                "old": shown_before,
                "new": shown_after,
            }
        )
    return rows
