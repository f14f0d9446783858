"""A funder's consolidated annual report (issue 5): the indicator engine on PostgreSQL against
a DuckDB floor over the same rows exported to Parquet.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reperes_bench_conso \\
        .venv/bin/python benchmarks/consolidation.py

Creates the database named in DATABASE_URL (dropped first if it exists; refused for « reperes »
and « test_* »), migrates it, creates a Département party to ten conventions, each with its own
service (300 to 570 youths a year), and generates 2023, 2024 and 2025 of field work for each
with the synthetic generator. Then times the consolidation of ``--year``: for each service
``compute(Scope.for_service(service), Period.year(year))`` plus the funder's whole portfolio
``compute(Scope.for_funder(funder), ...)`` and, when ``reperes/reporting/consolidation.py``
exists, also ``consolidation.build(funder, year)`` (the page's own function). ``--repeat`` runs
after ``--warmup``; the SQL queries of one run are counted (``CaptureQueriesContext``), the
slowest printed.

The tables the catalogue's figures read are then exported to Parquet (plain ``SELECT`` through
psycopg, pyarrow, a temporary directory) and the same figures computed in one DuckDB SQL query
over ``read_parquet``, for the ten services and the total. Every catalogue code that the engine
computes, and every figure of the consolidation's rows, must have the same value in DuckDB:
any difference is printed and the run exits with status 1. The database is dropped at the end unless ``--keep``.

``--compare N`` (issue 12: « the same 10-service consolidation costs the same in a 10-service and
a 300-service database ») makes a second Département a co-funder of the first N conventions only
and measures its consolidation twice: as soon as the first N services are generated, when the
database holds only them, and again once all the services are — p50 of ``consolidation.build``
and, for ``values_by_service`` of those N services, the execution time and the shared buffers
(hit + read) of each query's ``EXPLAIN (ANALYZE, BUFFERS)``: buffers count the pages read, which
the machine's load does not change. ``--reuse`` measures again in a database kept by ``--keep``
(neither recreated nor filled; no ``--compare``).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

# benchmarks/ is sys.path[0] when this file runs as a script.
from fieldwork_lists import DEFAULT_URL, _in_database, _service, _times

DEFAULT_URL = DEFAULT_URL + "_conso"
YEARS = (2023, 2024, 2025)
ENGINE = "moteur : chaque service + le portefeuille"


def _setup(
    n_services: int, first_size: int, compare: int = 0, at_compare: Callable[..., None] = print
) -> tuple[Any, list[Any], dict[str, int]]:
    """The funder, its services and how many rows of each kind were generated; with
    ``compare``, ``at_compare(witness, services)`` once the first ``compare`` services are."""
    from collections import Counter

    from reperes.conventions.models import Convention, Party
    from reperes.fieldwork import synthetic
    from reperes.partners.models import Organisation

    funder = Organisation.objects.create(
        name="Département Exemple", kind="departement", departement_code="99"
    )
    # A co-funder of the first ``compare`` conventions only: its consolidation is the same work
    # in the small database and in the whole one.
    witness = Organisation.objects.create(
        name="Département Témoin", kind="departement", departement_code="98"
    )
    services, counts = [], Counter[str]()
    for i in range(n_services):
        youths = first_size + first_size // 10 * i
        service, _user = _service(
            f"SPS Exemple {i + 1:02d}", educators=youths // 60, commune_code=f"99{101 + i}"
        )
        # A period kind, as the form requires (the database refuses a convention without
        # one since issue 12: the funder's home page answered 500 on these).
        # Accepted by the operator and still in force: a funder's portfolio holds only the
        # services of the conventions binding it today (reperes.core.access), so a convention
        # that ended with the last generated year would leave the funder with nothing to add.
        convention = Convention.objects.create(
            title=f"Convention de prévention spécialisée {service}",
            service=service,
            period_kind="fixed",
            starts_on=date(YEARS[0], 1, 1),
            ends_on=date(date.today().year + 2, 12, 31),
            operator_decision="accepted",
            operator_decided_on=date(YEARS[0], 1, 1),
            operator_decision_org=service.operator,
        )
        Party.objects.create(convention=convention, organisation=funder, role="pilot", order=0)
        Party.objects.create(
            convention=convention, organisation=service.operator, role="operator", order=1
        )
        if i < compare:
            Party.objects.create(
                convention=convention, organisation=witness, role="co_funder", order=2
            )
        for year in YEARS:
            start = time.perf_counter()
            summary = synthetic.generate(
                service, year=year, youths=youths, seed=1000 * i + year, until=date(year, 12, 31)
            )
            counts.update(summary.counts)
            print(
                f"# {service} {year} : {youths} jeunes, généré en "
                f"{time.perf_counter() - start:.1f} s",
                flush=True,
            )
        services.append(service)
        if len(services) == compare:
            at_compare(witness, services)
    return funder, services, dict(counts)


def _same_work(witness: Any, year: int, *, warmup: int, repeat: int) -> dict[str, float]:
    """The witness's consolidation in the database as it is now: p50 of ``build``, and the
    execution time and buffers of ``values_by_service``'s queries under EXPLAIN."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from query_plans import fieldwork_plans

    from reperes.reporting.consolidation import build, services_of
    from reperes.reporting.indicators import Period
    from reperes.reporting.indicators_by_service import values_by_service

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")  # the visibility map too: index-only scans
    load = os.getloadavg()[0]
    built = _timed(lambda: build(witness, year), warmup=warmup, repeat=repeat)
    ids = [s.pk for s in services_of(witness)]
    with CaptureQueriesContext(connection) as queries:
        values_by_service(ids, Period.year(year))
    plans = [plan for _, plan in fieldwork_plans([q["sql"] for q in queries.captured_queries])]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM fieldwork_youth")
        youths = cursor.fetchone()[0]
    return {
        "services": len(ids),
        "youths": youths,
        "p50": built["p50"],
        "p95": built["p95"],
        "sql_ms": sum(p.ms for p in plans),
        "buffers": sum(p.buffers for p in plans),
        "rows": sum(p.rows for p in plans),
        "load": (load + os.getloadavg()[0]) / 2,
    }


def _print_same_work(small: dict[str, float], large: dict[str, float], n_services: int) -> None:
    print()
    print(
        f"Même consolidation de {small['services']:.0f} services (un co-financeur témoin), "
        f"dans une base de {small['services']:.0f} services puis de {n_services} :"
    )
    print()
    print(
        f"| mesure | base de {small['services']:.0f} services | base de {n_services} services "
        "| rapport |"
    )
    print("| --- | ---: | ---: | ---: |")
    for label, key, digits in (
        ("jeunes dans la base", "youths", 0),
        ("`consolidation.build` p50 (ms)", "p50", 1),
        ("`consolidation.build` p95 (ms)", "p95", 1),
        ("`values_by_service` : temps d'exécution SQL (EXPLAIN ANALYZE, ms)", "sql_ms", 1),
        ("`values_by_service` : tampons lus (EXPLAIN BUFFERS)", "buffers", 0),
        ("`values_by_service` : lignes lues par ses parcours de tables", "rows", 0),
        ("charge moyenne pendant la mesure", "load", 2),
    ):
        print(
            f"| {label} | {small[key]:.{digits}f} | {large[key]:.{digits}f} "
            f"| {large[key] / small[key]:.2f} |"
        )
    for key, what in (("rows", "lignes lues"), ("buffers", "tampons lus"), ("p50", "p50 de build")):
        ratio = large[key] / small[key]
        verdict = "tenu" if ratio <= 1.25 else "NON tenu"
        print(f"Objectif « même coût à 25 % près » ({what}) : rapport {ratio:.2f}, {verdict}.")


def _timed(run: Callable[[], Any], *, warmup: int, repeat: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        run()
    with CaptureQueriesContext(connection) as queries:
        result = run()
    captured = list(queries.captured_queries)
    stats, _ = _times(run, repeat)
    return {"result": result, "queries": captured, **stats}


# ---------------------------------------------------------------- the floor: Parquet + DuckDB


def _tables() -> dict[str, tuple[Any, tuple[str, ...]]]:
    """Parquet name -> (model, fields): the rows the catalogue's figures read."""
    from reperes.fieldwork import models as m
    from reperes.people.models import StaffMember

    return {
        "youth": (m.Youth, ("id", "service", "gender", "situation", "first_met_on")),
        "acc": (m.Accompaniment, ("id", "service", "youth", "started_on", "ended_on")),
        "acc_problem": (m.Accompaniment.problems.through, ("accompaniment", "choiceitem")),
        "choice": (m.ChoiceItem, ("id", "label")),
        "action": (
            m.CollectiveAction,
            ("id", "service", "started_on", "ended_on", "families_count"),
        ),
        "action_youth": (m.CollectiveAction.participants.through, ("collectiveaction", "youth")),
        "action_count": (m.ParticipantCount, ("action", "count")),
        "family": (m.Family, ("service", "known_since", "engaged_since", "engaged_until")),
        "time_entry": (m.TimeEntry, ("staff", "day", "category", "hours")),
        "staff": (StaffMember, ("id", "service", "category", "fte", "arrival", "departure")),
    }


def _arrow_type(field: Any) -> Any:
    import pyarrow as pa

    kind = field.get_internal_type()
    if kind == "DateField":
        return pa.date32()
    if kind == "DecimalField":
        return pa.decimal128(field.max_digits, field.decimal_places)
    if kind in ("CharField", "TextField"):
        return pa.string()
    return pa.int64()  # keys and counts


def _export(directory: Path) -> dict[str, int]:
    """One Parquet file per table, read from PostgreSQL with a plain SELECT."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from django.db import connection

    rows = {}
    for name, (model, names) in _tables().items():
        fields = [model._meta.get_field(n) for n in names]
        columns = [f.column for f in fields]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(columns)} FROM {model._meta.db_table}")
            data = cursor.fetchall()
        table = pa.table(
            {
                column: pa.array([row[i] for row in data], type=_arrow_type(field))
                for i, (column, field) in enumerate(zip(columns, fields, strict=True))
            }
        )
        pq.write_table(table, directory / f"{name}.parquet")
        rows[name] = len(data)
    return rows


# A youth, an accompaniment, an action belong to one service: the portfolio's distinct counts
# are the sums of the services' (the engine's funder scope checks it: it counts distinct rows).
FLOOR_SQL = """
WITH
acc_p AS (
    SELECT *, least(coalesce(ended_on, $end), $end) - started_on AS days FROM acc
    WHERE started_on <= $end AND (ended_on IS NULL OR ended_on >= $start)),
accompanied AS (SELECT * FROM youth WHERE id IN (SELECT youth_id FROM acc_p)),
action_p AS (
    SELECT * FROM action WHERE started_on <= $end AND (ended_on IS NULL OR ended_on >= $start)),
-- Youths met are persons in relation with the team over the period: first met in it,
-- accompanied during it or taking part in a collective action then (never the encounters).
met AS (
    SELECT service_id, gender, count(*) AS n FROM youth
    WHERE first_met_on <= $end AND (
        first_met_on >= $start
        OR id IN (SELECT youth_id FROM acc_p)
        OR id IN (SELECT y.youth_id FROM action_p a
                  JOIN action_youth y ON y.collectiveaction_id = a.id))
    GROUP BY ALL),
time_p AS (
    SELECT st.service_id, t.category, t.hours FROM time_entry t JOIN staff st ON st.id = t.staff_id
    WHERE t.day BETWEEN $start AND $end),
staff_p AS (
    SELECT * FROM staff
    WHERE arrival <= $end AND (departure IS NULL OR departure >= $end)),
figures AS (
    SELECT service_id, 'youths.met.' || gender AS code, sum(n)::DECIMAL(38, 2) AS value
        FROM met GROUP BY ALL
    UNION ALL SELECT service_id, 'youths.met', sum(n) FROM met GROUP BY ALL
    UNION ALL SELECT service_id, 'youths.accompanied', count(*) FROM accompanied GROUP BY ALL
    UNION ALL SELECT service_id, 'youths.accompanied.' || gender, count(*)
        FROM accompanied GROUP BY ALL
    UNION ALL SELECT service_id, 'youths.situation.' || situation, count(*)
        FROM accompanied GROUP BY ALL
    UNION ALL SELECT service_id, 'accompaniments', count(*) FROM acc_p GROUP BY ALL
    UNION ALL SELECT service_id, 'accompaniments.duration.' || CASE
            WHEN days < 91 THEN 'lt3' WHEN days < 183 THEN '3to6'
            WHEN days < 366 THEN '6to12' ELSE 'gt12' END, count(*)
        FROM acc_p GROUP BY ALL
    UNION ALL SELECT a.service_id, 'problems.' || p.code, count(DISTINCT a.youth_id)
        FROM acc_p a JOIN acc_problem ap ON ap.accompaniment_id = a.id
        JOIN choice c ON c.id = ap.choiceitem_id JOIN problem_code p ON p.label = c.label
        GROUP BY ALL
    UNION ALL SELECT service_id, 'collective.actions', count(*) FROM action_p GROUP BY ALL
    UNION ALL SELECT service_id, 'collective.families', sum(families_count)
        FROM action_p GROUP BY ALL
    UNION ALL SELECT service_id, 'collective.youths', sum(n) FROM (
        SELECT a.service_id, count(DISTINCT y.youth_id) AS n
            FROM action_p a JOIN action_youth y ON y.collectiveaction_id = a.id GROUP BY ALL
        UNION ALL SELECT a.service_id, sum(c.count)
            FROM action_p a JOIN action_count c ON c.action_id = a.id GROUP BY ALL) GROUP BY ALL
    UNION ALL SELECT service_id, 'families.known', count(*) FROM family
        WHERE known_since <= $end GROUP BY ALL
    UNION ALL SELECT service_id, 'families.engaged', count(*) FROM family
        WHERE engaged_since <= $end AND (engaged_until IS NULL OR engaged_until >= $start)
        GROUP BY ALL
    UNION ALL SELECT service_id, 'time.' || category, sum(hours) FROM time_p GROUP BY ALL
    UNION ALL SELECT service_id, 'time', sum(hours) FROM time_p GROUP BY ALL
    UNION ALL SELECT service_id, 'hours', sum(hours) FROM time_p GROUP BY ALL
    UNION ALL SELECT t.service_id, 'hours.' || c.pdc_column, sum(t.hours)
        FROM time_p t JOIN time_column c ON c.category = t.category GROUP BY ALL
    UNION ALL SELECT service_id, 'staff.fte.' || category, sum(fte) FROM staff_p GROUP BY ALL
    UNION ALL SELECT service_id, 'staff.fte', sum(fte) FROM staff_p GROUP BY ALL)
SELECT service_id, code, value FROM figures
UNION ALL SELECT NULL, code, sum(value) FROM figures GROUP BY code
"""


def _floor(directory: Path) -> Any:
    """A DuckDB connection whose views read the Parquet files, and the mapping tables."""
    import duckdb

    from reperes.fieldwork.enums import PAS_DE_CALAIS_COLUMN
    from reperes.reporting.catalogue import PROBLEM_LABELS

    con = duckdb.connect()
    for name in _tables():
        path = str(directory / f"{name}.parquet").replace("'", "''")
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
    con.execute("CREATE TABLE problem_code (code VARCHAR, label VARCHAR)")
    con.executemany("INSERT INTO problem_code VALUES (?, ?)", list(PROBLEM_LABELS.items()))
    con.execute("CREATE TABLE time_column (category VARCHAR, pdc_column VARCHAR)")
    con.executemany(
        "INSERT INTO time_column VALUES (?, ?)",
        [(k.value, v.value) for k, v in PAS_DE_CALAIS_COLUMN.items()],
    )
    return con


def _floor_figures(con: Any, year: int) -> dict[int | None, dict[str, Decimal]]:
    params = {"start": date(year, 1, 1), "end": date(year, 12, 31)}
    figures: dict[int | None, dict[str, Decimal]] = {}
    for service_id, code, value in con.execute(FLOOR_SQL, params).fetchall():
        figures.setdefault(service_id, {})[code] = Decimal(value)
    return figures


def _mismatches(engine: dict[str, Any], floor: dict[str, Decimal], label: str) -> list[str]:
    problems = []
    for code in sorted(set(engine) | set(floor)):
        ours, theirs = engine.get(code), floor.get(code, Decimal(0))
        if ours is None:
            problems.append(f"{label} {code} : absent du moteur, DuckDB {theirs}")
        elif Decimal(ours) != theirs:
            problems.append(f"{label} {code} : moteur {ours}, DuckDB {theirs}")
    return problems


# ---------------------------------------------------------------- the run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--year", type=int, default=YEARS[-1], choices=YEARS)
    parser.add_argument("--services", type=int, default=10)
    parser.add_argument("--youths", type=int, default=300, help="jeunes par an du 1er service")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="ne pas supprimer la base à la fin")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="mesurer dans la base gardée par un passage --keep, sans la recréer ni la remplir",
    )
    parser.add_argument(
        "--compare",
        type=int,
        default=0,
        help="mesurer la consolidation des N premiers services dans une base de N services "
        "puis dans la base entière",
    )
    args = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ["DJANGO_SETTINGS_MODULE"] = "reperes.settings.test"
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")
    sys.exit(_in_database(url, lambda: _run(args), keep=args.keep, reuse=args.reuse))


def _run(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from reperes.partners.models import Organisation
    from reperes.reporting.consolidation import build, services_of
    from reperes.reporting.indicators import Period, Scope, compute

    load_start = os.getloadavg()
    same_work: list[dict[str, float]] = []

    def at_compare(witness: Any, _services: list[Any]) -> None:
        same_work.append(_same_work(witness, args.year, warmup=args.warmup, repeat=args.repeat))
        print(f"# témoin mesuré dans la base de {args.compare} services", flush=True)

    if args.reuse:
        funder = Organisation.objects.get(name="Département Exemple", departement_code="99")
        services = services_of(funder)
    else:
        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        funder, services, counts = _setup(args.services, args.youths, args.compare, at_compare)
        print(
            f"# généré en {time.perf_counter() - start:.0f} s : "
            + ", ".join(f"{label} : {n}" for label, n in counts.items())
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")  # the visibility map too: index-only scans
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]

    period = Period.year(args.year)
    scopes = [Scope.for_service(s) for s in services]

    def engine() -> dict[int | None, Any]:
        figures: dict[int | None, Any] = {
            s.pk: compute(sc, period) for s, sc in zip(services, scopes, strict=True)
        }
        figures[None] = compute(Scope.for_funder(funder), period)
        return figures

    timed = {ENGINE: _timed(engine, warmup=args.warmup, repeat=args.repeat)}
    timed["`consolidation.build`"] = _timed(
        lambda: build(funder, args.year), warmup=args.warmup, repeat=args.repeat
    )
    engine_figures = timed[ENGINE]["result"]

    with tempfile.TemporaryDirectory(prefix="reperes-conso-") as tmp:
        directory = Path(tmp)
        start = time.perf_counter()
        exported = _export(directory)
        export_seconds = time.perf_counter() - start
        size = sum(p.stat().st_size for p in directory.iterdir())
        con = _floor(directory)
        floor = _timed(
            lambda: _floor_figures(con, args.year), warmup=args.warmup, repeat=args.repeat
        )
        con.close()

    errors = []
    for key, figures in engine_figures.items():
        label = "total" if key is None else str(next(s for s in services if s.pk == key))
        errors += _mismatches(figures.values, floor["result"].get(key, {}), label)
    compared = sum(len(f.values) for f in engine_figures.values())
    for name, result in timed.items():
        for row in getattr(result["result"], "rows", ()):  # the consolidation's own rows
            values = {k: v for k, v in row.values.items() if v is not None}
            errors += _mismatches(values, floor["result"].get(row.service.pk, {}), name)
            compared += len(values)

    print()
    print(
        f"PostgreSQL {version}, Python {platform.python_version()}, {os.cpu_count()} cœurs, "
        f"charge moyenne au début : {load_start[0]:.2f} ; année {args.year}, "
        f"{args.repeat} mesures après {args.warmup} d'échauffement."
    )
    print("Lignes exportées en Parquet : " + ", ".join(f"{k} {v}" for k, v in exported.items()))
    print(f"Export : {export_seconds:.1f} s, {size / 1e6:.1f} Mo.")
    print()
    print(
        "| calcul | requêtes SQL | temps SQL d'un calcul (ms) | p50 (ms) | p95 (ms) | max (ms) "
        "| CPU Python p50 (ms) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, result in [*timed.items(), ("DuckDB sur Parquet (plancher)", floor)]:
        queries = result["queries"] if name in timed else []
        sql_ms = sum(float(q["time"]) for q in queries) * 1000
        print(
            f"| {name} | {len(queries) or '—'} | {f'{sql_ms:.0f}' if queries else '—'} "
            f"| {result['p50']:.1f} | {result['p95']:.1f} | {result['max']:.1f} "
            f"| {result['cpu']:.1f} |"
        )
    print()
    for name, result in timed.items():
        verdict = "atteint" if result["p95"] < 1000 else "NON atteint"
        print(
            f"{name} / DuckDB : {result['p50'] / floor['p50']:.1f} au p50, "
            f"{result['p95'] / floor['p95']:.1f} au p95 ; objectif < 1 s : {verdict}."
        )
    main_result = timed[ENGINE]
    slowest = sorted(main_result["queries"], key=lambda q: float(q["time"]), reverse=True)[:5]
    print("Requêtes les plus lentes d'un calcul :")
    for query in slowest:
        print(f"  {float(query['time']) * 1000:.1f} ms  {query['sql'][:160]}")
    print(f"Chiffres comparés : {compared} ; écarts : {len(errors)}.")
    if same_work:
        witness = Organisation.objects.get(departement_code="98")
        large = _same_work(witness, args.year, warmup=args.warmup, repeat=args.repeat)
        _print_same_work(same_work[0], large, len(services))
    for error in errors:
        print(f"  ÉCART {error}")
    print(f"Charge moyenne à la fin : {os.getloadavg()[0]:.2f}.")
    return 1 if errors else 0


if __name__ == "__main__":
    main()
