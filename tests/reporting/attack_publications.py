"""An attacker of everything a funder has ever been shown, written apart from the secrecy layer
(it imports nothing from ``reperes.rules.secrecy*`` nor ``reperes.reporting.secrecy``).

It reads the publications as a funder downloads them — the JSON of the API, and the CSV and
XLSX files, parsed back and checked to say the same — and derives every relation it can by
itself:

- inside a table: a row or column labelled « Total » (or a table declared with totals) is the
  sum of the others; tables declared to share a margin show the same figures under the same
  labels and the same grand total; a row declared to repeat another table's total equals it;
- across publications of one service: two tables with the same title, row and column labels
  and declared additivity count the same thing — equal over the same period (another model,
  another version: unless both versions show two different numbers), a sub-period at most the
  period, and, when sub-periods partition a period, the period equal to (``flow``) or at most
  (``stock``) their sum;
- every count is non-negative.

Then, for every withheld cell (« s »), it solves min x and max x (``scipy.optimize.linprog``,
HiGHS) over the connected part of the system that holds it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import permutations
from typing import Any

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from tests.reporting.margins import margin_vectors

SECRET = "s"
TOTAL = "Total"

Cell = tuple[int, int, int]  # table index, row, column


@dataclass
class Shown:
    """One table of one publication as the funder received it."""

    service: Any
    model: str
    version: int
    start: str
    end: str
    key: str
    title: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: list[list[Any]]
    people: bool
    totals: bool
    flow: bool
    same_margin: str | None
    same_as: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Finding:
    service: Any
    model: str
    period: str
    version: int
    table: str
    row: str
    column: str
    low: float
    high: float


# ---------------------------------------------------------------- reading what was downloaded


def _number(text: Any) -> Any:
    if text is None or text == "":
        return None
    if isinstance(text, int | float):
        return text
    text = str(text).strip()
    if text == SECRET:
        return SECRET
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text


def csv_tables(content: bytes) -> list[tuple[str, list[list[Any]]]]:
    """(title, cells) of each table block of a report's CSV."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    blocks: list[tuple[str, list[list[Any]]]] = []
    i = 0
    while i < len(rows) and rows[i]:
        i += 1  # the header lines, up to the first blank line
    while i < len(rows):
        if not rows[i]:
            i += 1
            continue
        title = rows[i][0]
        i += 2  # the title, then the column labels
        lines = []
        while i < len(rows) and rows[i]:
            lines.append([_number(v) for v in rows[i][1:]])
            i += 1
        blocks.append((title, lines))
    return blocks


def xlsx_tables(content: bytes) -> list[tuple[str, list[list[Any]]]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    blocks = []
    for sheet in book.worksheets[1:]:
        lines = list(sheet.iter_rows(values_only=True))
        blocks.append((str(lines[0][0]), [[_number(v) for v in line[1:]] for line in lines[2:]]))
    return blocks


def read_publication(data: dict[str, Any], csv_bytes: bytes, xlsx_bytes: bytes) -> list[Shown]:
    """The tables of one publication, from its JSON, checked against its CSV and XLSX."""
    tables = [t for s in data["sections"] for t in s["tables"]]
    for source in (csv_tables(csv_bytes), xlsx_tables(xlsx_bytes)):
        assert [title for title, _ in source] == [t["title"] for t in tables]
        for (_title, lines), table in zip(source, tables, strict=True):
            expected = [[_number(v) for v in line] for line in table["cells"]]
            assert _same(lines, expected), table["key"]
    return [
        Shown(
            service=data["service"],
            model=data["model"],
            version=data["version"],
            start=data["period"]["start"],
            end=data["period"]["end"],
            key=t["key"],
            title=t["title"],
            rows=tuple(t["rows"]),
            columns=tuple(t["columns"]),
            cells=[[_number(v) for v in line] for line in t["cells"]],
            people=t["people"],
            totals=t["totals"],
            flow=t["additivity"] == "flow",
            same_margin=t["same_margin"],
            same_as=tuple(tuple(pair) for pair in t["same_as"]),  # type: ignore[misc]
        )
        for t in tables
    ]


def _same(a: list[list[Any]], b: list[list[Any]]) -> bool:
    def norm(v: Any) -> Any:
        return round(float(v), 6) if isinstance(v, int | float) else (v or None)

    return [[norm(v) for v in line] for line in a] == [[norm(v) for v in line] for line in b]


# ---------------------------------------------------------------- the system


@dataclass
class _System:
    tables: list[Shown]
    unknowns: dict[Cell, int] = field(default_factory=dict)
    equal: list[tuple[dict[int, float], float]] = field(default_factory=list)
    at_most: list[tuple[dict[int, float], float]] = field(default_factory=list)
    # Relations guessed from labels across tables (not stated by a « Total »): dropped when
    # what is published contradicts them.
    guessed: set[tuple[bool, int]] = field(default_factory=set)
    guessing: bool = False

    def term(self, cell: Cell) -> tuple[int | None, float]:
        value = self.tables[cell[0]].cells[cell[1]][cell[2]]
        if value == SECRET:
            return self.unknowns.setdefault(cell, len(self.unknowns)), 0.0
        return None, float(value) if isinstance(value, int | float) else 0.0

    def add(self, plus: Iterable[Cell], minus: Iterable[Cell], *, equal: bool = True) -> None:
        """Σ plus − Σ minus = 0 (or ≤ 0)."""
        coefficients: dict[int, float] = {}
        constant = 0.0
        for sign, cells in ((1.0, plus), (-1.0, minus)):
            for cell in cells:
                index, value = self.term(cell)
                if index is None:
                    constant += sign * value
                else:
                    coefficients[index] = coefficients.get(index, 0.0) + sign
        coefficients = {k: v for k, v in coefficients.items() if v}
        if coefficients:
            rows = self.equal if equal else self.at_most
            if self.guessing:
                self.guessed.add((equal, len(rows)))
            rows.append((coefficients, -constant))


def _total_row(t: Shown) -> bool:
    return len(t.rows) >= 2 and (t.rows[-1] == TOTAL or t.totals)


def _total_column(t: Shown) -> bool:
    return len(t.columns) >= 2 and t.columns[-1] == TOTAL


def _vectors(t: Shown) -> list[dict[str, tuple[int, int]]]:
    return margin_vectors(t.rows, t.columns, _total_row(t), _total_column(t))


def _inside(system: _System, i: int, by_key: dict[str, int]) -> None:
    t = system.tables[i]
    n_rows, n_cols = len(t.rows), len(t.columns)
    if _total_column(t):
        for r in range(n_rows):
            system.add([(i, r, c) for c in range(n_cols - 1)], [(i, r, n_cols - 1)])
    if _total_row(t):
        for c in range(n_cols):
            system.add([(i, r, c) for r in range(n_rows - 1)], [(i, n_rows - 1, c)])
    system.guessing = True
    other_index = by_key.get(t.same_margin or "")
    if other_index is not None:
        other = system.tables[other_index]
        for va in _vectors(t):
            for vb in _vectors(other):
                common = [label for label in va if label in vb]
                if len([label for label in common if label != TOTAL]) >= 2:
                    for label in common:
                        system.add([(i, *va[label])], [(other_index, *vb[label])])
        if (_total_row(t) or _total_column(t)) and (_total_row(other) or _total_column(other)):
            system.add(
                [(i, n_rows - 1, n_cols - 1)],
                [(other_index, len(other.rows) - 1, len(other.columns) - 1)],
            )
    for label, key in t.same_as:
        j = by_key.get(key)
        if j is not None and label in t.rows:
            other = system.tables[j]
            system.add(
                [(i, t.rows.index(label), 0)], [(j, len(other.rows) - 1, len(other.columns) - 1)]
            )
    system.guessing = False


def _partitions(
    period: tuple[str, str], periods: Sequence[tuple[str, str]]
) -> list[list[tuple[str, str]]]:
    from datetime import date, timedelta

    found: list[list[tuple[str, str]]] = []
    end = period[1]

    def walk(start: str, chain: list[tuple[str, str]]) -> None:
        if start == (date.fromisoformat(end) + timedelta(days=1)).isoformat():
            if len(chain) >= 2:
                found.append(chain)
            return
        for p in periods:
            if p[0] == start and p[1] <= end and p != period:
                walk((date.fromisoformat(p[1]) + timedelta(days=1)).isoformat(), [*chain, p])

    walk(period[0], [])
    return found


def _across(system: _System, indexes: list[int]) -> None:
    """Relations between the tables of one service's publications that count the same thing."""
    families: dict[tuple[Any, ...], list[int]] = {}
    for i in indexes:
        t = system.tables[i]
        if t.people:
            # Same title and labels: the same figure (a table of youths met and one of youths
            # accompanied may share their labels, not their title).
            families.setdefault((t.title, t.rows, t.columns, t.flow), []).append(i)
    for members in families.values():
        by_period: dict[tuple[str, str], list[int]] = {}
        for i in members:
            by_period.setdefault((system.tables[i].start, system.tables[i].end), []).append(i)
        shape = [
            (r, c)
            for r in range(len(system.tables[members[0]].rows))
            for c in range(len(system.tables[members[0]].columns))
        ]
        for same in by_period.values():
            for j in same[1:]:
                for r, c in shape:
                    a, b = system.tables[same[0]].cells[r][c], system.tables[j].cells[r][c]
                    if SECRET in (a, b) or a == b:
                        system.add([(same[0], r, c)], [(j, r, c)])
        periods = sorted(by_period)
        for sub, sup in permutations(periods, 2):
            if sup[0] <= sub[0] and sub[1] <= sup[1]:
                for low in by_period[sub]:
                    for high in by_period[sup]:
                        for r, c in shape:
                            system.add([(low, r, c)], [(high, r, c)], equal=False)
        flow = system.tables[members[0]].flow
        for sup in periods:
            for chain in _partitions(sup, periods):
                parts = [by_period[p][-1] for p in chain]  # the latest version of each
                for high in by_period[sup]:
                    for r, c in shape:
                        if flow:
                            system.add([(high, r, c)], [(p, r, c) for p in parts])
                        else:
                            system.add([(high, r, c)], [(p, r, c) for p in parts], equal=False)


def build(tables: list[Shown]) -> _System:
    system = _System(tables)
    for i, t in enumerate(tables):
        for r, line in enumerate(t.cells):
            for c, value in enumerate(line):
                if value == SECRET and t.people:
                    system.unknowns.setdefault((i, r, c), len(system.unknowns))
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i, t in enumerate(tables):
        groups.setdefault((t.service, t.model, t.version, t.start, t.end), []).append(i)
    for indexes in groups.values():
        by_key = {tables[i].key: i for i in indexes if tables[i].people}
        for i in by_key.values():
            _inside(system, i, by_key)
    services: dict[Any, list[int]] = {}
    for i, t in enumerate(tables):
        services.setdefault(t.service, []).append(i)
    system.guessing = True
    for indexes in services.values():
        _across(system, indexes)
    system.guessing = False
    return system


# ---------------------------------------------------------------- solving


def _components(system: _System) -> list[tuple[list[int], list[int], list[int]]]:
    parent = list(range(len(system.unknowns)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for coefficients, _ in (*system.equal, *system.at_most):
        keys = list(coefficients)
        for k in keys[1:]:
            parent[find(k)] = find(keys[0])
    unknowns: dict[int, list[int]] = {}
    for u in range(len(system.unknowns)):
        unknowns.setdefault(find(u), []).append(u)
    equal: dict[int, list[int]] = {}
    at_most: dict[int, list[int]] = {}
    for target, rows in ((equal, system.equal), (at_most, system.at_most)):
        for n, (coefficients, _) in enumerate(rows):
            target.setdefault(find(next(iter(coefficients))), []).append(n)
    return [
        (members, equal.get(root, []), at_most.get(root, [])) for root, members in unknowns.items()
    ]


def _matrix(
    rows: list[tuple[dict[int, float], float]], chosen: list[int], index: dict[int, int]
) -> tuple[Any, Any]:
    if not chosen:
        return None, None
    r, c, d, b = [], [], [], []
    for line, n in enumerate(chosen):
        coefficients, constant = rows[n]
        for k, v in coefficients.items():
            r.append(line)
            c.append(index[k])
            d.append(v)
        b.append(constant)
    return csr_matrix((d, (r, c)), shape=(len(chosen), len(index))), np.array(b)


def _solve(members, equal, at_most, system, index):
    a_eq, b_eq = _matrix(system.equal, equal, index)
    a_ub, b_ub = _matrix(system.at_most, at_most, index)

    def run(u: int | dict[int, float], sense: float) -> Any:
        """min (sense × x_u), or of sense × Σ coefficient × x for a dict of coefficients."""
        objective = np.zeros(len(members))
        for k, coefficient in u.items() if isinstance(u, dict) else [(u, 1.0)]:
            objective[index[k]] = sense * coefficient
        return linprog(
            objective, A_eq=a_eq, b_eq=b_eq, A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs"
        )

    return run


def _consistent(system: _System, members, equal, at_most, index):
    """The relations of a component, without the guesses that what is published contradicts
    (kept greedily, each while the system stays feasible)."""
    if _solve(members, equal, at_most, system, index)(members[0], 1.0).status != 2:
        return equal, at_most
    kept_eq = [n for n in equal if (True, n) not in system.guessed]
    kept_ub = [n for n in at_most if (False, n) not in system.guessed]
    for n in equal:
        trial = _solve(members, [*kept_eq, n], kept_ub, system, index)
        if (True, n) in system.guessed and trial(members[0], 1.0).status != 2:
            kept_eq.append(n)
    for n in at_most:
        trial = _solve(members, kept_eq, [*kept_ub, n], system, index)
        if (False, n) in system.guessed and trial(members[0], 1.0).status != 2:
            kept_ub.append(n)
    return kept_eq, kept_ub


def attack(tables: list[Shown]) -> list[Finding]:
    """Every withheld cell with the interval the attacker narrows it to."""
    system = build(tables)
    by_unknown = {u: cell for cell, u in system.unknowns.items()}
    findings = []
    for members, equal, at_most in _components(system):
        index = {u: n for n, u in enumerate(members)}
        equal, at_most = _consistent(system, members, equal, at_most, index)
        run = _solve(members, equal, at_most, system, index)
        for u in members:
            bounds = []
            for sense in (1.0, -1.0):
                result = run(u, sense)
                assert result.status in (0, 3), f"système incohérent : {result.message}"
                bounds.append(float("inf") if result.status == 3 else sense * result.fun)
            i, r, c = by_unknown[u]
            t = tables[i]
            findings.append(
                Finding(
                    t.service,
                    t.model,
                    f"{t.start}_{t.end}",
                    t.version,
                    t.key,
                    t.rows[r],
                    t.columns[c],
                    bounds[0],
                    bounds[1],
                )
            )
    return findings


# ---------------------------------------------------------------- differences of nested periods


@dataclass(frozen=True)
class Difference:
    """What the attacker knows of ``super - sub``: the same cell of the same table (title and
    labels) of a count of distinct people over a period and a period strictly inside it — the
    people seen in the longer period and not in the shorter one."""

    service: Any
    table: str
    row: str
    column: str
    sup: tuple[str, str, int, str]  # model, period, version, table key
    sub: tuple[str, str, int, str]
    low: float
    high: float

    @property
    def exact(self) -> bool:
        return self.high - self.low < 1e-9


def nested_pairs(tables: list[Shown]) -> list[tuple[int, int]]:
    """(super, sub) table indexes: the same stock table of one service over a period and a
    period strictly inside it (one pair per distinct pair of published figures)."""
    families: dict[tuple[Any, ...], list[int]] = {}
    for i, t in enumerate(tables):
        if t.people and not t.flow:
            families.setdefault((t.service, t.title, t.rows, t.columns), []).append(i)
    pairs, seen = [], set()
    for members in families.values():
        for i in members:
            for j in members:
                a, b = tables[i], tables[j]
                if (a.start, a.end) == (b.start, b.end) or not (
                    a.start <= b.start and b.end <= a.end
                ):
                    continue
                identity = (
                    a.service,
                    a.title,
                    a.start,
                    a.end,
                    b.start,
                    b.end,
                    str(a.cells),
                    str(b.cells),
                )
                if identity not in seen:
                    seen.add(identity)
                    pairs.append((i, j))
    return pairs


def attack_differences(tables: list[Shown]) -> list[Difference]:
    """For every nested pair and cell, the interval of ``super - sub``: exact when both are
    published, else the LP's smallest and largest value of the difference."""
    system = build(tables)
    solvers: dict[int, Any] = {}
    component: dict[int, int] = {}
    for n, (members, equal, at_most) in enumerate(_components(system)):
        index = {u: k for k, u in enumerate(members)}
        equal, at_most = _consistent(system, members, equal, at_most, index)
        solvers[n] = _solve(members, equal, at_most, system, index)
        component.update((u, n) for u in members)
    found = []
    for i, j in nested_pairs(tables):
        a, b = tables[i], tables[j]
        for r in range(len(a.rows)):
            for c in range(len(a.columns)):
                values = (a.cells[r][c], b.cells[r][c])
                if not all(v == SECRET or isinstance(v, int | float) for v in values):
                    continue
                parts: dict[int, dict[int, float]] = {}
                constant = 0.0
                for cell, sign in (((i, r, c), 1.0), ((j, r, c), -1.0)):
                    unknown, value = system.term(cell)
                    if unknown is None:
                        constant += sign * value
                    else:
                        part = parts.setdefault(component[unknown], {})
                        part[unknown] = part.get(unknown, 0.0) + sign
                low = high = constant
                for n, objective in parts.items():
                    objective = {k: v for k, v in objective.items() if v}
                    if not objective:
                        continue
                    least, most = solvers[n](objective, 1.0), solvers[n](objective, -1.0)
                    low += least.fun if least.status == 0 else -float("inf")
                    high += -most.fun if most.status == 0 else float("inf")
                found.append(
                    Difference(
                        a.service,
                        a.key,
                        a.rows[r],
                        a.columns[c],
                        (a.model, f"{a.start}_{a.end}", a.version, a.key),
                        (b.model, f"{b.start}_{b.end}", b.version, b.key),
                        low,
                        high,
                    )
                )
    return found
