"""The fixture of the report models' outputs computed by the Python builders of 9815d51
(``scripts/previous_report_outputs.py``): the engine's figures (the input) and the sections
(the output), read back as the engine's own types."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from reperes.reporting.indicators import ActionFigures, Distribution, Figures, Period, Scope

FIXTURE = Path(__file__).parent / "fixtures" / "previous_outputs.json"


def number(value: Any) -> Any:
    if isinstance(value, dict) and "decimal" in value:
        return Decimal(value["decimal"])
    return value


def figures(data: dict[str, Any]) -> Figures:
    start, end = data["period"]
    return Figures(
        scope=Scope(tuple(data["scope"]["service_ids"]), data["scope"]["label"]),
        period=Period(date.fromisoformat(start), date.fromisoformat(end)),
        values={k: number(v) for k, v in data["values"].items()},
        extra={k: number(v) for k, v in data["extra"].items()},
        distributions={
            name: Distribution(
                tuple(d["dimensions"]),
                {tuple(key): number(value) for key, value in d["counts"]},
                d["labels"],
            )
            for name, d in data["distributions"].items()
        },
        actions=tuple(
            ActionFigures(
                **{
                    **a,
                    "started_on": date.fromisoformat(a["started_on"]),
                    "ended_on": date.fromisoformat(a["ended_on"]) if a["ended_on"] else None,
                }
            )
            for a in data["actions"]
        ),
        place_labels=data["place_labels"],
    )


def cases() -> list[dict[str, Any]]:
    return json.loads(FIXTURE.read_text())["cases"]


def sections_json(sections: Any) -> list[dict[str, Any]]:
    """The sections as the fixture stores them (cells as numbers, decimals as strings)."""

    def cell(value: Any) -> Any:
        return {"decimal": str(value)} if isinstance(value, Decimal) else value

    return [
        {
            "title": s.title,
            "intro": s.intro,
            "level": s.level,
            "items": list(s.items),
            "narratives": [[n.part, n.title, n.text] for n in s.narratives],
            "charts": [[c.key, c.table, c.kind, c.title, list(c.series)] for c in s.charts],
            "tables": [
                {
                    "key": t.key,
                    "title": t.title,
                    "rows": list(t.rows),
                    "columns": list(t.columns),
                    "cells": [[cell(c) for c in line] for line in t.cells],
                    "people": t.people,
                    "totals": t.totals,
                    "unit": t.unit,
                    "population": t.population,
                    "zones": t.zones,
                    "same_margin": t.same_margin,
                    "note": t.note,
                    "zone_columns": t.zone_columns,
                    "same_as": [list(x) for x in t.same_as],
                    "flow": t.flow,
                }
                for t in s.tables
            ],
        }
        for s in sections
    ]
