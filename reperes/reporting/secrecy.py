"""The one statistical-secrecy layer every figure passes through before it leaves its service.

Pages, PDF, spreadsheets, CSV and the API all call ``publish`` (a service's report) or
``publish_tables`` (any other set of tables, e.g. the funder's consolidation) on the tables
they are about to show. The rules themselves are in ``reperes.rules.secrecy``; this module
chooses who gets exact figures (the service's own staff, in their own reports) and which
convention's threshold applies (``Convention.secrecy_threshold``, 5 by default, and
``secrecy_zone_floor``, 100 by default).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from reperes.rules import secrecy as rules
from reperes.rules import secrecy_joint as joint

SECRET = rules.SECRET
LEGEND = (
    f"« {SECRET} » : secret statistique (effectif trop faible, ou case masquée pour qu'un "
    "effectif trop faible ne puisse pas être recalculé à partir des totaux)."
)


@dataclass(frozen=True)
class Policy:
    threshold: int = rules.DEFAULT_THRESHOLD
    zone_floor: int = rules.DEFAULT_ZONE_FLOOR


def policy_for(convention: Any | None) -> Policy:
    """The convention's rule, never below the platform's floor (reperes.core.access)."""
    from reperes.core.access import effective_secrecy

    return Policy(*effective_secrecy(convention))


def strictest(conventions: Any) -> Policy:
    """The policy that satisfies every one of ``conventions`` (a consolidation spans several)."""
    policies = [policy_for(c) for c in conventions] or [Policy()]
    return Policy(max(p.threshold for p in policies), max(p.zone_floor for p in policies))


def _as_rule_table(table: Any) -> rules.Table:
    return rules.Table(
        key=table.key,
        rows=tuple(table.rows),
        columns=tuple(table.columns),
        cells=tuple(tuple(line) for line in table.cells),
        people=table.people,
        zones=getattr(table, "zones", False),
        same_margin=getattr(table, "same_margin", None),
        totals=getattr(table, "totals", False),
        zone_columns=getattr(table, "zone_columns", False),
        same_as=tuple(getattr(table, "same_as", ())),
    )


def _merged(table: Any, policy: Policy) -> rules.Table:
    rule = _as_rule_table(table)
    if rule.people and rule.zones:
        rule = rules.merge_small_zones(rule, policy.zone_floor)
    if rule.people and rule.zone_columns:
        rule = rules.merge_small_zones(rule, policy.zone_floor, axis="column")
    return rule


def _sheet(table: rules.Table, prefix: str, cells: Any, period: Any, flow: bool) -> joint.Sheet:
    renamed = replace(
        table,
        key=f"{prefix}{table.key}",
        cells=tuple(tuple(line) for line in cells),
        same_margin=f"{prefix}{table.same_margin}" if table.same_margin else None,
        same_as=tuple((label, f"{prefix}{key}") for label, key in table.same_as),
        zones=False,
        zone_columns=False,
    )
    return joint.Sheet(renamed, period.start.toordinal(), period.end.toordinal(), flow)


def publish_with(
    tables: Sequence[Any], prior: Sequence[Any], period: Any, policy: Policy
) -> tuple[list[Any], dict[str, Any]]:
    """``tables`` of a new publication over ``period``, suppressed together with the
    ``prior`` publications of the service (frozen: their withheld cells stay withheld, their
    published cells published). Returns the tables to publish and their exact figures after
    the merge of small places (kept with the publication for the next ones, never served)."""
    from .indicators import Period
    from .publication_content import from_json, tables_of

    merged = [_merged(t, policy) for t in tables]
    new = [
        _sheet(m, "new:", m.cells, period, getattr(t, "flow", False))
        for m, t in zip(merged, tables, strict=True)
        if m.people
    ]
    frozen: list[joint.Sheet] = []
    frozen_hidden: set[rules.Position] = set()
    for publication in prior:
        span = Period(publication.period_start, publication.period_end)
        for shown in tables_of(publication.content):
            exact = publication.exact.get(shown.key)
            if not shown.people or exact is None:
                continue
            values = [[from_json(v) for v in line] for line in exact]
            sheet = _sheet(_as_rule_table(shown), f"{publication.pk}:", values, span, shown.flow)
            frozen.append(sheet)
            frozen_hidden.update(
                (sheet.table.key, r, c)
                for r, line in enumerate(shown.cells)
                for c, value in enumerate(line)
                if value == SECRET
            )
    hidden = joint.protect_jointly(new, frozen, frozen_hidden, policy.threshold)
    # (joint.Unprotectable propagates: the publication is refused.)
    result, exact_cells = [], {}
    for table, rule in zip(tables, merged, strict=True):
        if not rule.people:
            result.append(table)
            continue
        exact_cells[table.key] = [[_json(v) for v in line] for line in rule.cells]
        cells = tuple(
            tuple(SECRET if (f"new:{rule.key}", r, c) in hidden else v for c, v in enumerate(line))
            for r, line in enumerate(rule.cells)
        )
        safe = replace(rule, cells=cells)
        result.append(_replaced(table, safe, policy))
    return result, exact_cells


def _json(value: Any) -> Any:
    from decimal import Decimal

    return str(value) if isinstance(value, Decimal) else value


def _replaced(table: Any, safe: rules.Table, policy: Policy) -> Any:
    note = getattr(table, "note", "")
    if safe.rows != table.rows or safe.columns != table.columns:
        merged = (
            f"Territoires de moins de {policy.zone_floor} personnes regroupés (secret statistique)."
        )
        note = f"{note} {merged}".strip()
    return replace(table, rows=safe.rows, columns=safe.columns, cells=safe.cells, note=note)


def publish_tables(tables: Sequence[Any], policy: Policy) -> list[Any]:
    """``tables`` (report tables: anything with key, rows, columns, cells, people, zones,
    same_margin) as they may be published, in the same order and of the same type."""
    published = rules.publish(
        [_as_rule_table(t) for t in tables], policy.threshold, policy.zone_floor
    )
    by_key = {t.key: t for t in published}
    result = []
    for table in tables:
        safe = by_key[table.key]
        if (
            safe.rows == table.rows
            and safe.columns == table.columns
            and safe.cells == tuple(tuple(x) for x in table.cells)
        ):
            result.append(table)
        else:
            note = getattr(table, "note", "")
            if safe.rows != table.rows or safe.columns != table.columns:
                merged = (
                    f"Territoires de moins de {policy.zone_floor} personnes regroupés "
                    "(secret statistique)."
                )
                note = f"{note} {merged}".strip()
            result.append(
                replace(table, rows=safe.rows, columns=safe.columns, cells=safe.cells, note=note)
            )
    return result


def is_withheld(value: Any) -> bool:
    return value == SECRET


def publish(
    tables: Sequence[Any], *, viewer: Any, service: Any, convention: Any | None
) -> list[Any]:
    """A service's report tables for ``viewer``: exact for the service's own staff, protected
    for everyone else."""
    from .access import is_service_staff

    if is_service_staff(viewer, service):
        return list(tables)
    return publish_tables(tables, policy_for(convention))
