"""Statistical secrecy: small counts withheld, and enough other cells that none can be recomputed.

Seed 003 (« Précisions réglementaires » of each fiche-action): the partners undertake « à ne
diffuser aucune donnée portant sur une zone géographique comptant moins de 100 allocataires et
à ne diffuser aucune donnée ou case de tableau dont l'effectif serait inférieur à 5 ». Seed 001
art. 9 and BRIEF §10 extend the rule to every figure that leaves the operating service.

The rules, applied to all the tables of one report together:

- *zone floor* — a row (or column) that is a place and counts fewer people than the floor is
  merged with the other small places into one « autres territoires » line, which takes in the
  next smallest places until it reaches the floor (``merge_small_zones``);
- *primary* — a count of people between 1 and the threshold minus one is withheld; zero is not
  secret (``is_primary``);
- *secondary* — other cells are withheld until no withheld cell can be recomputed, exactly or
  within an interval narrower than the threshold, from the published cells and the additive
  relations an attacker knows: each row or column that ends with a « Total » and adds up, and
  the margins a table shares with another table of the same report (``protect``). The check is
  the attacker's own: for every withheld cell, the smallest and largest values compatible with
  what is published (two linear programmes, ``intervals``); while one interval is narrower
  than the threshold, one more cell of a relation of that cell is withheld.

Only the tables that count people are protected; hours, FTE and counts of things are published
as they are. This module has no Django import: reporting/secrecy.py applies it to report tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

SECRET = "s"
TOTAL = "Total"
DEFAULT_THRESHOLD = 5
DEFAULT_ZONE_FLOOR = 100
OTHER_ZONES = "Autres territoires"

Position = tuple[str, int, int]  # table key, row index, column index


@dataclass(frozen=True)
class Table:
    """The part of a report table that secrecy reads: labels, cells, what the rows are."""

    key: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[Any, ...], ...]
    people: bool = True
    zones: bool = False
    same_margin: str | None = None
    totals: bool = False  # the last row (and column) are totals, whatever their labels
    zone_columns: bool = False
    # Rows whose (only) cell is another table's grand total: (row label, other table's key).
    same_as: tuple[tuple[str, str], ...] = ()

    @property
    def total_row(self) -> bool:
        return len(self.rows) >= 2 and (self.rows[-1] == TOTAL or self.totals)

    @property
    def total_column(self) -> bool:
        return len(self.columns) >= 2 and self.columns[-1] == TOTAL


def is_number(value: Any) -> bool:
    return isinstance(value, int | Decimal | float) and not isinstance(value, bool)


def is_primary(value: Any, threshold: int) -> bool:
    """A count of 1 to ``threshold - 1`` people (seed 003: « effectif inférieur à 5 »)."""
    return is_number(value) and 0 < value < threshold


# ---------------------------------------------------------------- zone floor


def _line_people(table: Table, index: int, axis: str) -> Any:
    """People counted by a row (axis "row") or column: its Total cell, else the sum."""
    if axis == "row":
        line = table.cells[index]
        if table.total_column:
            return line[-1]
        return sum((v for v in line if is_number(v)), 0)
    column = [line[index] for line in table.cells]
    if table.total_row:
        return column[-1]
    return sum((v for v in column if is_number(v)), 0)


def merge_small_zones(table: Table, floor: int, *, axis: str = "row") -> Table:
    """Merge the places (rows, or columns with ``axis="column"``) that count fewer than
    ``floor`` people into one « Autres territoires » line placed before the Total; the line
    takes in the next smallest places while it is itself under the floor. When every place is
    merged, only the Total is left (it is the whole zone of the table)."""
    if axis == "column":
        flipped = _transpose(table)
        return _transpose(merge_small_zones(flipped, floor, axis="row"))
    has_total = table.total_row
    places = list(range(len(table.rows) - (1 if has_total else 0)))
    people = {i: _line_people(table, i, "row") for i in places}
    small = [i for i in places if is_number(people[i]) and people[i] < floor]
    if not small:
        return table
    merged = set(small)
    rest = sorted((i for i in places if i not in merged), key=lambda i: (people[i], i))
    while sum(people[i] for i in merged) < floor and rest:
        merged.add(rest.pop(0))
    kept = [i for i in places if i not in merged]
    rows = [table.rows[i] for i in kept]
    cells = [table.cells[i] for i in kept]
    if kept or not has_total:
        width = len(table.columns)
        line = tuple(
            sum((table.cells[i][c] for i in merged if is_number(table.cells[i][c])), 0)
            for c in range(width)
        )
        label = f"{OTHER_ZONES} (moins de {floor} personnes chacun)"
        rows.append(label)
        cells.append(line)
    if has_total:
        rows.append(TOTAL)
        cells.append(table.cells[-1])
    return replace(table, rows=tuple(rows), cells=tuple(cells))


def _transpose(table: Table) -> Table:
    cells = tuple(zip(*table.cells, strict=True)) if table.cells else ()
    rows = table.columns if not table.total_column else (*table.columns[:-1], TOTAL)
    columns = table.rows if not table.total_row else (*table.rows[:-1], TOTAL)
    return replace(table, rows=rows, columns=columns, cells=cells, totals=table.total_column)


# ---------------------------------------------------------------- relations


@dataclass
class System:
    """The cells of a report as an attacker sees them: values, additive relations (parts, total)
    and cells known to be equal (shared margins)."""

    values: dict[Position, Any] = field(default_factory=dict)
    sensitive: set[Position] = field(default_factory=set)
    equations: list[tuple[tuple[Position, ...], Position]] = field(default_factory=list)
    parent: dict[Position, Position] = field(default_factory=dict)

    def find(self, position: Position) -> Position:
        root = position
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        self.parent[position] = root
        return root

    def link(self, a: Position, b: Position) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def members(self) -> dict[Position, list[Position]]:
        groups: dict[Position, list[Position]] = {}
        for position in self.values:
            groups.setdefault(self.find(position), []).append(position)
        return groups


def _adds_up(values: Sequence[Any], total: Any) -> bool:
    """The parts add up to the total; an empty part (None: « non renseigné ») counts as 0."""
    if not is_number(total) or not all(v is None or is_number(v) for v in values):
        return False
    return bool(sum((v for v in values if v is not None), 0) == total)


def table_equations(table: Table) -> list[tuple[tuple[Position, ...], Position]]:
    """The rows and columns of ``table`` that end with a « Total » and add up."""
    equations = []
    n_rows, n_cols = len(table.rows), len(table.columns)
    if table.total_column:
        for r in range(n_rows):
            line = table.cells[r]
            if _adds_up(line[:-1], line[-1]):
                parts = tuple((table.key, r, c) for c in range(n_cols - 1) if line[c] is not None)
                equations.append((parts, (table.key, r, n_cols - 1)))
    if table.total_row:
        for c in range(n_cols):
            column = [table.cells[r][c] for r in range(n_rows)]
            if _adds_up(column[:-1], column[-1]):
                parts = tuple((table.key, r, c) for r in range(n_rows - 1) if column[r] is not None)
                equations.append((parts, (table.key, n_rows - 1, c)))
    return equations


def margins(table: Table) -> list[dict[str, Position]]:
    """The labelled vectors of ``table`` that another table may share: its Total column (by
    row label), its Total row (by column label), or its only column."""
    found = []
    n_rows, n_cols = len(table.rows), len(table.columns)
    rows = (*table.rows[:-1], TOTAL) if table.total_row else table.rows
    if table.total_column:
        found.append({label: (table.key, r, n_cols - 1) for r, label in enumerate(rows)})
    if table.total_row:
        found.append({label: (table.key, n_rows - 1, c) for c, label in enumerate(table.columns)})
    if n_cols == 1:
        found.append({label: (table.key, r, 0) for r, label in enumerate(rows)})
    return found


def grand_total(table: Table) -> Position | None:
    """The bottom-right cell of a table with a total row or column (or left with its Total
    line alone, every place merged): an attacker takes it for the number of people the table
    counts. It is linked to another table's only when both hold the same value."""
    whole = table.total_row or table.total_column or table.rows == (TOTAL,)
    if table.rows and table.columns and whole:
        return (table.key, len(table.rows) - 1, len(table.columns) - 1)
    return None


def shared_cells(a: Table, b: Table) -> list[tuple[Position, Position]]:
    """Cells of ``a`` and ``b`` that are the same figure: the labels of a margin of each that
    match (at least two) and hold the same values."""
    best: list[tuple[Position, Position]] = []
    for ma in margins(a):
        for mb in margins(b):
            common = [label for label in ma if label in mb]
            if len([label for label in common if label != TOTAL]) < 2:
                continue  # « Non connue » alone may be the unknown of two dimensions
            pairs = [(ma[label], mb[label]) for label in common]
            if all(_value(a, pa) == _value(b, pb) for pa, pb in pairs) and len(pairs) > len(best):
                best = pairs
    if not best:  # no margin in common: the two tables still count the same people
        ga, gb = grand_total(a), grand_total(b)
        if ga is not None and gb is not None and _value(a, ga) == _value(b, gb):
            best = [(ga, gb)]
    return best


def _value(table: Table, position: Position) -> Any:
    return table.cells[position[1]][position[2]]


def build_system(tables: Iterable[Table]) -> System:
    system = System()
    by_key: dict[str, Table] = {}
    for table in tables:
        if not table.people:
            continue
        by_key[table.key] = table
        for r, line in enumerate(table.cells):
            for c, value in enumerate(line):
                if is_number(value):
                    system.values[(table.key, r, c)] = value
                    system.sensitive.add((table.key, r, c))
        system.equations.extend(table_equations(table))
    for table in by_key.values():
        other = by_key.get(table.same_margin or "")
        if other is not None:
            for a, b in shared_cells(table, other):
                system.link(a, b)
        for label, key in table.same_as:
            other = by_key.get(key)
            total = grand_total(other) if other is not None else None
            if other is None or total is None or label not in table.rows:
                continue
            cell = (table.key, table.rows.index(label), 0)
            if _value(table, cell) == _value(other, total):
                system.link(cell, total)
    return system


# ---------------------------------------------------------------- the attacker


def _components(
    system: System, hidden: set[Position]
) -> list[tuple[list[Position], list[tuple[tuple[Position, ...], Position]]]]:
    """The withheld cells grouped by the relations that tie them, each with its relations: an
    attacker solves each group on its own, and so does ``intervals``."""
    owner: dict[Position, int] = {}
    groups: list[tuple[set[Position], list[tuple[tuple[Position, ...], Position]]]] = []
    for equation in system.equations:
        parts, total = equation
        roots = {system.find(p) for p in (*parts, total)} & hidden
        if not roots:
            continue
        joined = sorted({owner[r] for r in roots if r in owner})
        if joined:
            target = joined[0]
            for other in joined[1:]:
                groups[target][0].update(groups[other][0])
                groups[target][1].extend(groups[other][1])
                for r in groups[other][0]:
                    owner[r] = target
                groups[other] = (set(), [])
        else:
            target = len(groups)
            groups.append((set(), []))
        groups[target][0].update(roots)
        groups[target][1].append(equation)
        for r in roots:
            owner[r] = target
    found = [(sorted(cells), equations) for cells, equations in groups if cells]
    alone = sorted(hidden - set(owner))
    found.extend(([root], []) for root in alone)
    return found


def intervals(
    system: System, hidden: set[Position], only: Iterable[Position] | None = None
) -> dict[Position, tuple[float, float]]:
    """For each withheld cell (or those of ``only``), the smallest and the largest value
    compatible with the published cells, the relations and non-negativity (linear
    programming). ``float("inf")`` when nothing bounds it from above."""
    roots_hidden = {system.find(p) for p in hidden}
    wanted = None if only is None else {system.find(p) for p in only}
    result: dict[Position, tuple[float, float]] = {}
    for roots, equations in _components(system, roots_hidden):
        targets = [r for r in roots if wanted is None or r in wanted]
        if not targets:
            continue
        if not equations:
            result.update((r, (0.0, float("inf"))) for r in targets)
            continue
        index = {root: i for i, root in enumerate(roots)}
        rows, rhs = [], []
        for parts, total in equations:
            coefficients = [0.0] * len(roots)
            constant = 0.0
            for position, sign in [*((p, 1.0) for p in parts), (total, -1.0)]:
                root = system.find(position)
                if root in index:
                    coefficients[index[root]] += sign
                else:
                    constant += sign * float(system.values[position])
            rows.append(coefficients)
            rhs.append(-constant)
        for root in targets:
            result[root] = feasible_range(len(roots), index[root], A_eq=rows, b_eq=rhs)
    return result


def feasible_range(size: int, unknown: int, **constraints: Any) -> tuple[float, float]:
    """The smallest and the largest value of one of ``size`` non-negative unknowns under linear
    ``constraints`` (``A_eq``, ``b_eq``, ``A_ub``, ``b_ub`` as scipy's ``linprog`` takes
    them); ``float("inf")`` when nothing bounds it from above."""
    from scipy.optimize import linprog  # imported here: only reports that withhold need it

    bounds = []
    for sense in (1.0, -1.0):
        objective = [0.0] * size
        objective[unknown] = sense
        solved = linprog(objective, bounds=(0, None), method="highs", **constraints)
        if solved.status == 3:  # unbounded
            bounds.append(float("inf") if sense < 0 else 0.0)
        else:
            bounds.append(sense * solved.fun)
    return bounds[0], bounds[1]


# ---------------------------------------------------------------- suppression


def _complement(
    system: System, equation: tuple[tuple[Position, ...], Position], hidden: set[Position]
) -> Position | None:
    """The published cell of ``equation`` to withhold next: the smallest part that counts
    somebody (the least information lost), else the total, else a zero part."""
    parts, total = equation
    published = [p for p in parts if system.find(p) not in hidden]
    counted = sorted(
        (p for p in published if system.values[p] > 0), key=lambda p: (system.values[p], p)
    )
    if counted:
        return counted[0]
    if system.find(total) not in hidden:
        return total
    return published[0] if published else None


def _hide(system: System, hidden: set[Position], position: Position) -> None:
    hidden.add(system.find(position))


def protect(system: System, threshold: int, *, max_rounds: int = 500) -> set[Position]:
    """The cells to withhold (as positions, every member of a linked group included)."""
    hidden: set[Position] = set()
    for position in system.sensitive:
        if is_primary(system.values[position], threshold):
            _hide(system, hidden, position)
    for _round in range(max_rounds):
        changed = False
        # Secondary suppression: no relation may have exactly one withheld cell.
        for equation in system.equations:
            parts, total = equation
            members = {system.find(p) for p in (*parts, total)}
            if len(members & hidden) == 1:
                extra = _complement(system, equation, hidden)
                if extra is not None:
                    _hide(system, hidden, extra)
                    changed = True
        if changed:
            continue
        # The attacker's check: every withheld cell keeps an interval at least the threshold.
        narrow = [
            root
            for root, (low, high) in intervals(system, hidden).items()
            if high - low < threshold - 1e-9
        ]
        if not narrow:
            break
        for root in narrow:
            for equation in system.equations:
                parts, total = equation
                if root in {system.find(p) for p in (*parts, total)}:
                    extra = _complement(system, equation, hidden)
                    if extra is not None:
                        _hide(system, hidden, extra)
                        changed = True
                        break
        if not changed:
            break  # nothing left to withhold around it: the relation is all withheld
    groups = system.members()
    return {p for root in hidden for p in groups.get(root, [root])}


def publish(tables: Sequence[Table], threshold: int, zone_floor: int) -> list[Table]:
    """The tables as they may leave the service: small places merged, cells withheld as
    ``SECRET``. Tables that do not count people come back unchanged."""
    merged = []
    for table in tables:
        if table.people and table.zones:
            table = merge_small_zones(table, zone_floor)
        if table.people and table.zone_columns:
            table = merge_small_zones(table, zone_floor, axis="column")
        merged.append(table)
    system = build_system(merged)
    if not any(is_primary(system.values[p], threshold) for p in system.sensitive):
        return merged
    hidden = protect(system, threshold)
    result = []
    for table in merged:
        if not table.people:
            result.append(table)
            continue
        cells = tuple(
            tuple(SECRET if (table.key, r, c) in hidden else v for c, v in enumerate(line))
            for r, line in enumerate(table.cells)
        )
        result.append(replace(table, cells=cells))
    return result
