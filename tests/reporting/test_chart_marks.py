"""A chart marks a withheld (« s ») or unknown (« NR ») category where its bar would stand, with
the meaning in its legend, instead of dropping it (issue 16)."""

from __future__ import annotations

import re

from reperes.reporting import charts
from reperes.reporting.reports import ChartSpec, ReportTable


def test_a_withheld_series_is_marked_in_place_not_dropped():
    """Issue 16: the funder's age chart showed no girls at all, every girls' cell being « s »."""
    table = ReportTable(
        key="ages",
        title="Jeunes rencontrés par âge et genre",
        rows=("11 – 14 ans", "15 – 17 ans", "Âge inconnu", "Total"),
        columns=("Fille", "Garçon", "Total"),
        cells=(("s", 12, "s"), ("s", 9, "s"), (None, 7, 7), ("s", 28, "s")),
        totals=True,
    )
    spec = ChartSpec("ages_chart", "ages", "bar", table.title, ("Fille", "Garçon"))
    svg = charts.render_svg(table, spec).decode()
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert texts.count("s") == 2  # one mark per withheld bar of the girls
    assert texts.count("NR") == 1
    assert "Fille" in texts  # the series keeps its legend entry
    legend = next(t for t in texts if "secret statistique" in t)
    assert "« s » : secret statistique" in legend
    assert "« NR » : non renseigné" in legend


def test_a_chart_is_drawn_once_for_the_same_data_and_anew_when_a_figure_changes(monkeypatch):
    """A live report draws its charts at each request (issue 12): the SVG is kept in Django's
    cache under a digest of what the drawing reads, so the same figures are not drawn twice,
    and a changed figure gives its own chart, never the one kept for the old figures."""
    from django.core.cache import cache

    cache.clear()
    drawn: list[list[list[float]]] = []
    draw = charts._draw

    def counted(kind, series, labels, data, marks):
        drawn.append(data)
        return draw(kind, series, labels, data, marks)

    monkeypatch.setattr(charts, "_draw", counted)
    spec = ChartSpec("c", "t", "bar", "Jeunes", ("Fille", "Garçon"))

    def table(girls: int) -> ReportTable:
        return ReportTable(
            key="t",
            title="Jeunes",
            rows=("Quartier A", "Total"),
            columns=("Fille", "Garçon", "Total"),
            cells=((girls, 12, girls + 12), (girls, 12, girls + 12)),
            totals=True,
        )

    first = charts.render_svg(table(5), spec)
    assert charts.render_svg(table(5), spec) == first
    assert drawn == [[[5.0], [12.0]]]
    changed = charts.render_svg(table(6), spec)
    assert len(drawn) == 2
    assert changed != first
    cache.clear()
    assert charts.render_svg(table(5), spec) == first  # drawn again: the very same bytes
