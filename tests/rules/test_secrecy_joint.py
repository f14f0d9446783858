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


def _publish_in_turn(sheets):
    """Publish ``sheets`` one after the other, each against those published before it, as
    publications follow one another; a refused sheet publishes nothing. Returns the sheets
    published and the cells withheld."""
    frozen, hidden = [], set()
    for sheet in sheets:
        try:
            (published,) = publish_jointly([sheet], frozen, hidden, 5, 100)
        except Unprotectable:
            continue  # refused: nothing published
        frozen.append(sheet)
        hidden |= _hidden(published)
    return frozen, hidden


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
    frozen, hidden = _publish_in_turn(sheets)
    system = build_system([s.table for s in frozen])
    relations = _as_relations(system) + cross_relations(frozen)
    for low, high in relation_intervals(system, relations, hidden).values():
        assert high - low >= 5 - 1e-9


# ---------------------------------------------------------------- differences of nested stocks

Q3 = (date(2025, 1, 1).toordinal(), date(2025, 9, 30).toordinal())


def _difference_intervals(frozen, hidden, threshold=5):
    """What an attacker knows of sup - sub for every strictly nested pair of stock sheets:
    (value, low, high) per cell, by linear programming over every relation it can derive
    (the equality sup = sub + difference is the attacker's own arithmetic)."""
    from reperes.rules.secrecy_joint import _as_relations, stock_differences

    differences, tied = stock_differences(frozen)
    system = build_system([s.table for s in (*frozen, *differences)])
    relations = _as_relations(system) + cross_relations(frozen) + tied
    unknown = hidden | {p for p in system.values if p[0].startswith("virtual:")}
    found = relation_intervals(system, relations, unknown)
    return [
        (system.values[p], *found[system.find(p)])
        for p in system.values
        if p[0].startswith("virtual:")
    ]


def test_the_one_girl_first_seen_in_the_last_quarter_is_not_given_away():
    """Issue 9 point 3: a count of distinct people over January-September (7 girls), then over
    the year (8): published both, their difference is the one girl who started on 1 October.
    The year's figure (or enough of it) is withheld so that the difference stays wide."""
    first = _sheet("jan-sep", ((7,), (30,), (37,)), Q3)
    (published,) = publish_jointly([first], [], set(), 5, 100)
    assert _hidden(published) == set()
    year = _sheet("year", ((8,), (36,), (44,)), YEAR)
    (published_year,) = publish_jointly([year], [first], set(), 5, 100)
    hidden = _hidden(published_year)
    assert ("year", 0, 0) in hidden
    for value, low, high in _difference_intervals([first, year], hidden):
        assert value == 0 or value >= 5 or high - low >= 5 - 1e-9, (value, low, high)


def test_a_difference_of_zero_or_of_many_people_is_harmless():
    first = _sheet("jan-sep", ((7,), (30,), (37,)), Q3)
    year = _sheet("year", ((7,), (40,), (47,)), YEAR)  # no girl since October, 10 boys
    (published,) = publish_jointly([year], [first], set(), 5, 100)
    assert _hidden(published) == set()


@st.composite
def nested_stocks(draw):
    """A small table of distinct people over two to four nested periods (a quarter, the half
    year, January-September, the year), each at least its sub-periods' counts."""
    n_rows = draw(st.integers(1, 3))
    spans = [
        (date(2025, 1, 1), date(2025, 3, 31)),
        (date(2025, 4, 1), date(2025, 6, 30)),
        (date(2025, 1, 1), date(2025, 6, 30)),
        (date(2025, 1, 1), date(2025, 9, 30)),
        (date(2025, 1, 1), date(2025, 12, 31)),
    ]
    chosen = draw(st.lists(st.sampled_from(range(len(spans))), min_size=2, max_size=4, unique=True))
    base = [draw(st.integers(0, 9)) for _ in range(n_rows)]
    values = {}
    for i in sorted(chosen, key=lambda i: spans[i][1] - spans[i][0]):
        inside = [
            values[j] for j in values if spans[i][0] <= spans[j][0] and spans[j][1] <= spans[i][1]
        ]
        floor = [max([line[r] for line in inside], default=0) for r in range(n_rows)]
        values[i] = [max(floor[r], base[r]) + draw(st.integers(0, 6)) for r in range(n_rows)]
    order = draw(st.permutations(chosen))
    return n_rows, [(spans[i], values[i]) for i in order]


@settings(max_examples=30, deadline=None)
@given(nested_stocks())
def test_no_difference_of_nested_stock_periods_is_narrow(case):
    n_rows, made = case
    rows = (*[f"R{r}" for r in range(n_rows)], "Total")
    sheets = []
    for n, ((start, end), counts) in enumerate(made):
        cells = (*((v,) for v in counts), (sum(counts),))
        table = Table(key=f"p{n}", rows=rows, columns=COLUMNS, cells=cells, totals=True)
        sheets.append(Sheet(table, start.toordinal(), end.toordinal(), False))
    frozen, hidden = _publish_in_turn(sheets)
    for value, low, high in _difference_intervals(frozen, hidden):
        assert value == 0 or value >= 5 or high - low >= 5 - 1e-9, (value, low, high, made)
