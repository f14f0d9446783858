"""The plans of the consolidation's queries (issue 12): ``EXPLAIN (ANALYZE, BUFFERS)`` of each query
that ``indicators_by_service.values_by_service`` (the first N services of the database) and
``indicators.compute`` (the first service) send on the field-work tables, printing the scans
and the execution time of each. Not a test: it asserts nothing.

Runs on a database kept by ``benchmarks/consolidation.py --keep`` (it creates nothing)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reperes_bench_conso \\
        .venv/bin/python benchmarks/query_plans.py --services 10 --year 2025
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

TABLES = re.compile(r'FROM "fieldwork_(timeentry|contactcount|streetsession|accompaniment|youth)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "reperes.settings.test"
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reperes.partners.models import Service
    from reperes.reporting import indicators, indicators_by_service
    from reperes.reporting.figures import Period, Scope

    ids = sorted(Service.objects.values_list("pk", flat=True))[: args.services]
    period = Period.year(args.year)
    with CaptureQueriesContext(connection) as by_service:
        indicators_by_service.values_by_service(ids, period)
    with CaptureQueriesContext(connection) as one:
        indicators.compute(Scope.for_service(Service.objects.get(pk=ids[0])), period)
    queries = [("values_by_service", q["sql"]) for q in by_service.captured_queries]
    queries += [("compute", q["sql"]) for q in one.captured_queries]
    total = 0.0
    with connection.cursor() as cursor:
        for where, sql in queries:
            if not TABLES.search(sql):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = [row[0] for row in cursor.fetchall()]
            found = re.search(r"Execution Time: ([\d.]+)", plan[-1])
            ms = float(found.group(1)) if found else 0.0
            total += ms
            print(f"## {where} ({ms:.1f} ms) : {sql[:100]}…")
            for line in plan:
                if "Scan" in line:
                    print("   ", line.strip()[:140])
    print(f"Total des temps d'exécution : {total:.1f} ms")


if __name__ == "__main__":
    main()
