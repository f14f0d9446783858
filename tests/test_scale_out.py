"""A deployment that scales out (issue 12): two application instances (gunicorn, production
settings) on two ports over the same PostgreSQL database and the same Redis, and a task worker
as a third process. What is started through one instance is seen through the other: the
session of a sign-in, an uploaded document, a task waiting for the worker.

Runs when the tests run on PostgreSQL (``make test``'s second pass) and Redis answers on
``REPERES_TEST_REDIS_URL`` (redis://127.0.0.1:6379/0 by default); skipped otherwise."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse

from tests.gunicorn_server import (
    HOST,
    Instance,
    free_port,
    keep,
    sign_in,
    start,
    stop,
    wait_until_up,
)
from tests.gunicorn_server import csrf as _csrf
from tests.test_platform import production_probe

REDIS_URL = os.environ.get("REPERES_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PASSWORD = "un-mot-de-passe-assez-long"
PDF = b"%PDF-1.4 convention signee, deposee par la premiere instance\n%%EOF\n"


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"Redis injoignable ({REDIS_URL})")
    return client


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def deployment(transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("deux instances partagent une base PostgreSQL (seconde passe de make test)")
    cache = _redis()
    prefix = f"reperes-test-{secrets.token_hex(4)}"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "tests.scale_out_settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "REPERES_CACHE_PREFIX": prefix,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "REPERES_DEMO": "0",
        "REPERES_FIELD_KEYS": ",".join(settings.REPERES_FIELD_KEYS),
        "REPERES_BLIND_INDEX_KEY": settings.REPERES_BLIND_INDEX_KEY,
        "REPERES_PRIVATE_MEDIA_ROOT": str(tmp_path / "documents"),
        "REPERES_VAR_DIR": str(tmp_path / "var"),
    }
    base_dir = Path(settings.BASE_DIR)
    ports = [free_port(), free_port()]
    logs = [open(tmp_path / f"gunicorn-{port}.log", "wb") for port in ports]  # noqa: SIM115
    processes = [
        start(port, env, cwd=base_dir, log=log) for port, log in zip(ports, logs, strict=True)
    ]
    instances = [Instance(port) for port in ports]
    try:
        deadline = time.monotonic() + 40
        for instance, process in zip(instances, processes, strict=True):
            wait_until_up(instance, process, tmp_path / f"gunicorn-{instance.port}.log", deadline)
        yield {
            "instances": instances,
            "env": env,
            "base_dir": base_dir,
            "redis": cache,
            "prefix": prefix,
        }
    finally:
        stop(processes)
        for log in logs:
            log.close()
        keys = list(cache.scan_iter(f"{prefix}*"))
        if keys:
            cache.delete(*keys)


def _heartbeats() -> list[str]:
    from django_tasks_db.models import DBTaskResult

    from reperes.core.tasks import worker_heartbeat

    return list(
        DBTaskResult.objects.filter(task_path=worker_heartbeat.module_path).values_list(
            "status", flat=True
        )
    )


def test_two_instances_share_sessions_documents_and_tasks(deployment, world):
    one, two = deployment["instances"]
    agent = world["users"]["departement_agent"]
    hasher = PBKDF2PasswordHasher()  # production's hashers (the tests' MD5 is not among them)
    type(agent).objects.filter(pk=agent.pk).update(password=hasher.encode(PASSWORD, hasher.salt()))
    convention = world["conventions"]["a"]

    # A session opened through one instance is a session on the other, read from Redis.
    anonymous = two.get(reverse("conventions:list"), {})
    assert anonymous.status_code == 302
    assert reverse("accounts:login") in anonymous.headers["Location"]
    cookies = sign_in(one, agent.email, PASSWORD)
    assert "__Host-sessionid" in cookies
    listing = two.get(reverse("conventions:list"), cookies)
    assert listing.status_code == 200
    assert convention.title in listing.text
    session_keys = list(deployment["redis"].scan_iter(f"{deployment['prefix']}*session*"))
    assert session_keys, "the session is not in Redis"

    # A document uploaded through one instance is downloaded through the other.
    upload_url = reverse("conventions:upload", kwargs={"pk": convention.pk})
    form = one.get(upload_url, cookies)
    assert form.status_code == 200
    keep(cookies, form)
    uploaded = one.post(
        upload_url,
        cookies,
        data={"csrfmiddlewaretoken": _csrf(form.text)},
        files={"document": ("signee.pdf", PDF, "application/pdf")},
    )
    assert uploaded.status_code == 302, uploaded.text[:500]
    download = two.get(reverse("conventions:document", kwargs={"pk": convention.pk}), cookies)
    assert download.status_code == 200
    assert download.content == PDF

    # A task enqueued through one instance (the health check's heartbeat for the worker) is
    # seen waiting through the other, which enqueues no second one; a worker started apart
    # runs it, and the other instance sees it done.
    assert _heartbeats() == []
    assert one.get("/healthz", {}).json()["worker"]["oldest_waiting_seconds"] is not None
    assert _heartbeats() == ["READY"]
    seen = two.get("/healthz", {}).json()["worker"]
    assert seen["oldest_waiting_seconds"] is not None
    assert seen["last_seen_seconds"] is None
    assert _heartbeats() == ["READY"]
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=deployment["base_dir"],
        env=deployment["env"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert _heartbeats() == ["SUCCESSFUL"]
    done = two.get("/healthz", {}).json()["worker"]
    assert done["status"] == "ok"
    assert done["oldest_waiting_seconds"] is None
    assert done["last_seen_seconds"] is not None


_SETTINGS_PROBE = """
import json, django
from django.conf import settings
django.setup()
from django.core.cache import caches
from django.core.files.storage import default_storage
default_storage._setup()
storage = default_storage._wrapped
print(json.dumps({
    "storage": type(storage).__name__,
    "bucket": getattr(storage, "bucket_name", None),
    "endpoint": getattr(storage, "endpoint_url", None),
    "acl": getattr(storage, "default_acl", None),
    "overwrite": getattr(storage, "file_overwrite", None),
    "location": str(getattr(storage, "location", "")),
    "cache": type(caches["default"]).__name__,
    "session": settings.SESSION_ENGINE,
}))
"""


def _production_settings(tmp_path, **extra: str) -> dict:
    return production_probe(
        tmp_path,
        _SETTINGS_PROBE,
        REPERES_PRIVATE_MEDIA_ROOT=str(tmp_path / "documents"),
        **extra,
    )


def test_documents_cache_and_sessions_follow_the_environment(tmp_path):
    alone = _production_settings(tmp_path)
    assert alone["storage"] == "FileSystemStorage"
    assert alone["location"] == str(tmp_path / "documents")
    assert alone["cache"] == "LocMemCache"
    assert alone["session"] == "django.contrib.sessions.backends.db"
    shared = _production_settings(
        tmp_path,
        REPERES_S3_BUCKET="documents-reperes",
        REPERES_S3_ENDPOINT_URL="https://s3.exemple.test",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert shared["storage"] == "S3Storage"
    assert shared["bucket"] == "documents-reperes"
    assert shared["endpoint"] == "https://s3.exemple.test"
    # Private objects, never overwritten: a second upload of the same name gets its own key.
    assert shared["acl"] == "private"
    assert shared["overwrite"] is False
    assert shared["cache"] == "RedisCache"
    assert shared["session"] == "django.contrib.sessions.backends.cached_db"
