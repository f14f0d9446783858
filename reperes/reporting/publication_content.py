"""The frozen content of a publication, as JSON, and the report read back from it.

What a funder downloads is this content and nothing else: the report's header, its sections
and, for each table, the labels, the cells after statistical secrecy (« s » where withheld)
and what the layout states publicly — totals, shared margins, rows repeating another table's
total, whether the table counts people, and its additivity over time (``flow``: the counts
of sub-periods add up; ``stock``: distinct people, at most the sum).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from reperes.core.cells import json_value

from .indicators import Period
from .reports import ChartSpec, Narrative, Report, ReportTable, Section

SECRET = "s"


def from_json(value: Any) -> Any:
    if isinstance(value, str) and value != SECRET:
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    return value


def definitions_json(definitions: Any) -> list[dict[str, str]]:
    return [{"label": label, "unit": unit, "definition": text} for label, unit, text in definitions]


def table_cells(table: ReportTable) -> dict[str, Any]:
    """A table as the API and the publication both give it: its key, title, rows, columns and
    cells (a withheld cell stays the secrecy mark)."""
    return {
        "key": table.key,
        "title": table.title,
        "rows": list(table.rows),
        "columns": list(table.columns),
        "cells": [[json_value(v) for v in line] for line in table.cells],
    }


def table_content(table: ReportTable) -> dict[str, Any]:
    """The whole table as a publication keeps it: its cells, what they count and how they add
    up, and the definitions of its figures."""
    return {
        **table_cells(table),
        "people": table.people,
        "totals": table.totals,
        "unit": table.unit,
        "note": table.note,
        "same_margin": table.same_margin,
        "same_as": [list(pair) for pair in table.same_as],
        "additivity": "flow" if table.flow else "stock",
        "definitions": definitions_json(table.definitions),
    }


def header_of(report: Report) -> dict[str, Any]:
    """What the report is, for whom and over which period: the head of its JSON, in the
    publication and in the API alike."""
    return {
        "model": report.model_key,
        "title": report.title,
        "source": report.source,
        "service": report.service_name,
        "operator": report.operator_name,
        "funders": list(report.funder_names),
        "convention": report.convention_title,
        "period": {
            "key": report.period.key,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
        },
    }


def content_of(
    report: Report, *, kind: str, label: str, version: int, reason: str, threshold: int
) -> dict[str, Any]:
    header = header_of(report)
    return {
        **header,
        "period": {**header["period"], "kind": kind, "label": label},
        "version": version,
        "reason": reason,
        "threshold": threshold,
        "sections": [
            {
                "title": s.title,
                "intro": s.intro,
                "items": list(s.items),
                "level": s.level,
                "narratives": [
                    {"part": n.part, "title": n.title, "text": n.text} for n in s.narratives
                ],
                "charts": [
                    {
                        "key": c.key,
                        "table": c.table,
                        "kind": c.kind,
                        "title": c.title,
                        "series": list(c.series),
                    }
                    for c in s.charts
                ],
                "tables": [table_content(t) for t in s.tables],
            }
            for s in report.sections
        ],
    }


def table_from(data: dict[str, Any]) -> ReportTable:
    return ReportTable(
        key=data["key"],
        title=data["title"],
        rows=tuple(data["rows"]),
        columns=tuple(data["columns"]),
        cells=tuple(tuple(from_json(v) for v in line) for line in data["cells"]),
        people=data["people"],
        totals=data["totals"],
        unit=data.get("unit", ""),
        note=data.get("note", ""),
        same_margin=data.get("same_margin"),
        same_as=tuple(tuple(pair) for pair in data.get("same_as", ())),
        flow=data.get("additivity") == "flow",
        definitions=tuple(
            (d["label"], d["unit"], d["definition"]) for d in data.get("definitions", ())
        ),
    )


def tables_of(content: dict[str, Any]) -> list[ReportTable]:
    return [table_from(t) for s in content["sections"] for t in s["tables"]]


def report_from(content: dict[str, Any], scope: Any) -> Report:
    from datetime import date

    period = Period(
        date.fromisoformat(content["period"]["start"]), date.fromisoformat(content["period"]["end"])
    )
    sections = tuple(
        Section(
            title=s["title"],
            intro=s["intro"],
            items=tuple(s["items"]),
            level=s["level"],
            narratives=tuple(Narrative(**n) for n in s["narratives"]),
            charts=tuple(
                ChartSpec(c["key"], c["table"], c["kind"], c["title"], tuple(c["series"]))
                for c in s["charts"]
            ),
            tables=tuple(table_from(t) for t in s["tables"]),
        )
        for s in content["sections"]
    )
    version = content["version"]
    line = f"Version {version} publiée" + (
        f" (correction : {content['reason']})" if version > 1 else ""
    )
    return Report(
        model_key=content["model"],
        title=content["title"],
        source=content["source"],
        scope=scope,
        period=period,
        service_name=content["service"],
        operator_name=content["operator"],
        funder_names=tuple(content["funders"]),
        convention_title=content["convention"],
        sections=sections,
        publication=line,
    )
