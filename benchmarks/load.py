"""Ordinary pages under a fixed request rate, served by gunicorn (issue 12): p50 / p95 / max per
page, achieved requests per second, errors.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reperes_bench_load \\
        .venv/bin/python benchmarks/load.py            # --rate 50 --seconds 30 --youths 5000 --keep

Creates the database named in DATABASE_URL (dropped first if it exists; refused for « reperes »
and « test_* »), migrates it, creates a Département (the funder) party to ``--services``
conventions, one per service, binding today and accepted by the operator (as
``consolidation.py``), and generates one year of field work per service with the synthetic
generator: ``--youths`` youths (20 interventions each) for the first service, ``--small`` for
the others. Then starts gunicorn with ``--workers`` processes under production settings
(``tests/scale_out_settings.py``: production's, static files read from the apps' folders),
generated ``SECRET_KEY``, the field keys the data were written with, no Redis (sessions in the
database, a cache per process), ``DATABASE_CONN_MAX_AGE`` = ``--conn-max-age`` (60, production's
default). It signs in, through the sign-in page, a funder agent and the first service's director
(password, then a current code of an authenticator app confirmed for the account: the second
factor is always required of directors in production) — ``tests/gunicorn_server.py``, shared
with the two-instance test.

The load is open-loop: request i is due at start + i / ``--rate`` whatever the previous ones
did, sent by a pool of threads (``http.client``, a new connection each, as gunicorn's sync
workers close it), and its time runs from when it was due to the last byte of the answer (a
request that waits for a free thread or a free worker is late by that much). The five pages take
turns: the funder's home, the conventions list, the first service's convention, the director's
home, the first page of the youth list of the first service. Any answer other than 200 (a
redirect to the sign-in page included) or a failed connection is an error. Prints one Markdown
table, the load average at the start and the end, and the SQL queries of each page counted
with Django's test client in this process (test settings: the same views and queries; the
session and cache may differ from production's by a query).
The database is dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import secrets
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

# benchmarks/ is sys.path[0] when this file runs as a script.
from fieldwork_lists import (
    DEFAULT_URL,
    ROOT,
    _binding_convention,
    _in_database,
    _percentile,
    _service,
    _start_django,
)

DEFAULT_URL = DEFAULT_URL + "_load"
YEAR = 2025
PASSWORD = "un-mot-de-passe-de-banc-d-essai"
FUNDER, DIRECTOR = "funder_agent", "service_director"


def _setup(services: int, youths: int, small: int) -> dict[str, Any]:
    """The funder, its services with their conventions and field work, the two accounts."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from reperes.accounts.models import User
    from reperes.fieldwork import synthetic
    from reperes.partners.models import Organisation

    funder = Organisation.objects.create(
        name="Département Exemple", kind="departement", departement_code="99"
    )
    conventions = []
    for i in range(services):
        size = youths if i == 0 else small
        service, _educator = _service(
            f"SPS Exemple {i + 1:02d}", educators=max(1, size // 120), commune_code=f"99{101 + i}"
        )
        conventions.append(_binding_convention(service, funder, since=date(YEAR, 1, 1)))
        start = time.perf_counter()
        summary = synthetic.generate(
            service,
            year=YEAR,
            youths=size,
            seed=42 + i,
            interventions=size * 20,
            until=date(YEAR, 12, 31),
        )
        print(
            f"# {service} : généré en {time.perf_counter() - start:.1f} s : "
            + ", ".join(summary.lines()),
            flush=True,
        )
    first = conventions[0].service
    hasher = PBKDF2PasswordHasher()  # production's hashers (the tests' MD5 is not among them)
    agent = User.objects.create_user(
        "agent@departement.bench.example",
        full_name="Agent Banc-d'Essai",
        role=FUNDER,
        organisation=funder,
    )
    director = User.objects.create_user(
        "direction@service.bench.example",
        full_name="Direction Banc-d'Essai",
        role=DIRECTOR,
        organisation=first.operator,
        service=first,
    )
    for user in (agent, director):
        User.objects.filter(pk=user.pk).update(password=hasher.encode(PASSWORD, hasher.salt()))
    return {"agent": agent, "director": director, "convention": conventions[0]}


def _current_code(user: Any) -> str:
    """A confirmed authenticator app for ``user`` and its code of the current 30 s window."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="Banc d'essai", confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@dataclass
class Page:
    label: str
    path: str
    cookies: dict[str, str]
    view: str
    role: str
    times: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)


def _served(log: bytes) -> dict[tuple[str, str], list[float]]:
    """(view, role) -> the durations gunicorn's workers logged (the JSON request log): the time
    inside Django, without the wait for a free worker."""
    durations: dict[tuple[str, str], list[float]] = {}
    for line in log.decode(errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and "duration_ms" in entry:
            key = (entry.get("view", ""), entry.get("role", ""))
            durations.setdefault(key, []).append(float(entry["duration_ms"]))
    return durations


def _tracebacks(log: str) -> list[str]:
    """The exception line (its type, then its message cut short) of each traceback logged."""
    found, inside = [], False
    for line in log.splitlines():
        if line.startswith("Traceback"):
            inside = True
        elif inside and line and not line[0].isspace():
            found.append(line[:80])
            inside = False
    return found


def _get(port: int, page: Page) -> int:
    from tests.gunicorn_server import HOST, cookie_header

    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", page.path, headers=cookie_header(page.cookies))
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _drive(port: int, pages: list[Page], *, rate: float, seconds: float, threads: int) -> dict:
    """Open-loop: request i due at start + i / rate, timed from then to its last byte."""
    lock = threading.Lock()
    total = int(rate * seconds)
    last_done = [0.0]
    lateness: list[float] = []

    def one(page: Page, due: float) -> None:
        try:
            status = _get(port, page)
            outcome = None if status == 200 else str(status)
        except (OSError, http.client.HTTPException) as exc:
            outcome = type(exc).__name__
        done = time.perf_counter()
        with lock:
            page.times.append((done - due) * 1000)
            if outcome is not None:
                page.errors[outcome] = page.errors.get(outcome, 0) + 1
            last_done[0] = max(last_done[0], done)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        start = time.perf_counter() + 0.1
        for i in range(total):
            due = start + i / rate
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            else:
                lateness.append(-pause * 1000)
            pool.submit(one, pages[i % len(pages)], due)
    return {
        "sent": total,
        "elapsed": last_done[0] - start,
        "late_dispatch": len(lateness),
        "max_late_dispatch": max(lateness, default=0.0),
    }


def _query_counts(pages: list[Page], users: dict[str, Any]) -> dict[str, int | str]:
    """SQL queries of one request to each page, with the test client in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts: dict[str, int | str] = {}
    for page in pages:
        client = Client()
        # Read again: the password was set by an update, which the session's hash must match.
        user = users[page.role]
        client.force_login(type(user).objects.get(pk=user.pk))
        client.get(page.path)  # the session's first write, caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path)
        count = len(queries)
        counts[page.label] = (
            count
            if response.status_code == 200
            else f"statut {response.status_code} {response.get('Location', '')}".strip()
        )
    return counts


def _cell(values: list[float], statistic: Any) -> str:
    return f"{statistic(values):.1f}" if values else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=50, help="requêtes par seconde")
    parser.add_argument("--seconds", type=float, default=30, help="durée de la charge")
    parser.add_argument("--youths", type=int, default=5000, help="jeunes du premier service")
    parser.add_argument("--small", type=int, default=300, help="jeunes des autres services")
    parser.add_argument("--services", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="processus gunicorn")
    parser.add_argument("--conn-max-age", type=int, default=60, help="DATABASE_CONN_MAX_AGE")
    parser.add_argument("--threads", type=int, default=64, help="fils du client de charge")
    parser.add_argument("--keep", action="store_true", help="ne pas supprimer la base à la fin")
    args = parser.parse_args()

    sys.exit(
        _in_database(DEFAULT_URL, lambda: _run(args, os.environ["DATABASE_URL"]), keep=args.keep)
    )


def _run(args: argparse.Namespace, url: str) -> int:
    load_start = os.getloadavg()
    _start_django()
    from django.conf import settings
    from django.db import connection
    from django.urls import reverse

    from tests import gunicorn_server as server

    start = time.perf_counter()
    data = _setup(args.services, args.youths, args.small)
    print(f"# données générées en {time.perf_counter() - start:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    code = _current_code(data["director"])
    connection.close()  # gunicorn's workers get the connections

    with tempfile.TemporaryDirectory(prefix="reperes-load-") as tmp:
        env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_SETTINGS_MODULE": "tests.scale_out_settings",
            "DATABASE_URL": url,
            "DATABASE_CONN_MAX_AGE": str(args.conn_max_age),
            "SECRET_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": server.HOST,
            "SECURE_SSL_REDIRECT": "0",
            "REPERES_DEMO": "0",
            "REPERES_FIELD_KEYS": ",".join(settings.REPERES_FIELD_KEYS),
            "REPERES_BLIND_INDEX_KEY": settings.REPERES_BLIND_INDEX_KEY,
            "REPERES_PRIVATE_MEDIA_ROOT": str(Path(tmp) / "documents"),
            "REPERES_VAR_DIR": str(Path(tmp) / "var"),
        }
        (Path(tmp) / "var" / "static").mkdir(parents=True)  # WhiteNoise's STATIC_ROOT
        env.pop("REDIS_URL", None)
        port = server.free_port()
        log_path = Path(tmp) / "gunicorn.log"
        with open(log_path, "wb") as log:
            process = server.start(port, env, cwd=ROOT, log=log, workers=args.workers)
            try:
                instance = server.Instance(port)
                server.wait_until_up(instance, process, log_path, time.monotonic() + 60)
                agent = server.sign_in(instance, data["agent"].email, PASSWORD)
                director = server.sign_in(instance, data["director"].email, PASSWORD)
                server.verify_second_factor(instance, director, code)
                convention = data["convention"]
                pages = [
                    Page("accueil du financeur", reverse("core:home"), agent, "core:home", FUNDER),
                    Page(
                        "liste des conventions",
                        reverse("conventions:list"),
                        agent,
                        "conventions:list",
                        FUNDER,
                    ),
                    Page(
                        "une convention",
                        reverse("conventions:detail", kwargs={"pk": convention.pk}),
                        agent,
                        "conventions:detail",
                        FUNDER,
                    ),
                    Page(
                        "accueil de la direction",
                        reverse("core:home"),
                        director,
                        "core:home",
                        DIRECTOR,
                    ),
                    Page(
                        f"liste des jeunes ({args.youths}), page 1",
                        reverse("fieldwork:youth_list"),
                        director,
                        "fieldwork:youth_list",
                        DIRECTOR,
                    ),
                ]
                for page in pages:  # warm-up: each worker imports and caches on its own
                    for _ in range(2 * args.workers):
                        status = _get(port, page)
                        if status != 200:
                            print(f"# échauffement : {page.label} répond {status}", flush=True)
                run_load = os.getloadavg()
                log.flush()
                log_mark = log_path.stat().st_size
                driven = _drive(
                    port, pages, rate=args.rate, seconds=args.seconds, threads=args.threads
                )
                end_load = os.getloadavg()
                # Read before the stop: a worker's exit logs a traceback (SystemExit) of its own.
                during = log_path.read_bytes()[log_mark:]
            finally:
                server.stop([process])
        tracebacks = _tracebacks(during.decode(errors="replace"))
        served = _served(during)

    queries = _query_counts(pages, {FUNDER: data["agent"], DIRECTOR: data["director"]})

    answered = sum(len(p.times) for p in pages)
    errors = sum(sum(p.errors.values()) for p in pages)
    print()
    print(
        f"PostgreSQL {version}, Python {platform.python_version()}, {os.cpu_count()} cœurs ; "
        f"gunicorn {args.workers} processus, DATABASE_CONN_MAX_AGE={args.conn_max_age} ; "
        f"{args.rate:g} requêtes/s visées pendant {args.seconds:g} s ({driven['sent']} requêtes, "
        f"{len(pages)} pages à tour de rôle) ; charge moyenne (1, 5, 15 min) au début : "
        + " / ".join(f"{x:.2f}" for x in load_start)
        + ", au début de la charge : "
        + " / ".join(f"{x:.2f}" for x in run_load)
        + "."
    )
    print()
    print(
        "| page | requêtes SQL | réponses | erreurs | p50 (ms) | p95 (ms) | max (ms) "
        "| dans Django p50 (ms) | dans Django p95 (ms) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for page in pages:
        inside = served.get((page.view, page.role), [])
        detail = ", ".join(f"{k} × {v}" for k, v in sorted(page.errors.items()))
        print(
            f"| {page.label} | {queries[page.label]} | {len(page.times)} "
            f"| {sum(page.errors.values())}{f' ({detail})' if detail else ''} "
            f"| {statistics.median(page.times):.1f} | {_percentile(page.times, 95):.1f} "
            f"| {max(page.times):.1f} | {_cell(inside, statistics.median)} "
            f"| {_cell(inside, lambda v: _percentile(v, 95))} |"
        )
    every = [t for p in pages for t in p.times]
    inside = [t for p in pages for t in served.get((p.view, p.role), [])]
    print(
        f"| toutes | — | {answered} | {errors} | {statistics.median(every):.1f} "
        f"| {_percentile(every, 95):.1f} | {max(every):.1f} | {_cell(inside, statistics.median)} "
        f"| {_cell(inside, lambda v: _percentile(v, 95))} |"
    )
    print()
    achieved = answered / driven["elapsed"] if driven["elapsed"] > 0 else 0.0
    slowest = max(pages, key=lambda p: _percentile(p.times, 95))
    worst = _percentile(slowest.times, 95)
    verdict = "atteint" if worst < 100 and errors == 0 else "NON atteint"
    print(
        f"Débit obtenu : {achieved:.1f} réponses/s ({answered} en {driven['elapsed']:.1f} s) ; "
        f"envois partis en retard : {driven['late_dispatch']} "
        f"(au plus {driven['max_late_dispatch']:.0f} ms) ; erreurs : {errors} ; "
        f"tracebacks dans le journal de gunicorn : {len(tracebacks)}"
        + (f" ({', '.join(sorted(set(tracebacks)))})" if tracebacks else "")
        + "."
    )
    print(
        f"p95 le plus lent : {worst:.1f} ms ({slowest.label}) ; objectif p95 < 100 ms "
        f"sans erreur : {verdict}."
    )
    heaviest = max(pages, key=lambda p: _percentile(served.get((p.view, p.role)) or [0], 95))
    print(
        f"Page la plus lente dans Django : {heaviest.label}, p95 "
        f"{_cell(served.get((heaviest.view, heaviest.role), []), lambda v: _percentile(v, 95))} ms, "
        f"{queries[heaviest.label]} requêtes SQL."
    )
    print("Charge moyenne à la fin : " + " / ".join(f"{x:.2f}" for x in end_load) + ".")
    return 0


if __name__ == "__main__":
    main()
