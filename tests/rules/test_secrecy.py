"""Statistical secrecy rules (reperes/rules/secrecy.py; seed 003 « Précisions réglementaires »)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reperes.rules.secrecy import (
    SECRET,
    Table,
    build_system,
    is_primary,
    merge_small_zones,
    protect,
    publish,
)
from tests.reporting.attack import attack


def grid(key, rows, columns, body, **kw):
    """A table with its Total column and Total row computed from ``body``."""
    lines = [(*line, sum(line)) for line in body]
    totals = tuple(sum(line[c] for line in lines) for c in range(len(columns) + 1))
    return Table(key, (*rows, "Total"), (*columns, "Total"), (*map(tuple, lines), totals), **kw)


def test_primary_is_one_to_threshold_minus_one_and_zero_is_not_secret():
    assert [is_primary(v, 5) for v in (0, 1, 4, 5, 12)] == [False, True, True, False, False]
    assert is_primary(2, 3)
    assert not is_primary(3, 3)


def test_a_table_without_small_cells_is_published_as_it_is():
    table = grid("t", ("A", "B"), ("F", "G"), [(10, 20), (0, 7)])
    assert publish([table], 5, 1) == [table]


def test_a_small_cell_is_withheld_with_complements_in_its_row_and_column():
    table = grid("t", ("A", "B", "C"), ("F", "G"), [(3, 10), (20, 30), (7, 8)])
    (out,) = publish([table], 5, 1)
    cells = out.cells
    assert cells[0][0] == SECRET
    for line in (cells[0], [line[0] for line in cells]):
        assert sum(1 for v in line if v == SECRET) >= 2  # never alone in a relation
    assert cells[-1][-1] == 78  # the grand total stays published


def test_a_threshold_set_by_the_convention():
    table = grid("t", ("A", "B"), ("F", "G"), [(6, 10), (20, 30)])
    assert publish([table], 5, 1)[0].cells[0][0] == 6
    assert publish([table], 7, 1)[0].cells[0][0] == SECRET


def test_non_people_tables_are_left_alone():
    hours = grid("h", ("A", "B"), ("F", "G"), [(1, 10), (2, 30)], people=False)
    assert publish([hours], 5, 1) == [hours]


def test_small_zones_are_merged_until_the_merge_reaches_the_floor():
    table = grid("z", ("Q1", "Q2", "Q3", "Q4"), ("F", "G"), [(60, 70), (3, 10), (20, 30), (50, 55)])
    merged = merge_small_zones(table, 100)
    # Q2 (13) and Q3 (50) are under 100; together 63, so Q4 (105) joins them.
    assert merged.rows[0] == "Q1"
    assert merged.rows[-1] == "Total"
    assert merged.rows[1].startswith("Autres territoires")
    assert merged.cells[1] == (73, 95, 168)
    assert merged.cells[-1] == table.cells[-1]


def test_every_zone_under_the_floor_leaves_only_the_total():
    table = grid("z", ("Q1", "Q2"), ("F", "G"), [(20, 30), (10, 10)])
    merged = merge_small_zones(table, 100)
    assert merged.rows == ("Total",)
    assert merged.cells == (table.cells[-1],)


def test_zone_columns_are_merged_too():
    table = grid(
        "z", ("Action 1", "Action 2"), ("Q1", "Q2", "Q3", "Q4"), [(90, 60, 3, 2), (80, 50, 4, 1)]
    )
    merged = merge_small_zones(table, 100, axis="column")
    assert merged.columns == ("Q1", merged.columns[1], "Total")
    assert merged.columns[1].startswith("Autres territoires")
    assert [line[1] for line in merged.cells] == [65, 55, 120]


def test_a_shared_margin_is_withheld_in_both_tables():
    by_age = grid("age", ("11-14", "15-17"), ("Fille", "Garçon"), [(2, 20), (1, 30)])
    by_gender = Table("gender", ("Fille", "Garçon", "Total"), ("Nombre",), ((3,), (50,), (53,)))
    by_gender = Table(**{**by_gender.__dict__, "same_margin": "age", "totals": True})
    published = publish([by_age, by_gender], 5, 1)
    age, gender = published
    assert gender.cells[0][0] == SECRET  # 3 girls: primary in the gender table
    assert age.cells[-1][0] == SECRET  # and the same figure in the age table's margin
    findings = attack(published, [by_age, by_gender])
    assert findings
    assert all(f.high - f.low >= 5 for f in findings)


def test_the_protection_is_checked_against_the_attacker_not_only_by_counting():
    # Two small cells in one row protect each other by counting, but their sum (3) is known
    # from the row total: each lies in [0, 3], narrower than 5. A third cell must go.
    table = grid("t", ("A", "B"), ("F", "G", "N"), [(1, 2, 40), (30, 30, 30)])
    system = build_system([table])
    hidden = protect(system, 5)
    assert len([p for p in hidden if p[1] == 0]) >= 3
    (out,) = publish([table], 5, 1)
    assert all(f.high - f.low >= 5 for f in attack([out], [table]))


cells = st.integers(min_value=0, max_value=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=st.integers(min_value=1, max_value=5).flatmap(
        lambda width: st.lists(
            st.lists(cells, min_size=width, max_size=width), min_size=1, max_size=5
        )
    ),
    threshold=st.integers(min_value=2, max_value=6),
)
def test_no_withheld_cell_can_be_narrowed_below_the_threshold(body, threshold):
    rows = tuple(f"R{i}" for i in range(len(body)))
    columns = tuple(f"C{j}" for j in range(len(body[0])))
    table = grid("t", rows, columns, body)
    (out,) = publish([table], threshold, 1)
    for line in out.cells:
        for value in line:
            assert not is_primary(value, threshold)
    for finding in attack([out], [table]):
        assert finding.high - finding.low >= threshold - 1e-6
        assert finding.low - 1e-6 <= finding.truth <= finding.high + 1e-6


def test_a_row_repeating_another_tables_grand_total_is_the_same_cell():
    by_gender = Table(
        "gender", ("Fille", "Garçon", "Total"), ("Nombre",), ((30,), (48,), (78,)), totals=True
    )
    key = Table(
        "key",
        ("Jeunes rencontrés", "Jeunes accompagnés"),
        ("Nombre",),
        ((500,), (78,)),
        same_as=(("Jeunes accompagnés", "gender"),),
    )
    system = build_system([by_gender, key])
    assert system.find(("key", 1, 0)) == system.find(("gender", 2, 0))
    # A different value is a different figure: no link.
    other = Table(**{**key.__dict__, "cells": ((500,), (77,))})
    system = build_system([by_gender, other])
    assert system.find(("key", 1, 0)) != system.find(("gender", 2, 0))
