"""An attacker of published report tables, written apart from the secrecy layer it attacks.

It reads only what a funder receives: the published cells (« s » where withheld) and what the
report's layout tells anyone — a row or column labelled « Total » (or a table marked as having
totals) is the sum of the others, and two tables that share a margin (``same_margin``) show
the same figures under the same labels. It then solves, for every withheld cell, the two linear
programmes min x and max x under those equalities and x ≥ 0 (``scipy.optimize.linprog``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import linprog

SECRET = "s"
TOTAL = "Total"


@dataclass(frozen=True)
class Finding:
    table: str
    row: str
    column: str
    low: float
    high: float
    truth: Any


def _has_total_row(table: Any) -> bool:
    return len(table.rows) >= 2 and (table.rows[-1] == TOTAL or getattr(table, "totals", False))


def _has_total_column(table: Any) -> bool:
    return len(table.columns) >= 2 and table.columns[-1] == TOTAL


def _vectors(table: Any) -> list[dict[str, tuple[int, int]]]:
    rows = list(table.rows)
    if _has_total_row(table):
        rows[-1] = TOTAL
    found = []
    if _has_total_column(table):
        found.append({label: (r, len(table.columns) - 1) for r, label in enumerate(rows)})
    if _has_total_row(table):
        found.append({label: (len(rows) - 1, c) for c, label in enumerate(table.columns)})
    if len(table.columns) == 1:
        found.append({label: (r, 0) for r, label in enumerate(rows)})
    return found


def attack(published: Sequence[Any], truth: Sequence[Any]) -> list[Finding]:
    """Every withheld cell of ``published`` with the interval the attacker narrows it to.
    ``truth`` (the same tables before secrecy, same keys) only labels the findings."""
    tables = {t.key: t for t in published if t.people}
    true_tables = {t.key: t for t in truth}
    unknowns: dict[tuple[str, int, int], int] = {}
    for key, table in tables.items():
        for r, line in enumerate(table.cells):
            for c, value in enumerate(line):
                if value == SECRET:
                    unknowns[(key, r, c)] = len(unknowns)
    if not unknowns:
        return []
    equations: list[tuple[dict[int, float], float]] = []

    def term(key: str, r: int, c: int) -> tuple[int | None, float]:
        value = tables[key].cells[r][c]
        if value == SECRET:
            return unknowns[(key, r, c)], 0.0
        return None, float(value) if value is not None else 0.0

    def add(positive: list[tuple[str, int, int]], negative: list[tuple[str, int, int]]) -> None:
        coefficients: dict[int, float] = {}
        constant = 0.0
        for sign, cells in ((1.0, positive), (-1.0, negative)):
            for cell in cells:
                index, value = term(*cell)
                if index is None:
                    constant += sign * value
                else:
                    coefficients[index] = coefficients.get(index, 0.0) + sign
        if any(coefficients.values()):
            equations.append((coefficients, -constant))

    for key, table in tables.items():
        n_rows, n_cols = len(table.rows), len(table.columns)
        if _has_total_column(table):
            for r in range(n_rows):
                add([(key, r, c) for c in range(n_cols - 1)], [(key, r, n_cols - 1)])
        if _has_total_row(table):
            for c in range(n_cols):
                add([(key, r, c) for r in range(n_rows - 1)], [(key, n_rows - 1, c)])
    for key, table in tables.items():
        other = tables.get(getattr(table, "same_margin", None) or "")
        if other is None:
            continue
        for va in _vectors(table):
            for vb in _vectors(other):
                common = [label for label in va if label in vb]
                # Two labels besides the total: the same dimension (« Non connue » alone
                # may be the unknown of two different dimensions).
                if len([label for label in common if label != TOTAL]) >= 2:
                    for label in common:
                        add([(key, *va[label])], [(other.key, *vb[label])])
        # Both tables count the same people: their grand totals are equal.
        if (_has_total_row(table) or _has_total_column(table)) and (
            _has_total_row(other) or _has_total_column(other)
        ):
            add(
                [(key, len(table.rows) - 1, len(table.columns) - 1)],
                [(other.key, len(other.rows) - 1, len(other.columns) - 1)],
            )

    for key, table in tables.items():
        # A row that repeats another table's grand total (« Jeunes accompagnés »).
        for label, other_key in getattr(table, "same_as", ()):
            other = tables.get(other_key)
            if other is None or label not in table.rows:
                continue
            add(
                [(key, table.rows.index(label), 0)],
                [(other_key, len(other.rows) - 1, len(other.columns) - 1)],
            )

    n = len(unknowns)
    a_eq = np.zeros((len(equations), n))
    b_eq = np.zeros(len(equations))
    for i, (coefficients, constant) in enumerate(equations):
        for j, value in coefficients.items():
            a_eq[i, j] = value
        b_eq[i] = constant
    findings = []
    for (key, r, c), j in unknowns.items():
        bounds = []
        for sense in (1.0, -1.0):
            objective = np.zeros(n)
            objective[j] = sense
            result = linprog(
                objective,
                A_eq=a_eq if len(equations) else None,
                b_eq=b_eq if len(equations) else None,
                bounds=[(0, None)] * n,
                method="highs",
            )
            assert result.status in (0, 3), f"système incohérent pour {key}: {result.message}"
            bounds.append(float("inf") if result.status == 3 else sense * result.fun)
        table = tables[key]
        true_table = true_tables.get(key)
        truth_value = None
        if true_table is not None and true_table.rows == table.rows:
            truth_value = true_table.cells[r][c]
        findings.append(
            Finding(key, table.rows[r], table.columns[c], bounds[0], bounds[1], truth_value)
        )
    return findings
