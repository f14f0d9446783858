"""What ``/healthz`` checks: the database, the document storage and the task worker.

No check reads or returns personal data: a ``SELECT 1``, a probe file of a few bytes written,
read back and deleted through the storage documents use (local disk or object storage), and
the times the task queue's table records.

The worker. django-tasks-db keeps no heartbeat table: a worker's only traces are the start and
end times of the tasks it ran. So each check enqueues a no-op task (``worker_heartbeat``, at
most one waiting and one a minute), and the worker is:

- ``ok`` when no task due has waited more than ``REPERES_WORKER_LATE_SECONDS`` (300);
- ``late`` when one has, but a worker started or finished a task within that delay (alive,
  behind: long PDFs, or too few workers);
- ``absent`` when one has and no worker showed a sign of life within that delay (or ever).

A late or absent worker does not fail the health check (HTTP 200, ``"status": "degraded"``): the
pages are served without it, only the PDF and spreadsheet files wait, and restarting the
application instances would not bring a worker back. Watch ``worker.status`` separately.
"""

from __future__ import annotations

import contextlib
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.db.models import Case, F, Max, Min, When
from django.db.models.functions import Greatest
from django.utils import timezone

PROBE_DIR = "healthz"
PROBE_CONTENT = b"reperes-healthz"
HEARTBEAT_EVERY = timedelta(minutes=1)
HEARTBEAT_KEPT = timedelta(hours=1)


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unreachable"
    return "ok"


def check_storage() -> str:
    """Write, read back and delete a small file where the documents are kept."""
    name = ""
    try:
        name = default_storage.save(
            f"{PROBE_DIR}/{uuid.uuid4().hex}.txt", ContentFile(PROBE_CONTENT)
        )
        with default_storage.open(name, "rb") as probe:
            if probe.read() != PROBE_CONTENT:
                return "error"
        default_storage.delete(name)
        name = ""
    except Exception:  # noqa: BLE001 — any storage failure (disk, permissions, S3) is a failure
        return "error"
    finally:
        if name:
            with contextlib.suppress(Exception):  # already reported as an error
                default_storage.delete(name)
    return "ok"


def _age(now: datetime, moment: datetime | None) -> int | None:
    return None if moment is None else max(0, int((now - moment).total_seconds()))


def check_worker(now: datetime | None = None) -> dict[str, Any]:
    """The worker's state, with the age in seconds of its last sign of life and of the oldest
    task waiting for it."""
    from django_tasks import TaskResultStatus, task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult, get_date_max

    from reperes.core.tasks import worker_heartbeat

    if not isinstance(task_backends["default"], DatabaseBackend):
        return {"status": "not-used"}
    now = now or timezone.now()
    late = timedelta(seconds=settings.REPERES_WORKER_LATE_SECONDS)
    results = DBTaskResult.objects.all()
    heartbeats = results.filter(task_path=worker_heartbeat.module_path)
    waiting_heartbeat = heartbeats.filter(status=TaskResultStatus.READY).exists()
    recent = heartbeats.filter(enqueued_at__gt=now - HEARTBEAT_EVERY).exists()
    if not waiting_heartbeat and not recent:
        heartbeats.exclude(status=TaskResultStatus.READY).filter(
            enqueued_at__lt=now - HEARTBEAT_KEPT
        ).delete()
        worker_heartbeat.enqueue()
    signs = results.aggregate(started=Max("started_at"), finished=Max("finished_at"))
    last_seen = max((t for t in signs.values() if t is not None), default=None)
    # A deferred task is waited for from the time it was due, not from its enqueuing.
    due_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest("enqueued_at", "run_after"),
    )
    oldest = results.ready().aggregate(oldest=Min(due_since))["oldest"]
    waited = _age(now, oldest)
    seen = _age(now, last_seen)
    if waited is None or waited <= late.total_seconds():
        status = "ok"
    elif seen is not None and seen <= late.total_seconds():
        status = "late"
    else:
        status = "absent"
    return {"status": status, "last_seen_seconds": seen, "oldest_waiting_seconds": waited}


def report() -> tuple[dict[str, Any], int]:
    """The health report and its HTTP status: 503 when the database or the storage fails."""
    database = check_database()
    storage = check_storage()
    body: dict[str, Any] = {"database": database, "storage": storage}
    if database == "ok":
        try:
            body["worker"] = check_worker()
        except DatabaseError:
            body["worker"] = {"status": "unknown"}
    else:
        body["worker"] = {"status": "unknown"}
    if database != "ok" or storage != "ok":
        return {"status": "error", **body}, 503
    healthy = body["worker"]["status"] in {"ok", "not-used"}
    return {"status": "ok" if healthy else "degraded", **body}, 200
