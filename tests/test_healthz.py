"""/healthz (issue 12, « Operable »): the database, the document storage and the task worker,
without sign-in and without personal data."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DatabaseError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reperes.core.tasks import worker_heartbeat


@pytest.fixture(autouse=True)
def database_queue(settings):
    """The production queue (the test settings run tasks immediately, with no worker)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


# The worker (db_worker) closes its database connection after a task: the tests that run it
# commit their writes (transactional_db) instead of holding them in the test's transaction.


def _get(client):
    response = client.get("/healthz")
    return response.status_code, response.json()


def _age(**delta):
    """Moves every task of the queue back in time, as if it had been enqueued (and run) then."""
    moved = timezone.now() - timedelta(**delta)
    DBTaskResult.objects.update(enqueued_at=moved)
    DBTaskResult.objects.exclude(started_at=None).update(started_at=moved, finished_at=moved)


@pytest.mark.usefixtures("db")
def test_all_ok_without_sign_in(client):
    status, body = _get(client)
    assert status == 200
    assert (body["status"], body["database"], body["storage"]) == ("ok", "ok", "ok")
    # Nothing waited yet: the heartbeat just enqueued is not late, no worker has been seen.
    assert body["worker"] == {
        "status": "ok",
        "last_seen_seconds": None,
        "oldest_waiting_seconds": 0,
    }
    assert DBTaskResult.objects.filter(task_path=worker_heartbeat.module_path).count() == 1


@pytest.mark.usefixtures("db")
def test_the_storage_probe_leaves_nothing_behind(client):
    _get(client)
    assert default_storage.listdir("healthz")[1] == []


@pytest.mark.usefixtures("db")
def test_answers_503_when_the_database_is_down(client):
    with mock.patch("reperes.core.health.connection.cursor", side_effect=DatabaseError("down")):
        status, body = _get(client)
    assert status == 503
    assert (body["status"], body["database"], body["worker"]) == (
        "error",
        "unreachable",
        {"status": "unknown"},
    )


@pytest.mark.parametrize("failure", ["save", "open", "delete"])
@pytest.mark.usefixtures("db")
def test_answers_503_when_the_storage_fails(client, failure):
    with mock.patch.object(default_storage, failure, side_effect=OSError("disque plein")):
        status, body = _get(client)
    assert status == 503
    assert (body["status"], body["database"], body["storage"]) == ("error", "ok", "error")


@pytest.mark.usefixtures("db")
def test_answers_503_when_the_storage_gives_back_other_content(client):
    from django.core.files.base import ContentFile

    with mock.patch.object(default_storage, "open", return_value=ContentFile(b"autre chose")):
        status, body = _get(client)
    assert (status, body["storage"]) == (503, "error")


@pytest.mark.usefixtures("transactional_db")
def test_a_worker_that_runs_the_heartbeat_is_ok(client):
    _get(client)
    call_command("db_worker", "--batch", "--no-startup-delay", "--worker-id", "test-worker")
    _age(seconds=30)
    status, body = _get(client)
    assert (status, body["status"], body["worker"]["status"]) == (200, "ok", "ok")
    assert 30 <= body["worker"]["last_seen_seconds"] <= 40
    assert body["worker"]["oldest_waiting_seconds"] in (None, 0)


@pytest.mark.usefixtures("db")
def test_no_worker_is_absent_once_a_task_waited_too_long(client, settings):
    settings.REPERES_WORKER_LATE_SECONDS = 300
    _get(client)
    _age(seconds=299)
    assert _get(client)[1]["worker"]["status"] == "ok"
    _age(seconds=301)
    status, body = _get(client)
    # Reported, but the pages are served without a worker: not a failure of the instance.
    assert (status, body["status"]) == (200, "degraded")
    assert body["worker"]["status"] == "absent"
    assert body["worker"]["last_seen_seconds"] is None
    assert body["worker"]["oldest_waiting_seconds"] >= 301
    # Waiting for a worker, one heartbeat is enough: no new one while it waits.
    assert DBTaskResult.objects.filter(task_path=worker_heartbeat.module_path).count() == 1


@pytest.mark.usefixtures("transactional_db")
def test_a_worker_alive_but_behind_is_late(client, settings):
    settings.REPERES_WORKER_LATE_SECONDS = 300
    _get(client)
    call_command("db_worker", "--batch", "--no-startup-delay", "--worker-id", "test-worker")
    _age(seconds=100)  # ran a task 100 s ago…
    worker_heartbeat.enqueue()
    DBTaskResult.objects.filter(status="READY").update(
        enqueued_at=timezone.now() - timedelta(seconds=400)  # …and one has waited 400 s
    )
    status, body = _get(client)
    assert (status, body["status"], body["worker"]["status"]) == (200, "degraded", "late")
    assert 100 <= body["worker"]["last_seen_seconds"] < 110
    # Silent for longer than the delay: no longer late but absent.
    DBTaskResult.objects.exclude(started_at=None).update(
        started_at=timezone.now() - timedelta(seconds=350),
        finished_at=timezone.now() - timedelta(seconds=350),
    )
    assert _get(client)[1]["worker"]["status"] == "absent"


@pytest.mark.usefixtures("transactional_db")
def test_heartbeats_are_enqueued_at_most_once_a_minute_and_pruned(client):
    for _ in range(3):
        _get(client)
        call_command("db_worker", "--batch", "--no-startup-delay")
    assert DBTaskResult.objects.count() == 1  # one a minute, however often /healthz is polled
    _age(minutes=61)
    _get(client)  # a new one, and the finished one older than an hour is deleted
    assert DBTaskResult.objects.count() == 1
    assert DBTaskResult.objects.get().status == "READY"


@pytest.mark.usefixtures("db")
def test_without_a_queue_there_is_no_worker_to_check(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    status, body = _get(client)
    assert (status, body["status"], body["worker"]) == (200, "ok", {"status": "not-used"})
    assert not DBTaskResult.objects.exists()


def test_healthz_holds_no_personal_data(client, world):
    from tests.fieldwork.factories import YouthFactory

    youth = YouthFactory(service=world["services"]["a"], with_identity=True)
    text = client.get("/healthz").content.decode()
    for value in (youth.last_name, youth.first_name, youth.pseudonym, str(youth.public_id)):
        assert value not in text
    assert set(client.get("/healthz").json()) == {"status", "database", "storage", "worker"}
