"""The director's own live report of a 5 000-youth service (issue 12: p95 < 500 ms): the annual
review computed from the field records at each request (exact figures, the service's own
staff), its SQL queries and where the time goes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reperes_bench_live \\
        .venv/bin/python benchmarks/live_report.py          # --youths 5000 --repeat 30 --keep

Creates the database named in DATABASE_URL (dropped first if it exists; refused for « reperes »
and « test_* »), migrates it, and builds what ``load.py`` builds for its first service: a
Département party to one convention binding today, accepted by the operator, and one year
(2025) of field work generated for its service (``--youths`` youths, 20 interventions each).
The convention asks for the annual review (a ``report`` clause for the model
``bilan-annuel``, yearly), as a real one would (seed 001 art. 11): a service has only the
reports its conventions ask for. The database is then analysed (``ANALYZE``: this machine's
PostgreSQL runs without autovacuum, a production server keeps its statistics).

Signed in with the Django test client as the service's director, it asks
``/rapports/service/<pk>/?modele=bilan-annuel&periode=2025`` ``--repeat`` times after
``--warmup``: p50, p95 and max wall time, the median CPU time of this process, and the SQL
queries of one request (``CaptureQueriesContext``). Times include the whole Django stack
in-process (middleware, view, template, chart drawing) and PostgreSQL, not the network nor a
web server. The database is dropped at the end unless ``--keep``; ``--reuse`` measures a
database kept earlier without rebuilding it.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from typing import Any

# benchmarks/ is sys.path[0] when this file runs as a script.
from fieldwork_lists import (
    DEFAULT_URL,
    REPORTS_SERVED,
    _checked,
    _in_database,
    _parser,
    _start_django,
    _times,
)
from load import YEAR, _setup

DEFAULT_URL = DEFAULT_URL + "_live"
MODEL = "bilan-annuel"


def _ask_for_the_review(convention: Any) -> None:
    """The convention's report clause for the annual review, its parameters cleaned by the
    catalogue as the set-up form would."""
    from reperes.conventions import catalogue
    from reperes.conventions.models import Clause

    params = {
        "model": MODEL,
        "owner": "operator",
        "periodicity": "year",
        "due": {"rule": "after_period", "value": 3, "unit": "months"},
    }
    cleaned, errors = catalogue.clean("report", params)
    if errors:
        raise SystemExit(f"clause de rapport refusée : {errors}")
    Clause.objects.create(
        convention=convention,
        kind="report",
        key=f"rapport-{MODEL}",
        article="art. 11",
        params=cleaned,
    )


def _run(args: argparse.Namespace) -> None:
    _start_django(migrate=not args.reuse)
    from django.db import connection
    from django.test import Client

    from reperes.accounts.models import User
    from reperes.conventions.models import Clause, Convention

    if args.reuse:
        director = User.objects.get(role="service_director")
        convention = Convention.objects.get(service=director.service)
    else:
        made = _setup(1, args.youths, 0)
        director, convention = made["director"], made["convention"]
    if not Clause.objects.filter(convention=convention, kind="report").exists():
        _ask_for_the_review(convention)
    # Statistics for the planner, as autovacuum keeps them on a production server (it is off on
    # this machine's PostgreSQL): without them it plans for one row where there are 5 000.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()
    client.force_login(User.objects.get(pk=director.pk))
    url = f"/rapports/service/{convention.service_id}/?modele={MODEL}&periode={YEAR}"

    def get() -> Any:
        return _checked(url, client.get(url))

    for _ in range(args.warmup):
        get()
    queries: list[tuple[float, str]] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - start, sql))

    with connection.execute_wrapper(timed):
        response = get()
    load_before = os.getloadavg()
    stats, _last = _times(get, args.repeat)
    load_after = os.getloadavg()
    youths = convention.service.youths.count()
    print(
        f"# {platform.python_version()}, PostgreSQL {connection.pg_version // 10000}, "
        f"{youths} jeunes, {len(response.content) // 1024} Kio de page, "
        f"charge moyenne {load_before[0]:.1f} au début, {load_after[0]:.1f} à la fin, "
        f"{time.strftime('%Y-%m-%d %H:%M')}"
    )
    print("| page | requêtes SQL | p50 (ms) | p95 (ms) | max (ms) | CPU Python p50 (ms) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| rapport en direct de la direction ({MODEL} {YEAR}) | {len(queries)} | "
        f"{stats['p50']:.1f} | {stats['p95']:.1f} | {stats['max']:.1f} | {stats['cpu']:.1f} |"
    )
    total = sum(seconds for seconds, _sql in queries)
    print(f"# temps SQL d'une requête : {total * 1000:.1f} ms ; les plus lentes :")
    for seconds, sql in sorted(queries, key=lambda q: -q[0])[:8]:
        print(f"#   {seconds * 1000:7.1f} ms  {' '.join(sql.split())[:160]}")


def main() -> None:
    parser = _parser(__doc__, repeat=30, warmup=3)
    parser.add_argument("--youths", type=int, default=5000, help="jeunes du service")
    parser.add_argument("--reuse", action="store_true", help="base déjà construite (--keep)")
    args = parser.parse_args()
    _in_database(
        DEFAULT_URL, lambda: _run(args), keep=args.keep, reuse=args.reuse, **REPORTS_SERVED
    )


if __name__ == "__main__":
    main()
