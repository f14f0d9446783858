"""A funder opening a published report (issue 12): response times, SQL queries and calls to
the statistical-secrecy layer per request, for the page, the PDF and the spreadsheet.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reperes_bench_pub \\
        .venv/bin/python benchmarks/publication_view.py

Creates the database named in DATABASE_URL (dropped first if it exists; refused for « reperes »
and « test_* »), migrates it and loads the demo (``load_demo``: its services publish their
reports, the Longwy annual review twice). ``--reuse`` measures a database already loaded (kept
by ``--keep``) without recreating it. Settings: ``benchmarks/bench_settings.py`` (the test
settings with the production task queue, the database one).

Starts from cold: every file of a publication and every queued task is erased, then
``--task-workers`` task workers (2) are started (``manage.py db_worker``, other processes,
same database and files; each claims a task with ``SELECT … FOR UPDATE SKIP LOCKED``).

1. Signed in with the Django test client as the agent of the Département de Meurthe-et-Moselle
   (a funder of the Longwy service), reads the latest publication of the Longwy annual review:
   the page, then its PDF and XLSX once the worker has made them (stored files), ``--repeat``
   times each after ``--warmup``. For one request of each, the SQL queries are counted
   (``CaptureQueriesContext``) and so are the calls to ``scipy.optimize.linprog`` and to the
   secrecy rules (``reperes.rules.secrecy.publish``, ``secrecy_joint.protect_jointly``), by
   wrapping them: a published report must be read as stored, never suppressed again.
2. ``--users`` agents (4) ask at the same moment, from as many threads, for the PDF of a
   publication whose file is not made yet — first of 4 different versions, then all of the
   same one — ``--rounds`` times: how long each request takes to answer (the progress page),
   and how long until the status endpoint says « Prêt » (polled every 0.2 s).

Times include the whole Django stack in-process (middleware, view, template) and PostgreSQL,
not the network nor a web server.
The database is dropped at the end unless ``--keep`` or ``--reuse``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from contextlib import contextmanager
from typing import Any

# benchmarks/ is sys.path[0] when this file runs as a script.
from fieldwork_lists import (
    DEFAULT_URL,
    REPORTS_SERVED,
    _in_database,
    _measure,
    _parser,
    _start_django,
)

DEFAULT_URL = DEFAULT_URL + "_pub"
FUNDER = "agent.meurthe-et-moselle@demo.reperes.example"
MODEL = "bilan-annuel"


@contextmanager
def counting() -> Any:
    """Count the calls to linprog and to the secrecy rules while the block runs."""
    import scipy.optimize

    from reperes.rules import secrecy, secrecy_joint

    counts = {"linprog": 0, "secrecy": 0}
    saved = (scipy.optimize.linprog, secrecy.publish, secrecy_joint.protect_jointly)

    def wrap(fn: Any, name: str) -> Any:
        def counted(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return fn(*args, **kwargs)

        return counted

    scipy.optimize.linprog = wrap(saved[0], "linprog")
    secrecy.publish = wrap(saved[1], "secrecy")
    secrecy_joint.protect_jointly = wrap(saved[2], "secrecy")
    try:
        yield counts
    finally:
        scipy.optimize.linprog, secrecy.publish, secrecy_joint.protect_jointly = saved


def measure(client: Any, url: str, *, warmup: int, repeat: int) -> dict[str, Any]:
    """``_measure``, with the calls to linprog and to the secrecy rules of the counted request,
    and the size and type of the file answered."""
    result = _measure(client, url, warmup=warmup, repeat=repeat, watch=counting)
    response, counts = result.pop("response"), result.pop("watched")
    return {
        **result,
        "linprog": counts["linprog"],
        "secrecy": counts["secrecy"],
        "bytes": len(response.content),
        "type": response["Content-Type"].split(";")[0],
    }


def main() -> None:
    parser = _parser(__doc__, repeat=50, warmup=5)
    parser.add_argument("--reuse", action="store_true", help="base déjà chargée (--keep)")
    parser.add_argument("--users", type=int, default=4, help="demandes simultanées de PDF")
    parser.add_argument("--rounds", type=int, default=3, help="tours de demandes simultanées")
    parser.add_argument(
        "--task-workers", type=int, default=2, help="processus db_worker (un par cœur)"
    )
    args = parser.parse_args()

    _in_database(
        DEFAULT_URL, lambda: _run(args), keep=args.keep, reuse=args.reuse, **REPORTS_SERVED
    )


def load(reuse: bool) -> None:
    """Django set up, the database migrated and the demo loaded (unless ``reuse``)."""
    _start_django(migrate=False)  # migrated below, within the time of the demo's loading
    from django.core.management import call_command

    if not reuse:
        start = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"# démonstration chargée en {time.perf_counter() - start:.1f} s")


def _run(args: argparse.Namespace) -> None:
    load(args.reuse)
    import logging

    from django.db import connection
    from django.test import Client

    from reperes.accounts.models import User
    from reperes.reporting.models import Publication

    logging.disable(logging.WARNING)  # one line per request otherwise
    longwy = Publication.objects.filter(service__name__contains="Longwy")
    publication = longwy.filter(model_key=MODEL).order_by("-period_end", "-version").first()
    if publication is None:
        raise SystemExit("Aucune publication du bilan annuel de Longwy dans la démonstration.")
    funder = User.objects.get(email=FUNDER)
    client = Client()
    client.force_login(funder)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(
        f"PostgreSQL {version}, Python {platform.python_version()}, {os.cpu_count()} cœurs, "
        f"charge moyenne au début : {os.getloadavg()[0]:.1f} ; {args.repeat} requêtes mesurées "
        f"après {args.warmup} d'échauffement ; publication {publication.pk} "
        f"({publication.model_key} {publication.period_key} v{publication.version}), "
        f"lue par {FUNDER}."
    )
    # A cold start: no file made, nothing queued (the demo's publications queued theirs).
    from django_tasks_db.models import DBTaskResult

    from reperes.reporting.models import PublicationFile

    DBTaskResult.objects.all().delete()
    PublicationFile.objects.all().delete()
    workers = [_start_worker() for _ in range(args.task_workers)]
    print(f"{args.task_workers} processus db_worker.")
    try:
        others = list(longwy.exclude(pk=publication.pk).order_by("-pk"))
        warm = _wait_ready(client, others[0], "pdf")
        print(f"Worker démarré, premier PDF (échauffement) prêt en {warm:.1f} s.")
        _measure_reads(client, publication, args)
        _measure_concurrent(funder, list(longwy.order_by("pk")), publication, args)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    print()
    print(f"Charge moyenne à la fin : {os.getloadavg()[0]:.1f}.")


def _query(publication: Any) -> str:
    return (
        f"?modele={publication.model_key}&periode={publication.period_key}"
        f"&version={publication.version}"
    )


def _start_worker() -> Any:
    """A task worker (``manage.py db_worker``), another process, same database and files;
    several claim tasks from the same queue without taking one twice (the database backend
    locks the row it claims), as on several machines."""
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(root / "benchmarks"), str(root)]),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.1"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_ready(
    client: Any, publication: Any, file_format: str, *, ask: bool = True, timeout: float = 120
) -> float:
    """Ask for the file (unless already asked), then its status every 0.2 s until it is
    ready: seconds waited."""
    from django.urls import reverse

    start = time.perf_counter()
    name = {"pdf": "reporting:report_pdf", "xlsx": "reporting:report_xlsx"}[file_format]
    if ask:
        client.get(reverse(name, kwargs={"pk": publication.service_id}) + _query(publication))
    status = (
        reverse("reporting:report_file", kwargs={"pk": publication.service_id})
        + _query(publication)
        + f"&format={file_format}"
    )
    while time.perf_counter() - start < timeout:
        text = client.get(status).content.decode()
        if "Prêt" in text:
            return time.perf_counter() - start
        if "Échec" in text:
            raise SystemExit(f"Fichier {file_format} en échec : {text}")
        time.sleep(0.2)
    raise SystemExit(f"Fichier {file_format} pas prêt après {timeout} s")


def _measure_reads(client: Any, publication: Any, args: argparse.Namespace) -> None:
    from django.urls import reverse

    from reperes.reporting.models import PublicationFile

    PublicationFile.objects.filter(publication=publication).delete()
    made = {fmt: _wait_ready(client, publication, fmt) for fmt in ("pdf", "xlsx")}
    print(
        f"Fichiers de la publication faits par le worker : PDF prêt en {made['pdf']:.1f} s, "
        f"XLSX en {made['xlsx']:.1f} s (demandés l'un après l'autre, aucune autre demande)."
    )
    print()
    print(
        "| demande | réponse | requêtes SQL | appels au secret | appels à linprog "
        "| p50 (ms) | p95 (ms) | max (ms) | CPU Python p50 (ms) |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, name in (
        ("page", "reporting:report"),
        ("PDF (fichier gardé)", "reporting:report_pdf"),
        ("XLSX (fichier gardé)", "reporting:report_xlsx"),
    ):
        address = reverse(name, kwargs={"pk": publication.service_id}) + _query(publication)
        result = measure(client, address, warmup=args.warmup, repeat=args.repeat)
        print(
            f"| {label} | {result['type']}, {result['bytes']} o | {result['queries']} "
            f"| {result['secrecy']} | {result['linprog']} | {result['p50']:.1f} "
            f"| {result['p95']:.1f} | {result['max']:.1f} | {result['cpu']:.1f} |"
        )


def _measure_concurrent(
    funder: Any, publications: list[Any], one: Any, args: argparse.Namespace
) -> None:
    """``--users`` funder agents ask at the same moment for a PDF not made yet — of as many
    publication versions, then all of the same one — with one worker: how long each request
    takes to answer, and how long until each file is ready."""
    from django.test import Client

    from reperes.reporting.models import PublicationFile

    if len(publications) < args.users:
        raise SystemExit(f"{len(publications)} publications seulement pour {args.users} demandes.")
    clients = []
    for _ in range(args.users):
        client = Client()
        client.force_login(funder)
        clients.append(client)
    print()
    print(
        f"{args.users} demandes simultanées du PDF d'une publication dont le fichier n'est pas "
        f"encore fait, {args.task_workers} processus db_worker ; {args.rounds} tours (fichiers "
        "effacés avant chaque tour)."
    )
    print()
    print("| cas | tour | réponse à la demande, max (ms) | fichiers prêts après, min – max (s) |")
    print("| --- | ---: | ---: | ---: |")
    worst_answer, worst_ready = 0.0, 0.0
    for case, chosen in (
        (f"{args.users} versions différentes", publications[: args.users]),
        ("la même version", [one] * args.users),
    ):
        for round_number in range(1, args.rounds + 1):
            PublicationFile.objects.filter(publication__in=chosen).delete()
            answers, ready = _round(clients, chosen)
            worst_answer = max(worst_answer, *answers)
            worst_ready = max(worst_ready, *ready)
            print(
                f"| {case} | {round_number} | {max(answers):.0f} "
                f"| {min(ready):.1f} – {max(ready):.1f} |"
            )
    print()
    print(
        f"Réponse la plus lente : {worst_answer:.0f} ms ; fichier prêt au plus tard après "
        f"{worst_ready:.1f} s (objectif : < 10 s)."
    )


def _round(clients: list[Any], chosen: list[Any]) -> tuple[list[float], list[float]]:
    """One request per client at the same moment, each for its publication's PDF: the
    milliseconds each request took to answer, and the seconds until each file was ready."""
    import threading

    from django.db import connections
    from django.urls import reverse

    barrier = threading.Barrier(len(clients))
    answers = [0.0] * len(clients)
    ready = [0.0] * len(clients)

    def user(i: int) -> None:
        publication, client = chosen[i], clients[i]
        url = reverse("reporting:report_pdf", kwargs={"pk": publication.service_id})
        barrier.wait()
        start = time.perf_counter()
        response = client.get(url + _query(publication))
        answers[i] = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise SystemExit(f"PDF : statut {response.status_code}")
        ready[i] = _wait_ready(client, publication, "pdf", ask=False) + answers[i] / 1000
        connections.close_all()

    threads = [threading.Thread(target=user, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers, ready


if __name__ == "__main__":
    sys.exit(main())
