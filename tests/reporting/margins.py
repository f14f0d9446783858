"""What the attackers of the reports (attack.py, attack_publications.py) read as a table's
margins: each a vector of cells by label, to match against another table's."""

from __future__ import annotations

from collections.abc import Sequence

TOTAL = "Total"


def margin_vectors(
    rows: Sequence[str], columns: Sequence[str], total_row: bool, total_column: bool
) -> list[dict[str, tuple[int, int]]]:
    """The table's margins (its total column, its total row, and its only column), each as
    ``{label: (row, column)}``; the total row's and the total column's label is « Total »."""
    rows = [*rows[:-1], TOTAL] if total_row else list(rows)
    columns = [*columns[:-1], TOTAL] if total_column else list(columns)
    found = []
    if total_column:
        found.append({label: (r, len(columns) - 1) for r, label in enumerate(rows)})
    if total_row:
        found.append({label: (len(rows) - 1, c) for c, label in enumerate(columns)})
    if len(columns) == 1:
        found.append({label: (r, 0) for r, label in enumerate(rows)})
    return found
