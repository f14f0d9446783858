"""« Who read what between t1 and t2 » over a year of access log (issue 11, breaches).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reperes_bench_breach \\
        .venv/bin/python benchmarks/breach_window.py

Creates the database named in DATABASE_URL (dropped first if it exists; refused for « reperes »
and « test_* »), migrates it, creates a service of ``--youths`` youths (public ids only: the
count reads the log, not the records) and ``--readers`` staff accounts, then writes ``--entries``
access-log entries spread over the year ``--year`` through the log's own ``bulk_create`` (so the
entries are chained as in production), by batches. It then times
``reperes.privacy.breaches.who_read`` (people, readers, entries per reader) and
``records_read`` (the detailed pairs) over a year, a month and a day, ``--repeat`` times each
after ``--warmup`` calls, and prints one Markdown table: p50, p95, max milliseconds, and the
counts found. The database is dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from fieldwork_lists import _in_database, _parser, _start_django, _times  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/reperes_bench_breach"
PARIS = ZoneInfo("Europe/Paris")


def _generate(args: argparse.Namespace) -> Any:
    from reperes.accounts.models import User
    from reperes.fieldwork.models import AccessLogEntry
    from reperes.partners.models import Organisation, Service

    operator = Organisation.objects.create(name="Association Banc d'essai", kind="association")
    service = Service.objects.create(name="SPS Banc d'essai", operator=operator)
    users = [
        User.objects.create_user(
            f"lecteur{i}@bench.example",
            full_name=f"Lecteur Exemple {i}",
            role="educator",
            organisation=operator,
            service=service,
        )
        for i in range(args.readers)
    ]
    rng = random.Random(42)
    youths = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(args.youths)]
    start = datetime(args.year, 1, 1, tzinfo=PARIS)
    seconds = int((datetime(args.year + 1, 1, 1, tzinfo=PARIS) - start).total_seconds())
    # In time order, as the log is written.
    offsets = sorted(rng.randrange(seconds) for _ in range(args.entries))
    batch: list[Any] = []
    for offset in offsets:
        batch.append(
            AccessLogEntry(
                at=start + timedelta(seconds=offset),
                user=users[rng.randrange(len(users))],
                service=service,
                youth_public_id=youths[rng.randrange(len(youths))],
                action="view",
            )
        )
        if len(batch) == args.batch:
            AccessLogEntry.objects.bulk_create(batch)
            batch = []
    if batch:
        AccessLogEntry.objects.bulk_create(batch)
    return service


def _measure(fn: Any, *, warmup: int, repeat: int) -> tuple[dict[str, float], Any]:
    for _ in range(warmup):
        fn()
    return _times(fn, repeat)


def main() -> None:
    parser = _parser(__doc__, repeat=20, warmup=2)
    parser.add_argument("--youths", type=int, default=5000)
    parser.add_argument("--readers", type=int, default=40)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()

    _in_database(DEFAULT_URL, lambda: _run(args), keep=args.keep)


def _run(args: argparse.Namespace) -> None:
    _start_django(test_environment=False)
    from django.db import connection

    from reperes.privacy import breaches

    t = time.perf_counter()
    service = _generate(args)
    generation = time.perf_counter() - t
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE fieldwork_accesslogentry")
    year = datetime(args.year, 1, 1, tzinfo=PARIS)
    windows = [
        ("une année", year, datetime(args.year + 1, 1, 1, tzinfo=PARIS)),
        (
            "un mois",
            datetime(args.year, 6, 1, tzinfo=PARIS),
            datetime(args.year, 7, 1, tzinfo=PARIS),
        ),
        (
            "un jour",
            datetime(args.year, 6, 2, tzinfo=PARIS),
            datetime(args.year, 6, 3, tzinfo=PARIS),
        ),
    ]
    print(
        f"{args.entries} accès, {args.youths} jeunes, {args.readers} lecteurs, "
        f"généré en {generation:.0f} s ; {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cœurs, charge {os.getloadavg()[0]:.1f}"
    )
    print()
    print("| fenêtre | fonction | p50 ms | p95 ms | max ms | résultat |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    for label, start, end in windows:
        stats, window = _measure(
            lambda s=start, e=end: breaches.who_read(service, s, e),
            warmup=args.warmup,
            repeat=args.repeat,
        )
        print(
            f"| {label} | `who_read` | {stats['p50']:.0f} | {stats['p95']:.0f} | "
            f"{stats['max']:.0f} | {window.people} personnes, {window.readers} lecteurs, "
            f"{window.entries} accès |"
        )
        stats, pairs = _measure(
            lambda s=start, e=end: breaches.records_read(service, s, e),
            warmup=args.warmup,
            repeat=max(3, args.repeat // 4),
        )
        print(
            f"| {label} | `records_read` | {stats['p50']:.0f} | {stats['p95']:.0f} | "
            f"{stats['max']:.0f} | {len(pairs)} couples (jeune, lecteur) |"
        )


if __name__ == "__main__":
    main()
