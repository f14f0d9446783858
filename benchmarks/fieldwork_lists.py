"""Field-work list pages under load (issue 4): response times and SQL queries per page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reperes_bench \\
        .venv/bin/python benchmarks/fieldwork_lists.py

Creates the database named in DATABASE_URL (dropped first if it exists; refused for « reperes »
and « test_* »), migrates it, generates two services with the synthetic generator — a small one
(500 youths, 10 000 interventions) and a large one (5 000 youths, 100 000 interventions), with
street sessions, time and collective actions in proportion to their teams — then, logged in as
each service's educator with the Django test client, requests every list page of the field-work
URL modules (route names ending in ``_list`` without a parameter): page 1, page 2 and the last
page, ``--repeat`` times each after ``--warmup`` requests. Prints one Markdown table: p50, p95
and max wall-clock milliseconds, the median CPU time of the Python process, and the number of
SQL queries of one request (``CaptureQueriesContext``), which must be the same at both sizes.

Times include the whole Django stack in-process (middleware, view, template) and PostgreSQL,
not the network. Wall-clock minus Python CPU is time spent waiting: for PostgreSQL, and for a
core when the machine is busy (the load average is printed).
The database is dropped at the end unless ``--keep``.

The other scripts share its helpers: the options, the fresh database, Django's set-up, the
timing loop, the measure of a page, a service and a convention binding a funder.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/reperes_bench"
YEAR = 2025
URL_MODULES = (
    "reperes.fieldwork.youths.urls",
    "reperes.fieldwork.street.urls",
    "reperes.fieldwork.collective.urls",
    "reperes.fieldwork.partners.urls",
)


def _database(url: str) -> tuple[str, str]:
    """(database name, URL of the server's maintenance database)."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        sys.exit("DATABASE_URL doit désigner une base PostgreSQL.")
    name = parts.path.lstrip("/")
    if not name or name == "reperes" or name.startswith("test"):
        sys.exit(f"Base « {name} » refusée : choisissez un nom dédié, ex. reperes_bench.")
    return name, urlunsplit(parts._replace(path="/postgres"))


def _recreate(url: str, *, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    name, maintenance = _database(url)
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _service(name: str, *, educators: int, commune_code: str) -> tuple[Any, Any]:
    """A service with one commune, three quartiers, a team and its educator's account."""
    from reperes.accounts.models import User
    from reperes.partners.models import Commune, Organisation, Quartier, Service
    from reperes.people.models import StaffMember

    operator = Organisation.objects.create(name=f"Association {name}", kind="association")
    service = Service.objects.create(name=name, operator=operator)
    commune = Commune.objects.create(
        insee_code=commune_code, name=f"Ville-Exemple {name}", departement_code="99"
    )
    service.communes.add(commune)
    for i, kind in enumerate(("qpv", "qpv", "autre")):
        Quartier.objects.create(commune=commune, name=f"Quartier Exemple {i}", kind=kind)
    user = User.objects.create_user(
        f"educateur@{commune_code}.bench.example",
        full_name="Éducatrice Banc-d'Essai",
        role="educator",
        organisation=operator,
        service=service,
    )
    for i in range(educators):
        StaffMember.objects.create(
            service=service,
            display_name=f"Éducateur Exemple {i}",
            job_title="Éducateur spécialisé",
            category="social_worker",
            fte=1,
            arrival=date(2015 + i % 8, 9, 1),
            account=user if i == 0 else None,
        )
    return service, user


def _binding_convention(service: Any, funder: Any, *, since: date) -> Any:
    """A convention of ``service`` piloted by ``funder``, from ``since`` to the end of the year
    after next, accepted by the operator: a funder's portfolio holds only the services of the
    conventions binding it today (``reperes.core.access``). With a period kind, as the form
    requires (the database refuses a convention without one since issue 12: the funder's home
    page answered 500 on these)."""
    from django.utils import timezone

    from reperes.conventions.models import Convention, Party

    convention = Convention.objects.create(
        title=f"Convention de prévention spécialisée {service}",
        service=service,
        period_kind="fixed",
        starts_on=since,
        ends_on=date(timezone.localdate().year + 2, 12, 31),
        operator_decision="accepted",
        operator_decided_on=since,
        operator_decision_org=service.operator,
    )
    Party.objects.create(convention=convention, organisation=funder, role="pilot", order=0)
    Party.objects.create(
        convention=convention, organisation=service.operator, role="operator", order=1
    )
    return convention


def _list_routes() -> list[str]:
    import importlib

    names = []
    for module in URL_MODULES:
        for pattern in importlib.import_module(module).urlpatterns:
            name = getattr(pattern, "name", None) or ""
            if name.endswith("_list") and not pattern.pattern.converters:
                names.append(name)
    return names


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _times(
    run: Callable[[], Any], repeat: int, before: Callable[[], Any] | None = None
) -> tuple[dict[str, float], Any]:
    """``repeat`` calls of ``run``: the median CPU time and the p50, p95 and max wall times, in
    ms, and what the last call returned; ``before()``, untimed, before each call."""
    timings, cpu, result = [], [], None
    for _ in range(repeat):
        if before is not None:
            before()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = run()
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    stats = {
        "cpu": statistics.median(cpu),
        "p50": statistics.median(timings),
        "p95": _percentile(timings, 95),
        "max": max(timings),
    }
    return stats, result


def _checked(url: str, response: Any) -> Any:
    """``response``, if it is a page answered in full; the benchmark stops otherwise."""
    if response.status_code != 200:
        raise SystemExit(f"{url} : statut {response.status_code}")
    if b"INVALID_TEMPLATE_VARIABLE" in response.content:
        raise SystemExit(f"{url} : variable de gabarit inconnue")
    return response


def _in_database(
    default_url: str,
    run: Callable[[], Any],
    *,
    keep: bool,
    reuse: bool = False,
    settings: str = "reperes.settings.test",
    conn_max_age: int | None = None,
) -> Any:
    """``run()`` under the Django ``settings``, in the database of DATABASE_URL (set to
    ``default_url`` if missing), created afresh (unless ``reuse``) and dropped after (unless
    ``keep`` or ``reuse``). ``conn_max_age``, if given, is DATABASE_CONN_MAX_AGE unless the
    environment sets it: the connection kept from one request to the next, as in production."""
    url = os.environ.setdefault("DATABASE_URL", default_url)
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    if conn_max_age is not None:
        os.environ.setdefault("DATABASE_CONN_MAX_AGE", str(conn_max_age))
    if not reuse:
        _recreate(url)
    try:
        return run()
    finally:
        if not (keep or reuse):
            from django.db import connections

            connections.close_all()
            _recreate(url, drop_only=True)


# How the report benchmarks (live_report, publication_view) run: ``bench_settings`` (the demo's
# publications, production's task queue) and the connection kept from one request to the next.
REPORTS_SERVED: dict[str, Any] = {"settings": "bench_settings", "conn_max_age": 60}


def _parser(doc: str, *, repeat: int, warmup: int) -> argparse.ArgumentParser:
    """The options of a benchmark described by ``doc``'s first line, with those that all have:
    ``--repeat`` timed calls after ``--warmup`` untimed ones, ``--keep`` the database."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--warmup", type=int, default=warmup)
    parser.add_argument("--keep", action="store_true", help="ne pas supprimer la base à la fin")
    return parser


def _start_django(*, migrate: bool = True, test_environment: bool = True) -> None:
    """Django set up in this process, with the test environment (what the test client needs to
    give a response's context) unless ``test_environment`` is false, and the database migrated
    if ``migrate`` (not when a kept database is measured again)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    if test_environment:
        setup_test_environment()
    if migrate:
        call_command("migrate", verbosity=0)


def _measure(
    client: Any,
    url: str,
    *,
    warmup: int,
    repeat: int,
    watch: Callable[[], AbstractContextManager[Any]] = nullcontext,
) -> dict[str, Any]:
    """``url`` asked by ``client`` ``warmup`` times, once more with its SQL queries counted (a
    page answered in full, or the benchmark stops), then ``repeat`` times timed (``_times``).
    ``watch()`` is entered around the counted request only; what it gives is ``watched``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        client.get(url)
    with watch() as watched, CaptureQueriesContext(connection) as queries:
        response = _checked(url, client.get(url))
    # Read now: the log is a window on connection.queries_log, which the next request resets.
    count = len(queries)
    stats, _ = _times(lambda: client.get(url), repeat)
    return {"queries": count, **stats, "response": response, "watched": watched}


def main() -> None:
    parser = _parser(__doc__, repeat=50, warmup=5)
    parser.add_argument("--small", type=int, default=500, help="jeunes du petit service")
    parser.add_argument("--large", type=int, default=5000, help="jeunes du grand service")
    parser.add_argument("--interventions-per-youth", type=int, default=20)
    args = parser.parse_args()

    _in_database(DEFAULT_URL, lambda: _run(args), keep=args.keep, conn_max_age=60)


def _run(args: argparse.Namespace) -> None:
    _start_django()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from reperes.fieldwork import synthetic

    sizes = []
    for label, youths, educators, code in (
        ("petit", args.small, 8, "99001"),
        ("grand", args.large, 40, "99002"),
    ):
        service, user = _service(
            f"SPS Banc d'essai {label}", educators=educators, commune_code=code
        )
        start = time.perf_counter()
        summary = synthetic.generate(
            service,
            year=YEAR,
            youths=youths,
            seed=42,
            interventions=youths * args.interventions_per_youth,
            until=date(YEAR, 12, 31),
        )
        seconds = time.perf_counter() - start
        print(f"# {service} — généré en {seconds:.1f} s : " + ", ".join(summary.lines()))
        sizes.append((label, youths, user))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]

    print()
    print(
        f"PostgreSQL {version}, Python {platform.python_version()}, {os.cpu_count()} cœurs, "
        f"charge moyenne au début : {os.getloadavg()[0]:.1f} ; {args.repeat} requêtes mesurées "
        f"après {args.warmup} d'échauffement."
    )
    print()
    print("| page | jeunes | requêtes SQL | p50 (ms) | p95 (ms) | max (ms) | CPU Python p50 (ms) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    worst = 0.0
    for name in _list_routes():
        base = reverse(f"fieldwork:{name}")
        for _label, youths, user in sizes:
            client = Client()
            client.force_login(user)
            first = _measure(client, base, warmup=args.warmup, repeat=args.repeat)
            pages = first["response"].context["page"].paginator.num_pages
            rows = [("1", first)]
            for number in sorted({2, pages} - {1}):
                if number <= pages:
                    rows.append(
                        (
                            str(number),
                            _measure(client, f"{base}?page={number}", warmup=2, repeat=args.repeat),
                        )
                    )
            for page, result in rows:
                worst = max(worst, result["p95"])
                print(
                    f"| `{name}` page {page}/{pages} | {youths} | {result['queries']} "
                    f"| {result['p50']:.1f} | {result['p95']:.1f} | {result['max']:.1f} "
                    f"| {result['cpu']:.1f} |"
                )
    print()
    print(
        f"p95 le plus lent : {worst:.1f} ms (objectif : < 150 ms) ; "
        f"charge moyenne à la fin : {os.getloadavg()[0]:.1f}."
    )


if __name__ == "__main__":
    main()
