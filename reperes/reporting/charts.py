"""Charts of the reports as SVG, drawn by matplotlib from a table *after* statistical secrecy:
a withheld (« s ») or unknown (« NR ») cell is not drawn as a bar of zero: its mark stands
where the bar would, and the legend under the chart says what the mark means.

Deterministic and offline: the Agg backend, no font download, a fixed ``svg.hashsalt`` and no
creation date in the metadata, so that regenerating a past report gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")

from django.core.cache import cache  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from .reports import TOTAL, ChartSpec  # noqa: E402

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

NR = "NR"
# How long a drawn chart is kept (its key changes with its data, never its content).
CACHE_SECONDS = 24 * 60 * 60

# Colours with a contrast of at least 3:1 against white (WCAG 2.1, non-text contrast).
PALETTE = ("#1f4e79", "#b5470b", "#2e7d32", "#6a1b9a", "#8d6e00", "#ad1457", "#00695c")
RC: dict[RcKeyType, Any] = {
    "svg.hashsalt": "reperes",
    "svg.fonttype": "none",  # text stays text: readable, searchable, smaller
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def mark(value: Any) -> str | None:
    """What stands in place of a bar that cannot be drawn: « NR » for an unknown cell, the
    published mark (« s ») for a withheld one; ``None`` for a number."""
    if number(value) is not None:
        return None
    return NR if value is None else str(value)


def _legend(marks: set[str]) -> str:
    """The meaning of the marks drawn, under the chart."""
    parts = [f"« {m} » : secret statistique" for m in sorted(marks - {NR})]
    if NR in marks:
        parts.append(f"« {NR} » : non renseigné")
    return " ; ".join(parts) + " (valeur non tracée, marquée à sa place)."


def number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        return float(value)
    return None


def _series(table: Any, spec: ChartSpec) -> list[str]:
    if spec.series:
        return [c for c in spec.series if c in table.columns]
    if spec.kind == "barh" and TOTAL in table.columns:
        return [TOTAL]  # one bar per row: the row's total, not its first column
    columns = [c for c in table.columns if c != TOTAL]
    return columns or list(table.columns)


def _rows(table: Any) -> list[int]:
    """The rows drawn: not the total, whatever its label (« Jeunes rencontrés »)."""
    last = len(table.rows) - 1 if getattr(table, "totals", False) else -1
    return [i for i, row in enumerate(table.rows) if row != TOTAL and i != last]


def _wrap(label: str, width: int = 34) -> str:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def render_svg(table: Any, spec: ChartSpec) -> bytes:
    """The chart of ``spec`` drawn from the published ``table``. Drawing costs tens of
    milliseconds a chart and a live report draws its charts at each request: the SVG is kept
    in Django's cache under a digest of everything the drawing reads (kind, series, bar
    labels, values, marks, matplotlib's version), so the same data give the same bytes
    without drawing them again, and any change of a figure draws anew."""
    series = _series(table, spec)
    rows = _rows(table)
    labels = [_wrap(str(table.rows[i])) for i in rows]
    data: list[list[float]] = []
    marks: list[list[str | None]] = []
    for column in series:
        j = list(table.columns).index(column)
        cells = [table.cells[i][j] for i in rows]
        data.append([number(cell) or 0.0 for cell in cells])
        marks.append([mark(cell) for cell in cells])
    drawn = (spec.kind, series, labels, data, marks, matplotlib.__version__)
    key = "reporting-chart-svg:" + hashlib.sha256(repr(drawn).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = _draw(spec.kind, series, labels, data, marks)
        cache.set(key, svg, CACHE_SECONDS)
    return bytes(svg)


def _draw(
    kind: str,
    series: list[str],
    labels: list[str],
    data: list[list[float]],
    marks: list[list[str | None]],
) -> bytes:
    """The SVG of one chart: ``labels`` are its bars' places, ``data`` and ``marks`` one line
    per series."""
    shown = {m for line in marks for m in line if m}
    with plt.rc_context(RC):
        height = max(2.4, 0.45 * len(labels) + 1.2) if kind == "barh" else 3.4
        fig = Figure(figsize=(7.0, height))
        ax = fig.add_subplot()
        positions = list(range(len(labels)))
        integers = all(float(v).is_integer() for values in data for v in values)
        value_axis = ax.xaxis if kind == "barh" else ax.yaxis
        if integers:
            value_axis.set_major_locator(MaxNLocator(integer=True))
        if kind == "barh":
            ax.barh(positions, data[0] if data else [], color=PALETTE[0])
            ax.set_yticks(positions, labels)
            ax.invert_yaxis()
            ax.xaxis.grid(True, color="#dddddd")
            ax.set_axisbelow(True)
            for y, value, marked in zip(
                positions, data[0] if data else [], marks[0] if marks else [], strict=False
            ):
                ax.annotate(
                    marked or _format(value),
                    (value, y),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                )
        else:
            bottoms = [0.0] * len(labels)
            width = 0.8 / (len(series) if kind == "bar" and len(series) > 1 else 1)
            for k, (column, values) in enumerate(zip(series, data, strict=True)):
                if kind == "stacked":
                    ax.bar(
                        positions, values, 0.7, bottom=bottoms, label=column, color=PALETTE[k % 7]
                    )
                    bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
                else:
                    offset = (k - (len(series) - 1) / 2) * width
                    ax.bar(
                        [p + offset for p in positions],
                        values,
                        width,
                        label=column,
                        color=PALETTE[k % 7],
                    )
            _mark_bars(ax, positions, marks, bottoms, width, stacked=kind == "stacked")
            ax.set_xticks(positions, labels)
            ax.yaxis.grid(True, color="#dddddd")
            ax.set_axisbelow(True)
            if len(series) > 1:
                ax.legend(frameon=False, fontsize=8)
            if len(labels) > 4:
                for tick in ax.get_xticklabels():
                    tick.set_rotation(30)
                    tick.set_horizontalalignment("right")
        if shown:
            fig.text(
                0.02,
                0.01,
                _legend(shown),
                fontsize=7,
            )
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def _mark_bars(
    ax: Any,
    positions: list[int],
    marks: list[list[str | None]],
    tops: list[float],
    width: float,
    *,
    stacked: bool,
) -> None:
    """Each undrawn bar's mark, in its series' colour: at the foot of its place among grouped
    bars, above the stack (one line per series) for stacked ones."""
    count = len(marks)
    for k, line in enumerate(marks):
        for i, marked in enumerate(line):
            if not marked:
                continue
            x: float  # a bar's place, off its centre when bars are grouped
            if stacked:
                shown_before = sum(1 for other in marks[:k] if other[i])
                x, y, lift = positions[i], tops[i], 2 + 10 * shown_before
            else:
                x, y, lift = positions[i] + (k - (count - 1) / 2) * width, 0.0, 2
            ax.annotate(
                marked,
                (x, y),
                xytext=(0, lift),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
                color=PALETTE[k % 7],
            )


def _format(value: float) -> str:
    if value == int(value):
        return f"{int(value)}"
    return f"{value:.1f}".replace(".", ",")


def alt_text(spec: ChartSpec) -> str:
    """The text alternative of a chart: what it shows; the data follow it as a table."""
    return f"Graphique : {spec.title}. Les données figurent dans le tableau qui suit."


def report_images(report: Any) -> dict[str, dict[str, str]]:
    """Each chart of ``report`` as an SVG data URI with its text alternative, by chart key.
    The page's CSP allows ``img-src data:``, and an SVG shown as an image cannot run scripts
    nor apply its styles to the page."""
    import base64

    by_key = {table.key: table for table in report.tables}
    images = {}
    for section in report.sections:
        for spec in section.charts:
            table = by_key[spec.table]
            svg = render_svg(table, spec)
            images[spec.key] = {
                "src": "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"),
                "alt": alt_text(spec),
            }
    return images
