"""An attacker of published report tables that knows only what a funder downloads.

It reads the tables back from the report's XLSX (``outputs_read``): titles, row and column
labels, cells (« s » where withheld). Nothing of the secrecy layer's declarations (which
tables count people, have totals, share a margin or repeat a figure) reaches it; it guesses
the linear relations between cells from what is published:

- a last row (column) is the sum of the others when it is labelled « Total », or when it is
  that sum in every column (row) whose cells are all published and in at least one — unless a
  column (row) whose cells are all published says otherwise;
- two tables share a margin when a vector of one (its total column or total row, or its only
  column) and a vector of the other have the same labels, besides « Total », and agree
  wherever both are published: they are guessed equal label by label;
- a guess that what is published contradicts (the linear programme has no solution) is
  dropped, one guessed relation at a time.

Every cell that is not a published number (« s », « NR », « compris dans … », empty) is an
unknown ≥ 0; a withheld one (« s ») is bounded by the two linear programmes min x and
max x under those equalities (``scipy.optimize.linprog``, HiGHS). A report of the demo has up
to about 130 withheld cells, so each report is a few hundred programmes of that many
unknowns: a few seconds for the demo's five reports.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy as np
from scipy.optimize import linprog

from tests.reporting import outputs_read
from tests.reporting.margins import margin_vectors

SECRET = "s"
TOTAL = "Total"

Cell = tuple[int, int, int]  # table index, row, column
Equation = tuple[dict[int, float], float]


@dataclass(frozen=True)
class Shown:
    """One table as the funder reads it in the file."""

    title: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: list[list[Any]]


@dataclass(frozen=True)
class Finding:
    table: str
    row: str
    column: str
    low: float
    high: float
    truth: Any


def read_xlsx(content: bytes) -> list[Shown]:
    """The tables of a report's XLSX: each sheet after the summary, its title, its header."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    return [
        Shown(
            title=str(sheet["A1"].value),
            rows=tuple(str(label) for label, _ in lines),
            columns=tuple(str(v) for v in next(sheet.iter_rows(2, 2, values_only=True))[1:]),
            cells=[list(cells) for _, cells in lines],
        )
        for sheet, lines in zip(book.worksheets[1:], outputs_read.xlsx_tables(content), strict=True)
    ]


def downloaded(tables: Sequence[Any]) -> list[Shown]:
    """``tables`` (as the secrecy layer let them out) as a funder downloads them: written to
    the report's XLSX, read back."""
    from reperes.reporting import exports
    from reperes.reporting.indicators import Period

    report = SimpleNamespace(
        title="Rapport",
        service_name="Service",
        operator_name="Organisme",
        period=Period.year(2024),
        tables=list(tables),
    )
    return read_xlsx(exports.to_xlsx(report))


def _is_total(label: str) -> bool:
    return label.strip().lower().startswith(TOTAL.lower())


def _value(v: Any) -> float | None:
    number = outputs_read.number(v)
    return None if number is None else float(number)


def _sums(lines: list[list[Any]], labelled: bool) -> bool:
    """Is the last cell of each line the sum of the others (``lines`` hold ≥ 2 cells)?"""
    confirmed = False
    for line in lines:
        values = [_value(v) for v in line]
        if any(v is None for v in values):
            continue
        if abs(sum(values[:-1]) - values[-1]) > 1e-6:
            return False
        confirmed = True
    return labelled or confirmed


def _total_row(t: Shown) -> bool:
    columns = [[line[c] for line in t.cells] for c in range(len(t.columns))]
    return len(t.rows) >= 2 and _sums(columns, _is_total(t.rows[-1]))


def _total_column(t: Shown) -> bool:
    return len(t.columns) >= 2 and _sums(t.cells, _is_total(t.columns[-1]))


def _vectors(t: Shown) -> list[dict[str, tuple[int, int]]]:
    return margin_vectors(t.rows, t.columns, _total_row(t), _total_column(t))


class _System:
    def __init__(self, tables: Sequence[Shown]) -> None:
        self.tables = tables
        self.unknowns: dict[Cell, int] = {}
        for i, t in enumerate(tables):
            for r, line in enumerate(t.cells):
                for c, v in enumerate(line):
                    if _value(v) is None:
                        self.unknowns[(i, r, c)] = len(self.unknowns)
        self.stated: list[Equation] = []
        self.guessed: list[list[Equation]] = []  # dropped a group at a time

    def equation(self, plus: list[Cell], minus: list[Cell]) -> Equation | None:
        """Σ plus − Σ minus = 0, over the unknowns; None when the published figures alone
        satisfy it."""
        coefficients: dict[int, float] = {}
        constant = 0.0
        for sign, cells in ((1.0, plus), (-1.0, minus)):
            for cell in cells:
                if cell in self.unknowns:
                    j = self.unknowns[cell]
                    coefficients[j] = coefficients.get(j, 0.0) + sign
                else:
                    i, r, c = cell
                    constant += sign * (_value(self.tables[i].cells[r][c]) or 0.0)
        coefficients = {j: v for j, v in coefficients.items() if v}
        if coefficients or abs(constant) > 1e-6:  # 0 = constant ≠ 0: a contradiction
            return coefficients, -constant
        return None

    def add(self, group: list[Equation], plus: list[Cell], minus: list[Cell]) -> None:
        found = self.equation(plus, minus)
        if found is not None:
            group.append(found)


def _build(tables: Sequence[Shown]) -> _System:
    system = _System(tables)
    for i, t in enumerate(tables):
        n_rows, n_cols = len(t.rows), len(t.columns)
        for total, labelled, lines in (
            (
                _total_column(t),
                _is_total(t.columns[-1]),
                [
                    ([(i, r, c) for c in range(n_cols - 1)], [(i, r, n_cols - 1)])
                    for r in range(n_rows)
                ],
            ),
            (
                _total_row(t),
                _is_total(t.rows[-1]),
                [
                    ([(i, r, c) for r in range(n_rows - 1)], [(i, n_rows - 1, c)])
                    for c in range(n_cols)
                ],
            ),
        ):
            if total:
                group = system.stated if labelled else []
                for plus, minus in lines:
                    system.add(group, plus, minus)
                if not labelled:
                    system.guessed.append(group)
    vectors = [(i, v) for i, t in enumerate(tables) for v in _vectors(t)]
    for n, (i, va) in enumerate(vectors):
        for j, vb in vectors[n + 1 :]:
            if i == j or set(va) - {TOTAL} != set(vb) - {TOTAL} or len(set(va) - {TOTAL}) < 2:
                continue
            common = [label for label in va if label in vb]
            known = [
                (
                    _value(tables[i].cells[va[k][0]][va[k][1]]),
                    _value(tables[j].cells[vb[k][0]][vb[k][1]]),
                )
                for k in common
            ]
            if any(a is not None and b is not None and abs(a - b) > 1e-6 for a, b in known):
                continue
            group: list[Equation] = []
            for label in common:
                system.add(group, [(i, *va[label])], [(j, *vb[label])])
            system.guessed.append(group)
    return system


def _feasible(n: int, equations: list[Equation]) -> bool:
    a_eq, b_eq = _matrix(n, equations)
    objective = np.zeros(n)
    result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * n, method="highs")
    return result.status != 2


def _matrix(n: int, equations: list[Equation]) -> tuple[Any, Any]:
    if not equations:
        return None, None
    a_eq = np.zeros((len(equations), n))
    b_eq = np.zeros(len(equations))
    for i, (coefficients, constant) in enumerate(equations):
        for j, value in coefficients.items():
            a_eq[i, j] = value
        b_eq[i] = constant
    return a_eq, b_eq


def as_shown(table: Any) -> Shown:
    """A table of the rule layer (``reperes.rules.secrecy.Table``) as a reader sees it: its
    labels and its cells, none of its declarations (totals, shared margins, people)."""
    if isinstance(table, Shown):
        return table
    title = getattr(table, "title", None) or table.key
    cells = [list(line) for line in table.cells]
    return Shown(str(title), tuple(table.rows), tuple(table.columns), cells)


def attack(published: Sequence[Any], truth: Sequence[Any] = ()) -> list[Finding]:
    """Every withheld cell of ``published`` with the interval the attacker narrows it to.
    ``published`` is read as shown (``as_shown``): labels and cells only. ``truth`` (the same
    tables before secrecy, in the same order) only labels the findings."""
    published = [as_shown(t) for t in published]
    system = _build(published)
    n = len(system.unknowns)
    withheld = [
        (cell, j)
        for cell, j in system.unknowns.items()
        if published[cell[0]].cells[cell[1]][cell[2]] == SECRET
    ]
    if not withheld:
        return []
    equations = list(system.stated)
    assert _feasible(n, equations), "les totaux publiés se contredisent"
    for group in system.guessed:
        if _feasible(n, [*equations, *group]):
            equations += group
    a_eq, b_eq = _matrix(n, equations)
    findings = []
    for (i, r, c), j in withheld:
        bounds = []
        for sense in (1.0, -1.0):
            objective = np.zeros(n)
            objective[j] = sense
            result = linprog(
                objective, A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * n, method="highs"
            )
            assert result.status in (0, 3), f"système incohérent: {result.message}"
            bounds.append(float("inf") if result.status == 3 else sense * result.fun)
        table = published[i]
        true_value = None
        if i < len(truth) and (tuple(truth[i].rows), tuple(truth[i].columns)) == (
            table.rows,
            table.columns,
        ):
            true_value = truth[i].cells[r][c]
        findings.append(
            Finding(table.title, table.rows[r], table.columns[c], bounds[0], bounds[1], true_value)
        )
    return findings
