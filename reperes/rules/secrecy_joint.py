"""Statistical secrecy across publications: a new table is suppressed together with everything
its service has already published (issue 9, « Funders see publications, not queries »).

A funder keeps every publication it was shown. Beside the relations inside one report
(``secrecy.build_system``: totals, shared margins), it can tie publications together:

- *same period* — a table with the same row and column labels over the same period (another
  report model, or another version of the same report) shows the same figures: equal cells;
- *nested periods* — a count of people over a sub-period is at most the count over the period
  that contains it;
- *partitions* — when sub-periods partition a period, the count over the period is the sum of
  theirs for an additive (*flow*) table (contacts, entries), and at most the sum for a count
  of distinct people (*stock*: a youth accompanied in both halves counts once in the year).

Only the relations true on the exact figures are used (``cross_relations``): a relation that
does not hold teaches an attacker nothing true. Old publications are frozen: their published
cells stay published and their withheld cells stay withheld; only the new tables' cells may be
withheld in addition (``protect_jointly``) until every withheld cell, old and new, keeps an
interval at least the threshold wide (``relation_intervals``, two linear programmes each).
No Django import.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from .secrecy import (
    SECRET,
    Position,
    System,
    Table,
    build_system,
    feasible_range,
    is_number,
    is_primary,
    merge_small_zones,
    protect,
)
from .secrecy_relations import Relation, Sheet, cross_relations

# The relations between sheets live in ``secrecy_relations``; their names stay importable here.
__all__ = [
    "Relation",
    "Sheet",
    "Unprotectable",
    "complements",
    "cross_relations",
    "narrow_cells",
    "protect_jointly",
    "publish_jointly",
    "relation_intervals",
    "stock_differences",
]


class Unprotectable(Exception):
    """The earlier publications and the very existence of this one narrow a withheld cell
    whatever is withheld now (e.g. a period squeezed between published sub- and
    super-periods): it must not be published."""


# ---------------------------------------------------------------- the attacker's intervals


def _as_relations(system: System) -> list[Relation]:
    relations = []
    for parts, total in system.equations:
        relations.append(Relation((*((p, 1.0) for p in parts), (total, -1.0))))
    return relations


def _root_terms(system: System, relation: Relation) -> dict[Position, float]:
    terms: dict[Position, float] = {}
    for position, coefficient in relation.terms:
        root = system.find(position)
        terms[root] = terms.get(root, 0.0) + coefficient
    return terms


def relation_intervals(
    system: System,
    relations: Sequence[Relation],
    hidden: set[Position],
    only: Iterable[Position] | None = None,
    cache: dict[Any, dict[Position, tuple[float, float]]] | None = None,
) -> dict[Position, tuple[float, float]]:
    """For each withheld cell (root of its linked group; those of ``only`` if given), the
    smallest and largest value compatible with the published cells, ``relations`` and
    non-negativity. ``inf`` when nothing bounds it above. ``cache`` keeps the answers of the
    groups already solved (a group that did not change has the same intervals)."""
    roots = {system.find(p) for p in hidden}
    wanted = roots if only is None else {system.find(p) for p in only} & roots
    result: dict[Position, tuple[float, float]] = {}
    for members, own in _groups(system, relations, roots):
        if not any(r in wanted for r in members):
            continue
        key = (tuple(members), len(own))
        solved = cache.get(key) if cache is not None else None
        if solved is None:
            solved = _solve_group(system, members, own)
            if cache is not None:
                cache[key] = solved
        result.update((r, solved[r]) for r in members if r in wanted)
    return result


def _solve_group(
    system: System, members: list[Position], own: list[Relation]
) -> dict[Position, tuple[float, float]]:
    import numpy as np
    from scipy.sparse import csr_matrix

    if not own:
        return {r: (0.0, float("inf")) for r in members}
    index = {root: i for i, root in enumerate(members)}
    lines: dict[bool, tuple[list[int], list[int], list[float], list[float]]] = {
        True: ([], [], [], []),
        False: ([], [], [], []),
    }
    for relation in own:
        rows, columns, data, rhs = lines[relation.equal]
        constant = 0.0
        for root, coefficient in _root_terms(system, relation).items():
            if root in index:
                rows.append(len(rhs))
                columns.append(index[root])
                data.append(coefficient)
            else:
                constant += coefficient * float(system.values[root])
        rhs.append(-constant)

    def matrix(equal: bool) -> tuple[Any, Any]:
        rows, columns, data, rhs = lines[equal]
        if not rhs:
            return None, None
        shape = (len(rhs), len(members))
        return csr_matrix((data, (rows, columns)), shape=shape), np.array(rhs)

    a_eq, b_eq = matrix(True)
    a_ub, b_ub = matrix(False)
    return {
        root: feasible_range(len(members), index[root], A_eq=a_eq, b_eq=b_eq, A_ub=a_ub, b_ub=b_ub)
        for root in members
    }


def _groups(
    system: System, relations: Sequence[Relation], roots: set[Position]
) -> list[tuple[list[Position], list[Relation]]]:
    """Withheld roots grouped by the relations that tie them, each group with its relations."""
    parent: dict[Position, Position] = {r: r for r in roots}

    def find(x: Position) -> Position:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    touching: list[tuple[Relation, list[Position]]] = []
    for relation in relations:
        inside = [r for r in _root_terms(system, relation) if r in parent]
        if not inside:
            continue
        touching.append((relation, inside))
        for other in inside[1:]:
            parent[find(other)] = find(inside[0])
    members: dict[Position, list[Position]] = {}
    for root in roots:
        members.setdefault(find(root), []).append(root)
    own: dict[Position, list[Relation]] = {}
    for relation, inside in touching:
        own.setdefault(find(inside[0]), []).append(relation)
    return [(sorted(cells), own.get(key, [])) for key, cells in members.items()]


# ---------------------------------------------------------------- joint suppression

VIRTUAL = "virtual:"


def complements(sheets: Sequence[Sheet]) -> list[Sheet]:
    """For additive (flow) tables: the period a longer publication adds to a shorter one it
    starts or ends with (the year after the first half, the third quarter after the half
    year). Its counts are the difference — never published, yet an attacker computes them —
    so they are protected like withheld cells (a small one must keep a wide interval)."""
    spans = {(s.table.rows, s.table.columns, s.start, s.end) for s in sheets if s.flow}
    found: list[Sheet] = []
    for sub, sup in _nested(sheets, flow=True):
        if sub.start == sup.start:
            rest = (sub.end + 1, sup.end)
        elif sub.end == sup.end:
            rest = (sup.start, sub.start - 1)
        else:
            continue
        identity = (sup.table.rows, sup.table.columns, *rest)
        cells = _difference(sup.table.cells, sub.table.cells)
        if identity in spans or cells is None:
            continue
        spans.add(identity)
        table = replace(
            sup.table,
            key=f"{VIRTUAL}{sup.table.key}-{sub.table.key}",
            cells=cells,
            same_margin=None,
            same_as=(),
        )
        found.append(Sheet(table, rest[0], rest[1], True))
    return found


def stock_differences(sheets: Sequence[Sheet]) -> tuple[list[Sheet], list[Relation]]:
    """For counts of distinct people (stock): the difference of a period and a period strictly
    inside it (the year minus January to September) counts people too — those seen in the
    longer period and not in the shorter one (the girl first met on 1 October). Each is a
    virtual sheet, protected like a withheld cell, tied to both by ``sup = sub + difference``
    (cell by cell, where both are numbers and the shorter is not larger). Its span is not a
    period of its own: it takes no part in ``cross_relations``."""
    found: list[Sheet] = []
    relations: list[Relation] = []
    seen: set[tuple[Any, ...]] = set()
    for sub, sup in _nested(sheets, flow=False):
        # The same figures under another model or version: one difference is enough (the
        # same-period relations tie the copies together).
        identity = (sup.start, sup.end, sub.start, sub.end, sup.table.cells, sub.table.cells)
        if identity in seen:
            continue
        seen.add(identity)
        cells = _cell_differences(sup.table.cells, sub.table.cells)
        key = f"{VIRTUAL}{sup.table.key}-{sub.table.key}"
        table = replace(sup.table, key=key, cells=cells, same_margin=None, same_as=())
        found.append(Sheet(table, sup.start, sup.end, False))
        for r, line in enumerate(cells):
            for c, value in enumerate(line):
                if is_number(value):
                    terms = (
                        ((sup.table.key, r, c), 1.0),
                        ((sub.table.key, r, c), -1.0),
                        ((key, r, c), -1.0),
                    )
                    relations.append(Relation(terms))
    return found, relations


def _nested(sheets: Sequence[Sheet], *, flow: bool) -> Iterator[tuple[Sheet, Sheet]]:
    """Every (shorter, longer) pair of tables counting people, both ``flow`` or both stock,
    with the same rows and columns, the shorter's period strictly inside the longer's."""
    for sub in sheets:
        for sup in sheets:
            if sub.flow != flow or sup.flow != flow or not (sub.table.people and sup.table.people):
                continue
            if (sub.table.rows, sub.table.columns) != (sup.table.rows, sup.table.columns):
                continue
            if (sub.start, sub.end) == (sup.start, sup.end) or not (
                sup.start <= sub.start and sub.end <= sup.end
            ):
                continue
            yield sub, sup


def _cell_differences(
    big: tuple[tuple[Any, ...], ...], small: tuple[tuple[Any, ...], ...]
) -> tuple[tuple[Any, ...], ...]:
    """``big - small`` cell by cell; ``None`` where it is not a count (a withheld or empty
    cell, or a shorter period counting more)."""
    return tuple(
        tuple(
            a - b if is_number(a) and is_number(b) and a >= b else None
            for a, b in zip(a_line, b_line, strict=True)
        )
        for a_line, b_line in zip(big, small, strict=True)
    )


def _difference(
    big: tuple[tuple[Any, ...], ...], small: tuple[tuple[Any, ...], ...]
) -> tuple[tuple[Any, ...], ...] | None:
    lines = []
    for a_line, b_line in zip(big, small, strict=True):
        line = []
        for a, b in zip(a_line, b_line, strict=True):
            if not (is_number(a) and is_number(b)) or a < b:
                return None
            line.append(a - b)
        lines.append(tuple(line))
    return tuple(lines)


def protect_jointly(
    new: Sequence[Sheet],
    frozen: Sequence[Sheet],
    frozen_hidden: set[Position],
    threshold: int,
    *,
    max_rounds: int = 400,
) -> set[Position]:
    """The cells of ``new`` to withhold, so that with everything ``frozen`` (published before,
    its withheld cells ``frozen_hidden``) no withheld cell is narrower than ``threshold``.

    It starts from the suppression of the new tables alone (``secrecy.protect``), then widens
    every cell the joint system narrows, one complement at a time, until none is narrow or
    no cell of the new tables can widen it (``narrow_cells`` tells which are left)."""
    virtual = complements([*frozen, *new])
    differences, tied = stock_differences([*frozen, *new])
    system = build_system([s.table for s in (*frozen, *new, *virtual, *differences)])
    relations = _as_relations(system) + cross_relations([*frozen, *new, *virtual]) + tied
    virtual = [*virtual, *differences]
    new_keys = {s.table.key for s in new}
    hidden = {system.find(p) for p in frozen_hidden if p in system.values}
    unseen = {p for p in system.values if p[0].startswith(VIRTUAL)}
    hidden |= {system.find(p) for p in unseen}
    # A computed cell needs a wide interval only if it counts 1 to threshold - 1 people.
    harmless = {system.find(p) for p in unseen if not is_primary(system.values[p], threshold)}
    published_roots = {system.find(p) for p in system.values if p[0] not in new_keys} - hidden
    free = {system.find(p) for p in system.values if p[0] in new_keys} - published_roots
    mine = set(free)  # the roots of the new tables' cells
    free -= _pinned(system, relations, published_roots)
    alone = build_system([s.table for s in new])
    if any(is_primary(alone.values[p], threshold) for p in alone.sensitive):
        hidden.update(system.find(p) for p in protect(alone, threshold))
    cache: dict[Any, dict[Position, tuple[float, float]]] = {}
    # The differences between two earlier publications were protected when the later one was.
    watch = new_keys | {s.table.key for s in virtual if s.flow}
    watch |= {r.terms[2][0][0] for r in tied if {p[0] for p, _ in r.terms[:2]} & new_keys}
    for _round in range(max_rounds):
        found = narrow_cells(system, relations, hidden, watch, threshold, cache)
        narrow = {root: span for root, span in found.items() if root not in harmless}
        if not narrow:
            break
        # A new cell that what is already published determines exactly is public: withholding
        # it hides nothing, and publishing it changes no one else's interval.
        exact = [
            root
            for root, (low, high) in narrow.items()
            if root in mine and high - low < 1e-9 and not is_primary(system.values[root], threshold)
        ]
        known = _known_before(system, relations, hidden | free, exact)
        if known:
            hidden.difference_update(known)
            free.difference_update(known)
            mine.difference_update(known)
            continue
        changed = False
        for root in narrow:
            extra = _next_complement(system, relations, hidden, root, free)
            if extra is not None:
                hidden.add(extra)
                changed = True
        if not changed:
            raise Unprotectable(sorted(narrow))
    else:
        raise Unprotectable([])
    groups = system.members()
    return {p for root in hidden for p in groups.get(root, [root]) if p[0] in new_keys}


def _known_before(
    system: System, relations: Sequence[Relation], unknown: set[Position], roots: list[Position]
) -> list[Position]:
    """Those of ``roots`` that the earlier publications determine exactly by themselves
    (every cell of the new tables withheld)."""
    if not roots:
        return []
    found = relation_intervals(system, relations, unknown, only=roots)
    return [root for root in roots if found[root][1] - found[root][0] < 1e-9]


def narrow_cells(
    system: System,
    relations: Sequence[Relation],
    hidden: set[Position],
    new_keys: set[str],
    threshold: int,
    cache: dict[Any, dict[Position, tuple[float, float]]] | None = None,
) -> dict[Position, tuple[float, float]]:
    """The withheld roots tied to the new tables whose interval is narrower than the
    threshold (an exactly determined cell has a zero-wide interval), with their interval."""
    watched = _touching_new(system, relations, hidden, new_keys)
    found = relation_intervals(system, relations, hidden, only=watched, cache=cache)
    return {root: span for root, span in found.items() if span[1] - span[0] < threshold - 1e-9}


def _pinned(
    system: System, relations: Sequence[Relation], published_roots: set[Position]
) -> set[Position]:
    """Cells equal to a cell already published: withholding them would hide nothing."""
    pinned: set[Position] = set()
    for relation in relations:
        terms = _root_terms(system, relation)
        if relation.equal and len(terms) == 2:
            a, b = terms
            if a in published_roots:
                pinned.add(b)
            if b in published_roots:
                pinned.add(a)
    return pinned


def _touching_new(
    system: System, relations: Sequence[Relation], hidden: set[Position], new_keys: set[str]
) -> set[Position]:
    """The withheld roots whose group involves a cell of the new tables (the other groups
    were checked when they were published)."""
    groups = _groups(system, relations, hidden)
    watched: set[Position] = set()
    for members, own in groups:
        involved = any(p[0] in new_keys for p in members) or any(
            p[0] in new_keys for r in own for p, _ in r.terms
        )
        if involved:
            watched.update(members)
    return watched


def _next_complement(
    system: System,
    relations: Sequence[Relation],
    hidden: set[Position],
    root: Position,
    free: set[Position],
) -> Position | None:
    """A published cell of the new tables to withhold so that ``root`` widens: the smallest
    non-zero one in a relation of ``root``, else in a relation of a withheld cell tied to it."""
    seen = {root}
    frontier = [root]
    while frontier:
        candidates: list[Position] = []
        following: list[Position] = []
        for relation in relations:
            terms = _root_terms(system, relation)
            if not any(current in terms for current in frontier):
                continue
            for other in terms:
                if other in hidden:
                    if other not in seen:
                        seen.add(other)
                        following.append(other)
                elif other in free:
                    candidates.append(other)
        if candidates:
            counted = [c for c in candidates if system.values[c] > 0] or candidates
            return min(counted, key=lambda p: (system.values[p], p))
        frontier = following
    return None


def publish_jointly(
    new: Sequence[Sheet],
    frozen: Sequence[Sheet],
    frozen_hidden: set[Position],
    threshold: int,
    zone_floor: int,
) -> list[Table]:
    """The new tables as they may be published after everything ``frozen``: small places
    merged, cells withheld as ``SECRET``."""
    merged = []
    for sheet in new:
        table = sheet.table
        if table.people and table.zones:
            table = merge_small_zones(table, zone_floor)
        if table.people and table.zone_columns:
            table = merge_small_zones(table, zone_floor, axis="column")
        merged.append(replace(sheet, table=table))
    hidden = protect_jointly(merged, frozen, frozen_hidden, threshold)
    result = []
    for sheet in merged:
        table = sheet.table
        cells = tuple(
            tuple(SECRET if (table.key, r, c) in hidden else v for c, v in enumerate(line))
            for r, line in enumerate(table.cells)
        )
        result.append(replace(table, cells=cells))
    return result
