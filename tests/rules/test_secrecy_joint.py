"""Joint suppression across publications (reperes.rules.secrecy_joint, issue 9 point 3)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from reperes.rules.secrecy import SECRET, Table, build_system
from reperes.rules.secrecy_joint import (
    Sheet,
    Unprotectable,
    cross_relations,
    protect_jointly,
    publish_jointly,
    relation_intervals,
)

ROWS = ("Fille", "Garçon", "Total")
COLUMNS = ("Nombre",)
S1 = (date(2025, 1, 1).toordinal(), date(2025, 6, 30).toordinal())
S2 = (date(2025, 7, 1).toordinal(), date(2025, 12, 31).toordinal())
YEAR = (S1[0], S2[1])


def _sheet(key, cells, span, flow=False):
    table = Table(key=key, rows=ROWS, columns=COLUMNS, cells=cells, totals=True)
    return Sheet(table, span[0], span[1], flow)


def _hidden(table):
    return {
        (table.key, r, c)
        for r, line in enumerate(table.cells)
        for c, v in enumerate(line)
        if v == SECRET
    }


def test_the_same_figure_in_another_model_is_withheld_there_too():
    """Issue 9: « the same figure is withheld in one model and published in another for the
    same period ». The first publication withheld Fille (3) and Garçon (40); a second model
    over the same period must not publish Garçon."""
    first = _sheet("a", ((3,), (40,), (43,)), YEAR)
    (published_first,) = publish_jointly([first], [], set(), 5, 100)
    assert published_first.cells[0][0] == SECRET
    hidden = _hidden(published_first)
    second = _sheet("b", ((3,), (40,), (43,)), YEAR)
    (published_second,) = publish_jointly([second], [first], hidden, 5, 100)
    for r in range(3):
        # Each cell is withheld in both or published in both.
        assert (published_first.cells[r][0] == SECRET) == (published_second.cells[r][0] == SECRET)


def test_two_halves_and_the_year_of_a_flow_do_not_give_a_half_away():
    """A flow: the year is the sum of the halves. With the year and S1 published, S2's small
    cell would be their difference."""
    s1 = _sheet("s1", ((10,), (20,), (30,)), S1, flow=True)
    year = _sheet("y", ((12,), (41,), (53,)), YEAR, flow=True)
    frozen, hidden = [], set()
    for sheet in (s1, year):
        (published,) = publish_jointly([sheet], frozen, hidden, 5, 100)
        frozen.append(sheet)
        hidden |= _hidden(published)
    s2 = _sheet("s2", ((2,), (21,), (23,)), S2, flow=True)
    (published,) = publish_jointly([s2], frozen, hidden, 5, 100)
    assert published.cells[0][0] == SECRET
    # Withholding the small cell alone is not enough: Fille S2 = 12 - 10 from the year and S1.
    system = build_system([s.table for s in (*frozen, s2)])
    relations = cross_relations([*frozen, s2])
    assert any(len(r.terms) == 3 and r.equal for r in relations)
    withheld = hidden | _hidden(published)
    from reperes.rules.secrecy_joint import _as_relations

    found = relation_intervals(system, _as_relations(system) + relations, withheld)
    assert all(high - low >= 5 - 1e-9 for low, high in found.values())


def test_relations_that_do_not_hold_are_not_used():
    a = _sheet("a", ((10,), (20,), (30,)), YEAR)
    b = _sheet("b", ((11,), (20,), (31,)), YEAR)  # a corrected version: Fille changed
    relations = cross_relations([a, b])
    pairs = {tuple(sorted(p for p, _ in r.terms)) for r in relations}
    assert (("a", 0, 0), ("b", 0, 0)) not in pairs
    assert (("a", 1, 0), ("b", 1, 0)) in pairs


def test_a_period_squeezed_between_published_ones_is_refused():
    """Found by the attack's property test: S2, the year and Jan-Sep published, then S1. For
    counts of people, Y ≤ S1 + S2 and S1 ≤ Jan-Sep ≤ Y pin Jan-Sep's withheld R1 to 5,
    whatever S1 withholds: S1 is refused."""
    import pytest

    rows = ("R0", "R1", "R2", "Total")
    q3 = (date(2025, 1, 1).toordinal(), date(2025, 9, 30).toordinal())

    def sheet(key, cells, span):
        table = Table(key=key, rows=rows, columns=("C0", "Total"), cells=cells, totals=True)
        return Sheet(table, span[0], span[1], False)

    frozen, hidden = [], set()
    for made in (
        sheet("s2", ((0, 0), (0, 0), (2, 2), (2, 2)), S2),
        sheet("y", ((3, 3), (5, 5), (2, 2), (10, 10)), YEAR),
        sheet("q3", ((3, 3), (5, 5), (0, 0), (8, 8)), q3),
    ):
        (published,) = publish_jointly([made], frozen, hidden, 5, 100)
        frozen.append(made)
        hidden |= _hidden(published)
    with pytest.raises(Unprotectable):
        s1 = sheet("s1", ((3, 3), (5, 5), (0, 0), (8, 8)), S1)
        publish_jointly([s1], frozen, hidden, 5, 100)


def test_frozen_cells_stay_as_they_were_published():
    old = _sheet("old", ((3,), (40,), (43,)), YEAR)
    new = _sheet("new", ((3,), (40,), (43,)), S1)
    hidden = protect_jointly([new], [old], {("old", 0, 0), ("old", 1, 0)}, 5)
    assert all(p[0] == "new" for p in hidden)


@st.composite
def flows(draw):
    halves = [[draw(st.integers(0, 9)) for _ in range(2)] for _ in range(2)]
    return halves


@settings(max_examples=25, deadline=None)
@given(flows(), st.booleans())
def test_no_withheld_cell_is_narrower_than_the_threshold(halves, flow):
    """Random halves (and the year, their sum for a flow, their maximum for a stock),
    published one after the other: every withheld cell keeps an interval of 5 or more."""
    from reperes.rules.secrecy_joint import _as_relations

    sheets = []
    for key, span, (f, g) in (("s1", S1, halves[0]), ("s2", S2, halves[1])):
        sheets.append(_sheet(key, ((f,), (g,), (f + g,)), span, flow))
    if flow:
        f, g = halves[0][0] + halves[1][0], halves[0][1] + halves[1][1]
    else:
        f, g = max(halves[0][0], halves[1][0]), max(halves[0][1], halves[1][1])
    sheets.append(_sheet("y", ((f,), (g,), (f + g,)), YEAR, flow))
    frozen, hidden = [], set()
    for sheet in sheets:
        try:
            (published,) = publish_jointly([sheet], frozen, hidden, 5, 100)
        except Unprotectable:
            continue  # refused: nothing published
        frozen.append(sheet)
        hidden |= _hidden(published)
    system = build_system([s.table for s in frozen])
    relations = _as_relations(system) + cross_relations(frozen)
    for low, high in relation_intervals(system, relations, hidden).values():
        assert high - low >= 5 - 1e-9
