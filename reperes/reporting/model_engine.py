"""The report engine: a report model's data (``spec``) and the indicator engine's figures make
a report's sections.

A model is sections of blocks. Each block is a table built from the indicator catalogue:

- ``values``: one line per indicator code (``codes``), optionally a ``total`` line;
- ``distribution``: an indicator by up to two dimensions (``distribution`` of the engine,
  ``rows`` and ``columns`` dimensions), with totals;
- ``time_share``: the eight items of working time in hours and in percent;
- ``actions``: each collective action of some ``categories``, by age band and by place;
- ``sessions``: how the presence was organised (sessions and hours by place and kind);
- ``labels``: the youths per problem or response (``list``), without total;
- ``grid``: one line, one column per indicator code.

A section also holds charts (of its tables), the director's written parts (``narratives``),
an introduction (``{code}`` replaced by the figure), ``when_empty`` (said when its action
blocks give nothing) and ``items: "sectors"`` (the service's sectors of intervention).
``validate`` checks a spec written in the interface, in French.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .catalogue import EXTRAS, Indicator, indicator
from .indicators import (
    DIMENSION_LABELS,
    DIMENSION_ORDER,
    ActionFigures,
    Distribution,
    Figures,
    french_date,
)
from .report_types import TOTAL, Cell, ChartSpec, Narrative, ReportTable, Section

# ---------------------------------------------------------------- the blocks' vocabulary

# The engine's distributions: their label, their dimensions, and the indicator a count of them
# is (its definition and unit).
DISTRIBUTIONS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "met": ("Jeunes rencontrés", ("gender", "age_band", "place"), "youths.met"),
    "contacts": ("Contacts en travail de rue", ("gender", "age_band", "place"), "contacts"),
    "accompanied": (
        "Jeunes accompagnés",
        ("gender", "age_band", "place", "situation", "qualification"),
        "youths.accompanied",
    ),
    "accompaniments": (
        "Accompagnements",
        ("entry_mode", "intensity", "duration"),
        "accompaniments",
    ),
    "collective_categories": ("Actions collectives", ("category",), "collective.actions"),
    "partnership": ("Actions partenariales", ("partner_kind",), "partnership.actions"),
}
DIMENSION_NAMES = {
    "gender": "Genre",
    "age_band": "Tranche d'âge",
    "place": "Lieu",
    "situation": "Situation",
    "qualification": "Qualification",
    "entry_mode": "Mode d'entrée en contact",
    "intensity": "Intensité",
    "duration": "Durée",
    "category": "Thématique",
    "partner_kind": "Nature du partenaire",
}
# Codes left out of a table when nobody falls in them (« non renseigné »).
OPTIONAL_CODES = {"gender": {"x"}}
ORDERS = ("present", "all", "usual")
LISTS = {"problems": "Problématiques", "responses": "Réponses apportées"}
CHART_KINDS = {"bar": "Barres", "barh": "Barres horizontales", "stacked": "Barres empilées"}
BLOCK_TYPES = ("values", "distribution", "time_share", "actions", "sessions", "labels", "grid")


# Figures of the engine outside the catalogue (``Figures.extra``).
EXTRA_LABELS = {extra.code: extra.label for extra in EXTRAS}
LIST_DEFINITIONS = {
    "problems": "Jeunes accompagnés pendant la période dont l'accompagnement note cette "
    "problématique ; un jeune peut relever de plusieurs lignes.",
    "responses": "Jeunes accompagnés pendant la période dont l'accompagnement note cette "
    "réponse ; un jeune peut relever de plusieurs lignes.",
}


def label_of(code: str) -> str:
    found = indicator(code)
    return found.label if found is not None else code


def definitions(codes: Sequence[str | None]) -> tuple[tuple[str, str, str], ...]:
    """What the indicators of a table count: (label, unit, definition), each once."""
    seen: list[Indicator] = []
    for code in codes:
        found = indicator(code) if code else None
        if found is not None and found not in seen:
            seen.append(found)
    return tuple((i.label, i.unit.label, i.definition) for i in seen if i.definition)


# ---------------------------------------------------------------- table helpers


def _value(figures: Figures, code: str) -> Cell:
    value = figures.values[code] if code in figures.values else figures.extra.get(code)
    if isinstance(value, Decimal):
        # FTE and hours summed in the database carry the column's scale (7.80000000000000).
        rounded = value.quantize(Decimal("0.01"), ROUND_HALF_UP)
        return rounded.to_integral() if rounded == rounded.to_integral() else rounded.normalize()
    return value


def population(figures: Figures) -> int:
    """The persons of the zone a table describes: the youths met (in relation with the team,
    the accompanied included), never encounters."""
    return int(figures.values.get("youths.met", 0))


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _codes(dist: Distribution, dimension: str, order: str) -> list[str]:
    if order == "all":
        return list(DIMENSION_ORDER[dimension])
    present = dist.keys_of(dimension)
    if order == "usual" and dimension in DIMENSION_ORDER:
        optional = OPTIONAL_CODES.get(dimension, set())
        return [c for c in DIMENSION_ORDER[dimension] if c not in optional or c in present]
    return present


def distribution_table(block: dict[str, Any], figures: Figures) -> ReportTable:
    """Rows of one dimension, columns of another (or one count column), with totals."""
    name = block["distribution"]
    dist = figures.distributions[name]
    row_dimension = block["rows"]
    column_dimension = block.get("columns")
    people = block.get("people", True)
    row_codes = _codes(dist, row_dimension, block.get("row_order", "present"))
    common = {
        "key": block["key"],
        "title": block["title"],
        "people": people,
        "totals": True,
        "population": population(figures) if people else None,
        "zones": row_dimension == "place",
        "same_margin": block.get("same_margin"),
        "note": block.get("note", ""),
        "definitions": definitions([DISTRIBUTIONS[name][2]]),
    }
    origin = {
        "kind": "distribution",
        "distribution": name,
        "row_dimension": row_dimension,
        "row_codes": [*row_codes, None],
        "column_dimension": column_dimension,
        "column_codes": [],
    }
    if column_dimension is None:
        margin = dist.margin(row_dimension)
        cells = [(margin.get(code, 0),) for code in row_codes]
        total = sum((c[0] for c in cells), 0)
        table = ReportTable(
            rows=(*[dist.label(row_dimension, c) for c in row_codes], TOTAL),
            columns=(block.get("column_title", "Nombre"),),
            cells=(*cells, (total,)),
            origin=origin,
            **common,
        )
    else:
        col_codes = _codes(dist, column_dimension, block.get("column_order", "present"))
        r = dist.dimensions.index(row_dimension)
        c = dist.dimensions.index(column_dimension)
        grid: dict[tuple[str, str], Any] = {}
        for k, value in dist.counts.items():
            grid[(k[r], k[c])] = grid.get((k[r], k[c]), 0) + value
        body = []
        for row in row_codes:
            line = [grid.get((row, col), 0) for col in col_codes]
            body.append((*line, sum(line, 0)))
        totals = tuple(sum((line[i] for line in body), 0) for i in range(len(col_codes) + 1))
        table = ReportTable(
            rows=(*[dist.label(row_dimension, code) for code in row_codes], TOTAL),
            columns=(*[dist.label(column_dimension, code) for code in col_codes], TOTAL),
            cells=(*body, totals),
            origin=origin | {"column_codes": [*col_codes, None]},
            **common,
        )
    if block.get("no_total"):
        origin = dict(table.origin, row_codes=table.origin["row_codes"][:-1])
        table = replace(
            table, rows=table.rows[:-1], cells=table.cells[:-1], totals=False, origin=origin
        )
    return table


def values_table(block: dict[str, Any], figures: Figures) -> ReportTable:
    """One line per indicator code; ``same_as`` maps a code to the key of the table whose
    grand total it repeats (statistical secrecy links them)."""
    labels = block.get("labels") or {}
    codes = list(block["codes"])
    if block.get("skip_absent"):
        codes = [code for code in codes if code in figures.values or code in figures.extra]
    total = block.get("total")
    rows, cells = [], []
    for code in codes:
        rows.append(labels.get(code) or label_of(code))
        cells.append((_value(figures, code),))
    if total:
        rows.append(labels.get(total, TOTAL))
        cells.append((_value(figures, total),))
    same_as = block.get("same_as") or {}
    return ReportTable(
        key=block["key"],
        title=block["title"],
        rows=tuple(rows),
        columns=(block.get("column", "Nombre"),),
        cells=tuple(cells),
        people=block.get("people", True),
        totals=bool(total),
        unit=block.get("unit", ""),
        population=population(figures),
        note=block.get("note", ""),
        same_margin=block.get("same_margin"),
        same_as=tuple(
            (rows[codes.index(code)], key) for code, key in same_as.items() if code in codes
        ),
        origin={"kind": "values", "codes": [*codes, *([total] if total else [])]},
        definitions=definitions([*codes, total]),
    )


def time_share_table(block: dict[str, Any], figures: Figures) -> ReportTable:
    """The eight items in hours and in percent of working time (seed 000 annex 1, part I)."""
    total = figures.values.get("time", Decimal("0"))
    rows, cells = [], []
    for code in DIMENSION_LABELS["time"]:
        hours = figures.values.get(f"time.{code}", Decimal("0"))
        rows.append(DIMENSION_LABELS["time"][code])
        cells.append((hours, percent(hours, total)))
    rows.append(TOTAL)
    cells.append((total, Decimal("100.0") if total else Decimal("0.0")))
    return ReportTable(
        key=block["key"],
        title=block["title"],
        rows=tuple(rows),
        columns=("Heures", "% du temps"),
        cells=tuple(cells),
        people=False,
        totals=True,
        unit="h",
        origin={"kind": "time", "codes": [*DIMENSION_LABELS["time"], None]},
        definitions=definitions(["time"]),
    )


def _period_text(started: date, ended: date | None) -> str:
    if ended is None:
        return f"depuis le {french_date(started)}"
    if started == ended:
        return f"le {french_date(started)}"
    return f"du {french_date(started)} au {french_date(ended)}"


def action_row_label(action: ActionFigures) -> str:
    return f"{action.title} ({_period_text(action.started_on, action.ended_on)})"


def actions_tables(block: dict[str, Any], figures: Figures) -> tuple[ReportTable, ...]:
    """Each action of the categories: participants by age band, and by place."""
    key, title = block["key"], block["title"]
    actions = [a for a in figures.actions if a.category in block["categories"]]
    if not actions:
        return ()
    bands = [b for b in DIMENSION_LABELS["age_band"] if any(b in a.by_age_band for a in actions)]
    places = sorted(
        {p for a in actions for p in a.by_place},
        key=lambda p: (p == "?", figures.place_labels.get(p, p)),
    )
    rows = tuple(action_row_label(a) for a in actions)
    pks = [a.pk for a in actions]

    def participants_by(
        by: str,
        codes: list[str],
        labels: dict[str, str],
        counts: Callable[[ActionFigures], dict[str, int]],
        **options: Any,
    ) -> ReportTable:
        """One row per action, one column per code of ``by`` and the action's total."""
        return ReportTable(
            rows=rows,
            columns=(*[labels.get(c, c) for c in codes], TOTAL),
            cells=tuple((*[counts(a).get(c, 0) for c in codes], a.participants) for a in actions),
            people=True,
            population=population(figures),
            definitions=definitions(["collective.youths"]),
            origin={"kind": "actions", "action_pks": pks, "by": by, "column_codes": [*codes, None]},
            **options,
        )

    return (
        participants_by(
            "age_band",
            bands,
            DIMENSION_LABELS["age_band"],
            lambda a: a.by_age_band,
            key=f"{key}_ages",
            title=f"{title} : participants par tranche d'âge",
            note="Une ligne par action : intitulé et période de réalisation.",
        ),
        participants_by(
            "place",
            places,
            figures.place_labels,
            lambda a: a.by_place,
            key=f"{key}_places",
            title=f"{title} : participants par lieu de résidence",
            same_margin=f"{key}_ages",
            zone_columns=True,
        ),
    )


def _round_hours(value: Any) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"), ROUND_HALF_UP)


def sessions_table(block: dict[str, Any], figures: Figures) -> ReportTable:
    sessions = figures.distributions["sessions"]
    hours = figures.distributions["session_hours"]
    rows, cells, origin_rows = [], [], []
    for place in sessions.keys_of("place"):
        for kind in sessions.keys_of("session_kind"):
            n = sessions.get(kind, place)
            if n:
                rows.append(
                    f"{sessions.label('place', place)} — {sessions.label('session_kind', kind)}"
                )
                cells.append((n, _round_hours(hours.get(kind, place))))
                origin_rows.append([kind, place])
    rows.append(TOTAL)
    cells.append((sessions.total(), _round_hours(hours.total())))
    return ReportTable(
        key=block["key"],
        title=block.get("title", "Organisation de la présence sur les territoires"),
        rows=tuple(rows),
        columns=("Séances", "Heures"),
        cells=tuple(cells),
        people=False,
        totals=True,
        origin={"kind": "sessions", "rows": [*origin_rows, None]},
        definitions=definitions(["sessions", "sessions.hours"]),
    )


def labels_table(block: dict[str, Any], figures: Figures) -> ReportTable:
    from reperes.fieldwork.enums import DEFAULT_PROBLEMS, DEFAULT_RESPONSES

    name = block["list"]
    dist = figures.distributions[name]
    order = list(DEFAULT_PROBLEMS if name == "problems" else DEFAULT_RESPONSES)
    present = dist.margin("label")
    labels = [label for label in order if label in present] + sorted(
        label for label in present if label not in order
    )
    if name == "problems":
        labels = list(DEFAULT_PROBLEMS) + [label for label in labels if label not in order]
    return ReportTable(
        key=block["key"],
        title=block["title"],
        rows=tuple(labels),
        columns=(block.get("column", "Jeunes"),),
        cells=tuple((present.get(label, 0),) for label in labels),
        people=True,
        population=population(figures),
        note="Un jeune peut relever de plusieurs lignes : pas de total.",
        origin={"kind": "labels", "list": name, "labels": labels},
        definitions=((LISTS[name], "personnes", LIST_DEFINITIONS[name]),),
    )


def grid_table(block: dict[str, Any], figures: Figures) -> ReportTable:
    columns = block["columns"]
    return ReportTable(
        key=block["key"],
        title=block["title"],
        rows=(block.get("row", "Service"),),
        columns=tuple(c.get("label") or label_of(c["code"]) for c in columns),
        cells=(tuple(_value(figures, c["code"]) for c in columns),),
        people=block.get("people", True),
        population=population(figures),
        origin={"kind": "values", "codes": [c["code"] for c in columns], "by": "column"},
        definitions=definitions([c["code"] for c in columns]),
    )


def _one(builder: Callable[[dict[str, Any], Figures], ReportTable]):
    return lambda block, figures: (builder(block, figures),)


BUILDERS: dict[str, Callable[[dict[str, Any], Figures], tuple[ReportTable, ...]]] = {
    "values": _one(values_table),
    "distribution": _one(distribution_table),
    "time_share": _one(time_share_table),
    "actions": actions_tables,
    "sessions": _one(sessions_table),
    "labels": _one(labels_table),
    "grid": _one(grid_table),
}

# ---------------------------------------------------------------- sections

_PLACEHOLDER = re.compile(r"\{([a-z_.]+)\}")


def _intro(text: str, figures: Figures) -> str:
    def figure(match: re.Match[str]) -> str:
        value = _value(figures, match.group(1))
        return "0" if value is None else str(value)

    return _PLACEHOLDER.sub(figure, text)


def build_sections(
    spec: dict[str, Any],
    figures: Figures,
    narratives: dict[str, str],
    sectors: Sequence[str] = (),
) -> tuple[Section, ...]:
    """The sections of the model ``spec`` over ``figures`` (unpublished tables)."""
    parts = spec.get("narratives") or {}
    sections = []
    for section in spec["sections"]:
        tables: list[ReportTable] = []
        for block in section.get("blocks", ()):
            tables.extend(BUILDERS[block["type"]](block, figures))
        by_key = {table.key: table for table in tables}
        charts = tuple(
            ChartSpec(
                key=f"{chart['table']}_chart",
                table=chart["table"],
                kind=chart["kind"],
                title=chart.get("title") or by_key[chart["table"]].title,
                series=tuple(chart.get("series", ())),
            )
            for chart in section.get("charts", ())
            if chart["table"] in by_key
        )
        items = tuple(sectors) if section.get("items") == "sectors" else ()
        intro = _intro(section.get("intro", ""), figures)
        actions_blocks = [b for b in section.get("blocks", ()) if b["type"] == "actions"]
        empty = (section.get("items") == "sectors" and not items) or (
            actions_blocks and not any(t.origin.get("kind") == "actions" for t in tables)
        )
        if empty and section.get("when_empty"):
            intro = f"{intro} {section['when_empty']}" if intro else section["when_empty"]
        sections.append(
            Section(
                title=section["title"],
                intro=intro,
                tables=tuple(tables),
                charts=charts,
                narratives=tuple(
                    Narrative(part, parts.get(part, part), narratives.get(part, ""))
                    for part in section.get("narratives", ())
                ),
                items=items,
                level=section.get("level", 2),
            )
        )
    return tuple(sections)
