"""The plans of the consolidation's queries (issue 12): ``EXPLAIN (ANALYZE, BUFFERS)`` of each query
that ``indicators_by_service.values_by_service`` (the first N services of the database) and
``indicators.compute`` (the first service) send on the field-work tables, printing for each its
execution time, the shared buffers it touched (hit + read), the rows its scans read (kept or
removed by a filter: a nested loop touches more buffers than a scan of the same rows, the rows
read say whether a query reads only the services asked), its scans (table, index, rows) and any
sort that spilled to disk. Not a test: it asserts nothing.

Runs on a database kept by ``benchmarks/consolidation.py --keep`` (it creates nothing)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reperes_bench_conso \\
        .venv/bin/python benchmarks/query_plans.py --services 10 --year 2025

``--code DIR`` imports ``reperes`` from another checkout (e.g. ``git archive`` of an older
commit), to compare the plans of two versions of the code on the same data; ``--repeat N`` also
times ``values_by_service`` end to end (p50 of N calls after one).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIELDWORK = re.compile(r'FROM "fieldwork_')


@dataclass
class Plan:
    """What one query cost, from its ``EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)``."""

    ms: float
    buffers: int  # shared blocks hit + read by the whole plan
    rows: int = 0  # rows its scans read from the tables, kept or removed by a filter
    scans: list[str] = field(default_factory=list)
    disk_sorts: list[str] = field(default_factory=list)


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", ()):
        yield from _nodes(child)


def explain(cursor: Any, sql: str) -> Plan:
    cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
    raw = cursor.fetchone()[0]
    document = (json.loads(raw) if isinstance(raw, str) else raw)[0]
    root = document["Plan"]
    plan = Plan(
        ms=document["Execution Time"],
        buffers=root.get("Shared Hit Blocks", 0) + root.get("Shared Read Blocks", 0),
    )
    for node in _nodes(root):
        kind = node["Node Type"]
        if "Scan" in kind and "Relation Name" in node:
            rows = node["Actual Rows"] * node["Actual Loops"]
            removed = node.get("Rows Removed by Filter", 0) * node["Actual Loops"]
            plan.rows += rows + removed
            index = f" ({node['Index Name']})" if "Index Name" in node else ""
            plan.scans.append(
                f"{kind} {node['Relation Name']}{index} : {rows} lignes"
                + (f", {removed} écartées par le filtre" if removed else "")
            )
        if node.get("Sort Space Type") == "Disk" or "Disk" in str(node.get("Sort Method", "")):
            plan.disk_sorts.append(f"{kind} : {node.get('Sort Space Used')} kB sur disque")
    return plan


def fieldwork_plans(queries: list[str]) -> list[tuple[str, Plan]]:
    """The plan of each query that reads a field-work table."""
    from django.db import connection

    with connection.cursor() as cursor:
        return [(sql, explain(cursor, sql)) for sql in queries if FIELDWORK.search(sql)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--repeat", type=int, default=0)
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    os.environ["DJANGO_SETTINGS_MODULE"] = "reperes.settings.test"
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reperes.partners.models import Service
    from reperes.reporting import indicators, indicators_by_service
    from reperes.reporting.figures import Period, Scope

    print(f"# code : {Path(indicators.__file__).resolve().parent}")
    ids = sorted(Service.objects.values_list("pk", flat=True))[: args.services]
    period = Period.year(args.year)
    with CaptureQueriesContext(connection) as by_service:
        indicators_by_service.values_by_service(ids, period)
    with CaptureQueriesContext(connection) as one:
        indicators.compute(Scope.for_service(Service.objects.get(pk=ids[0])), period)
    for where, captured in (("values_by_service", by_service), ("compute", one)):
        plans = fieldwork_plans([q["sql"] for q in captured.captured_queries])
        for sql, plan in plans:
            print(
                f"## {where} ({plan.ms:.1f} ms, {plan.buffers} tampons, {plan.rows} lignes lues) "
                f": {sql[:110]}…"
            )
            for line in plan.scans + plan.disk_sorts:
                print("   ", line)
        print(
            f"Total {where} : {sum(p.ms for _, p in plans):.1f} ms, "
            f"{sum(p.buffers for _, p in plans)} tampons, {sum(p.rows for _, p in plans)} lignes "
            f"lues, {len(plans)} requêtes."
        )
    if args.repeat:
        indicators_by_service.values_by_service(ids, period)
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            indicators_by_service.values_by_service(ids, period)
            times.append((time.perf_counter() - start) * 1000)
        print(f"values_by_service, p50 de {args.repeat} appels : {statistics.median(times):.1f} ms")
    print(f"Charge moyenne : {os.getloadavg()[0]:.2f}.")


if __name__ == "__main__":
    main()
