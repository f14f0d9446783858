"""Relations between publications that an attacker can write (``secrecy_joint``): equal cells
over the same period, nested periods, partitions of a period (issue 9, « Funders see
publications, not queries »). Only the relations true on the exact figures are kept
(``cross_relations``): a relation that does not hold teaches an attacker nothing true.
No Django import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import permutations
from typing import Any

from .secrecy import Position, Table, is_number

Terms = tuple[tuple[Position, float], ...]


@dataclass(frozen=True)
class Relation:
    """``sum(coefficient × cell) == 0`` (``equal``) or ``<= 0``."""

    terms: Terms
    equal: bool = True


@dataclass(frozen=True)
class Sheet:
    """A table of a publication with what an attacker knows of it: its period (first and last
    day as ordinals, both included) and whether its counts add up over time (``flow``)."""

    table: Table
    start: int
    end: int
    flow: bool = False


def _cells(sheet: Sheet) -> dict[tuple[str, str], Position]:
    table = sheet.table
    return {
        (row, column): (table.key, r, c)
        for r, row in enumerate(table.rows)
        for c, column in enumerate(table.columns)
    }


def _value(sheets: dict[str, Sheet], position: Position) -> Any:
    return sheets[position[0]].table.cells[position[1]][position[2]]


def _holds(relation: Relation, sheets: dict[str, Sheet]) -> bool:
    total = 0.0
    for position, coefficient in relation.terms:
        value = _value(sheets, position)
        if not is_number(value):
            return False
        total += coefficient * float(value)
    return abs(total) < 1e-9 if relation.equal else total <= 1e-9


def _partitions(
    period: tuple[int, int], periods: Sequence[tuple[int, int]], limit: int = 50
) -> list[list[tuple[int, int]]]:
    """The ways to cover ``period`` exactly with two or more of ``periods``, end to end."""
    found: list[list[tuple[int, int]]] = []

    def walk(start: int, chain: list[tuple[int, int]]) -> None:
        if len(found) >= limit:
            return
        if start == period[1] + 1:
            if len(chain) >= 2:
                found.append(list(chain))
            return
        for candidate in periods:
            if candidate[0] == start and candidate[1] <= period[1] and candidate != period:
                walk(candidate[1] + 1, [*chain, candidate])

    walk(period[0], [])
    return found


def cross_relations(sheets: Sequence[Sheet]) -> list[Relation]:
    """The relations between tables of different publications that hold on their figures."""
    by_key = {s.table.key: s for s in sheets}
    families: dict[tuple[Any, ...], list[Sheet]] = {}
    for sheet in sheets:
        if sheet.table.people:
            identity = (sheet.table.rows, sheet.table.columns, sheet.flow)
            families.setdefault(identity, []).append(sheet)
    relations: list[Relation] = []
    for members in families.values():
        relations.extend(_family_relations(members))
    return [r for r in relations if _holds(r, by_key)]


def _family_relations(members: Sequence[Sheet]) -> list[Relation]:
    by_period: dict[tuple[int, int], list[Sheet]] = {}
    for sheet in members:
        by_period.setdefault((sheet.start, sheet.end), []).append(sheet)
    cells = {s.table.key: _cells(s) for s in members}
    labels = list(cells[members[0].table.key])
    relations: list[Relation] = []
    # The same period: every sheet equals the first one.
    for same in by_period.values():
        first = same[0].table.key
        for other in same[1:]:
            for label in labels:
                a, b = cells[first][label], cells[other.table.key][label]
                relations.append(Relation(((a, 1.0), (b, -1.0))))
    periods = sorted(by_period)
    # Nested periods: sub ≤ super (for every sheet of each, as versions may differ).
    for sub, sup in permutations(periods, 2):
        if sup[0] <= sub[0] and sub[1] <= sup[1]:
            for low in by_period[sub]:
                for high in by_period[sup]:
                    for label in labels:
                        a, b = cells[low.table.key][label], cells[high.table.key][label]
                        relations.append(Relation(((a, 1.0), (b, -1.0)), equal=False))
    # Partitions: super = Σ subs (flow) or super ≤ Σ subs (stock); one sheet per period, each
    # combination of versions.
    flow = members[0].flow
    for sup in periods:
        for chain in _partitions(sup, periods):
            for high in by_period[sup]:
                for combination in _combinations([by_period[p] for p in chain]):
                    for label in labels:
                        terms = [(cells[high.table.key][label], 1.0)]
                        terms += [(cells[s.table.key][label], -1.0) for s in combination]
                        relations.append(Relation(tuple(terms), equal=flow))
    return relations


def _combinations(groups: Sequence[Sequence[Sheet]], limit: int = 16) -> list[list[Sheet]]:
    result: list[list[Sheet]] = [[]]
    for group in groups:
        result = [[*done, sheet] for done in result for sheet in group][:limit]
    return result
