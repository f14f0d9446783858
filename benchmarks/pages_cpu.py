"""CPU time and SQL queries of the five pages of the load test (issue 12), measured in process
with Django's test client, for one or several checkouts of the code in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reperes_pages \\
        .venv/bin/python benchmarks/pages_cpu.py --keep                 # creates the data
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reperes_pages \\
        .venv/bin/python benchmarks/pages_cpu.py --reuse --tree /tmp/avant --tree .

The data are those of ``load.py`` (a Département party to ``--services`` conventions, 5 000
youths for the first service, ``--small`` for the others), created afresh unless ``--reuse``.
Each ``--tree`` (a checkout of the code, this one by default) is measured by a process of its
own, the trees taking turns ``--rounds`` times so that the machine's load falls on each alike:
per page, ``--repeat`` requests after ``--warmup``; the median CPU time of the process
(``time.process_time``: the Python of the request, not PostgreSQL's work nor the wait for a
core) and the wall time, and the SQL queries of one request. ``--profile`` prints instead the
heaviest functions of each page (cProfile, cumulative time) for the first tree.
The database is dropped at the end unless ``--keep`` or ``--reuse``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

# benchmarks/ is sys.path[0] when this file runs as a script.
from fieldwork_lists import ROOT, _in_database, _start_django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/reperes_pages"
PAGES = (
    "accueil du financeur",
    "liste des conventions",
    "une convention",
    "accueil de la direction",
    "liste des jeunes, page 1",
)


def _pages() -> list[tuple[str, str, Any]]:
    """(label, path, user) of the five pages of load.py, read back from the database."""
    from django.urls import reverse

    from reperes.accounts.models import User
    from reperes.conventions.models import Convention

    agent = User.objects.get(email="agent@departement.bench.example")
    director = User.objects.get(email="direction@service.bench.example")
    convention = Convention.objects.get(service=director.service)
    return [
        (PAGES[0], reverse("core:home"), agent),
        (PAGES[1], reverse("conventions:list"), agent),
        (PAGES[2], reverse("conventions:detail", kwargs={"pk": convention.pk}), agent),
        (PAGES[3], reverse("core:home"), director),
        (PAGES[4], reverse("fieldwork:youth_list"), director),
    ]


def _measure(warmup: int, repeat: int, profile: bool, show_sql: bool) -> dict[str, Any]:
    """In the child process: each page's queries, CPU and wall times (ms)."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    logging.getLogger("reperes.request").setLevel(logging.WARNING)  # one line per request
    result: dict[str, Any] = {}
    for label, path, user in _pages():
        client = Client()
        client.force_login(user)
        for _ in range(warmup):
            client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{label} : statut {response.status_code}")
        count = len(queries)
        if show_sql:
            print(f"\n## {label} ({count} requêtes SQL)", file=sys.stderr)
            for query in queries:
                print("-", query["sql"][:300], file=sys.stderr)
            continue
        if profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(repeat):
                client.get(path)
            profiler.disable()
            print(f"\n## {label} ({count} requêtes SQL)", file=sys.stderr)
            stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative")
            stats.print_stats("reperes/(?!core/middleware|core/request_log|accounts/second)", 40)
            stats.sort_stats("tottime").print_stats(25)
            continue
        cpu, wall = [], []
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        result[label] = {"queries": count, "cpu": cpu, "wall": wall}
    return result


def _child(tree: str, args: argparse.Namespace, url: str) -> dict[str, Any]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "reperes.settings.test",
        "PYTHONPATH": tree,
    }
    command = [sys.executable, str(Path(__file__).resolve()), "--child", tree]
    command += ["--warmup", str(args.warmup), "--repeat", str(args.repeat)]
    command += ["--profile"] if args.profile else []
    command += ["--sql"] if args.sql else []
    done = subprocess.run(command, env=env, cwd=tree, stdout=subprocess.PIPE, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tree", action="append", help="code à mesurer (ce dépôt par défaut)")
    parser.add_argument("--rounds", type=int, default=3, help="tours de chaque code")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=20, help="requêtes mesurées par tour")
    parser.add_argument("--youths", type=int, default=5000, help="jeunes du premier service")
    parser.add_argument("--small", type=int, default=300, help="jeunes des autres services")
    parser.add_argument("--services", type=int, default=10)
    parser.add_argument("--profile", action="store_true", help="profil cProfile de chaque page")
    parser.add_argument("--sql", action="store_true", help="les requêtes SQL de chaque page")
    parser.add_argument("--keep", action="store_true", help="ne pas supprimer la base à la fin")
    parser.add_argument("--reuse", action="store_true", help="base déjà remplie par --keep")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        sys.path.insert(0, args.child)  # the tree measured, before this checkout
        print(json.dumps(_measure(args.warmup, args.repeat, args.profile, args.sql)))
        return
    _in_database(
        DEFAULT_URL,
        lambda: _run(args, os.environ["DATABASE_URL"]),
        keep=args.keep,
        reuse=args.reuse,
    )


def _run(args: argparse.Namespace, url: str) -> None:
    if not args.reuse:
        _start_django()
        from django.db import connection
        from load import _setup

        _setup(args.services, args.youths, args.small)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        connection.close()
    trees = [str(Path(t).resolve()) for t in (args.tree or [str(ROOT)])]
    if args.profile or args.sql:
        _child(trees[0], args, url)
        return
    load_start = os.getloadavg()
    runs: dict[str, list[dict[str, Any]]] = {tree: [] for tree in trees}
    for _ in range(args.rounds):
        for tree in trees:
            runs[tree].append(_child(tree, args, url))
    load_end = os.getloadavg()
    print(
        f"Charge moyenne (1, 5, 15 min) au début : {' / '.join(f'{x:.2f}' for x in load_start)}"
        f", à la fin : {' / '.join(f'{x:.2f}' for x in load_end)} ; {args.rounds} tours de "
        f"{args.repeat} requêtes par page et par code, après {args.warmup} d'échauffement."
    )
    print()
    header = "| page | " + " | ".join(
        f"code {i + 1} : requêtes SQL | CPU p50 (ms) | temps p50 (ms)" for i in range(len(trees))
    )
    print(header + " |")
    print("| --- |" + " ---: | ---: | ---: |" * len(trees))
    for label in PAGES:
        cells = []
        for tree in trees:
            rounds = runs[tree]
            cpu = [t for r in rounds for t in r[label]["cpu"]]
            wall = [t for r in rounds for t in r[label]["wall"]]
            queries = {r[label]["queries"] for r in rounds}
            cells.append(
                f"{'/'.join(map(str, sorted(queries)))} | {statistics.median(cpu):.1f} "
                f"| {statistics.median(wall):.1f}"
            )
        print(f"| {label} | " + " | ".join(cells) + " |")
    for i, tree in enumerate(trees):
        print(f"\ncode {i + 1} : {tree}")


if __name__ == "__main__":
    main()
