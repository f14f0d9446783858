"""Background tasks of the platform itself (the others live with their domain)."""

from __future__ import annotations

from django_tasks import task


@task()
def worker_heartbeat() -> None:
    """Does nothing: a worker that runs it leaves its start and end times in the queue's table,
    which is how ``/healthz`` knows a worker is alive (reperes/core/health.py)."""
