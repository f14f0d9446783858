"""Write the fixture of the report models' outputs as the code computed them before the models
became data (tests/reporting/fixtures/previous_outputs.json).

Run ONCE, on the last release whose report models were Python builders (9815d51), over its demo:

    git worktree add /tmp/prev 9815d51 && cd /tmp/prev
    DATABASE_URL=sqlite:////tmp/prev.sqlite3 /work/main/.venv/bin/python manage.py migrate -v0
    DATABASE_URL=sqlite:////tmp/prev.sqlite3 /work/main/.venv/bin/python manage.py load_demo
    DATABASE_URL=sqlite:////tmp/prev.sqlite3 /work/main/.venv/bin/python manage.py shell \
        -c "exec(open('/work/main/scripts/previous_report_outputs.py').read())"

For every service with street sessions and every model, it stores the engine's figures (the
input) and the report's sections (the output), so that the data-driven models can be fed the
very same figures and compared cell for cell, whatever the demo becomes.
"""

import importlib.util
import json
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path

from reperes.partners.models import Service
from reperes.reporting import reports
from reperes.reporting.indicators import Period, Scope, compute


def number(value):
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    return value


def figures_json(figures):
    return {
        "scope": {"service_ids": list(figures.scope.service_ids), "label": figures.scope.label},
        "period": [figures.period.start.isoformat(), figures.period.end.isoformat()],
        "values": {k: number(v) for k, v in figures.values.items()},
        "extra": {k: number(v) for k, v in figures.extra.items()},
        "distributions": {
            name: {
                "dimensions": list(d.dimensions),
                "counts": [[list(k), number(v)] for k, v in d.counts.items()],
                "labels": d.labels,
            }
            for name, d in figures.distributions.items()
        },
        "actions": [
            {
                **{k: v for k, v in asdict(a).items() if k not in ("started_on", "ended_on")},
                "started_on": a.started_on.isoformat(),
                "ended_on": a.ended_on.isoformat() if a.ended_on else None,
            }
            for a in figures.actions
        ],
        "place_labels": figures.place_labels,
    }


# The sections as the fixture stores them: written by the fixture's own reader, so that the
# format is stated once (loaded by path: this runs in the old release's checkout).
_reader = importlib.util.spec_from_file_location(
    "previous_outputs", "/work/main/tests/reporting/previous_outputs.py"
)
previous_outputs = importlib.util.module_from_spec(_reader)
_reader.loader.exec_module(previous_outputs)
sections_json = previous_outputs.sections_json


cases = []
services = Service.objects.filter(street_sessions__isnull=False).distinct().order_by("name")
for service in services:
    scope = Scope.for_service(service)
    years = sorted({d.year for d in service.street_sessions.values_list("date", flat=True)})
    for year in years[-2:]:
        periods = [Period.year(year), Period(Period.year(year).start, Period.quarter(year, 3).end)]
        for period in periods:
            figures = compute(scope, period)
            sectors = reports._sectors(scope.service_ids)
            for key, model in reports.MODELS.items():
                if key == "rapport-annuel-sps":
                    sections = model.builder(figures, {}, sectors)
                else:
                    sections = model.builder(figures, {})
                cases.append(
                    {
                        "service": str(service),
                        "model": key,
                        "period": period.key,
                        "sectors": sectors,
                        "figures": figures_json(figures),
                        "sections": sections_json(sections),
                    }
                )

path = Path("/work/main/tests/reporting/fixtures/previous_outputs.json")
path.parent.mkdir(exist_ok=True)
groups = {}
for case in cases:  # the figures once per service and period, the outputs per model
    group = groups.setdefault(
        (case["service"], case["period"]),
        {k: case[k] for k in ("service", "period", "sectors", "figures")} | {"outputs": {}},
    )
    group["outputs"][case["model"]] = case["sections"]
note = "Generated once by scripts/previous_report_outputs.py on 9815d51 (models as builders)."
data = {"release": "9815d51", "note": note, "cases": list(groups.values())}
path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
print(len(cases), "cases written to", path)
