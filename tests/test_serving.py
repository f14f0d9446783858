"""Issue 12, serving settings that hold: a page that changes nothing in the session does not
write it (an unchanged session is renewed at most once a minute, still closing after 30 idle
minutes), production keeps database connections open and checks them, and the hashed static
files are served as immutable for a year or more."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.demo.clock import on
from tests.factories import UserFactory
from tests.test_platform import production_probe

DAY = date(2025, 3, 12)


def _at(minutes: float):
    """The clock ``minutes`` after 10:00 on DAY (session expiry and stamps read it)."""
    instant = datetime.combine(DAY, time(10)) + timedelta(minutes=minutes)
    return on(instant.date(), instant.time())


def _row(client):
    row = Session.objects.get(session_key=client.session.session_key)
    return row.session_data, row.expire_date


def _session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]


def test_a_page_that_changes_nothing_does_not_write_the_session(client, world):
    client.force_login(world["users"]["departement_agent"])
    with _at(0):
        assert client.get(reverse("core:home")).status_code == 200  # stamps login and renewal
    before = _row(client)
    with _at(0.5), CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("core:home")).status_code == 200
        assert client.get(reverse("conventions:list")).status_code == 200
    assert _session_writes(queries.captured_queries) == []
    assert _row(client) == before


def test_an_unchanged_session_is_renewed_once_a_minute_and_closes_after_30_idle_minutes(client, db):
    client.force_login(UserFactory())
    home = reverse("core:home")
    with _at(0):
        client.get(home)
    _, expiry = _row(client)
    with _at(0.9):
        client.get(home)
    assert _row(client)[1] == expiry  # under a minute: not written
    with _at(1.0), CaptureQueriesContext(connection) as queries:
        client.get(home)
    assert _session_writes(queries.captured_queries)  # a minute: renewed
    assert _row(client)[1] == expiry + timedelta(minutes=1)
    # Active every 20 minutes: still open 60 minutes after login.
    for minutes in (20, 40, 60):
        with _at(minutes):
            assert client.get(home).status_code == 200
    # 30 idle minutes after the last renewal: closed.
    with _at(90.1):
        response = client.get(home)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


_PROBE = """
import json, django
from django.conf import settings
django.setup()
from django.core.management import call_command
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client
db = settings.DATABASES["default"]
out = {"conn_max_age": db["CONN_MAX_AGE"], "health": db["CONN_HEALTH_CHECKS"],
       "save_every_request": settings.SESSION_SAVE_EVERY_REQUEST}
if __import__("sys").argv[1:] == ["static"]:
    # The project's own files only: the storage and WhiteNoise stay production's, but
    # compressing the admin's and node_modules' files would take two minutes.
    settings.STATICFILES_DIRS = [settings.BASE_DIR / "reperes" / "static"]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client(HTTP_HOST="reperes.example.org")
    hashed = staticfiles_storage.url("css/reperes.css")
    out["hashed_url"] = hashed
    for name, url in (("hashed", hashed), ("plain", "/static/css/reperes.css")):
        response = client.get(url, secure=True, HTTP_ACCEPT_ENCODING="gzip")
        out[name] = [response.status_code, response.get("Cache-Control"),
                     response.get("Content-Encoding")]
print(json.dumps(out))
"""


def _probe(tmp_path, *args: str, **env: str) -> dict:
    return production_probe(tmp_path, _PROBE, *args, REPERES_VAR_DIR=str(tmp_path / "var"), **env)


def test_production_keeps_database_connections_and_checks_them(tmp_path):
    settings = _probe(tmp_path)
    assert settings["conn_max_age"] == 60
    assert settings["health"] is True
    assert settings["save_every_request"] is False
    # Still a setting: DATABASE_CONN_MAX_AGE=0 goes back to a connection per request.
    assert _probe(tmp_path, DATABASE_CONN_MAX_AGE="0")["conn_max_age"] == 0


def test_production_serves_hashed_static_files_as_immutable(tmp_path):
    served = _probe(tmp_path, "static")
    assert served["hashed_url"] != "/static/css/reperes.css"  # a content hash in the name
    status, cache, encoding = served["hashed"]
    assert status == 200
    assert "immutable" in cache
    assert int(cache.split("max-age=")[1].split(",")[0]) >= 365 * 24 * 3600
    assert encoding == "gzip"  # compressed once by collectstatic, not at each request
    status, cache, _ = served["plain"]
    assert status == 200
    assert "immutable" not in cache
