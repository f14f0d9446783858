"""Platform-level guarantees: health check, accounts security, production settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory


@pytest.mark.usefixtures("db")
def test_login_with_email(client):
    UserFactory(email="agent@exemple.test", password="un-mot-de-passe-solide")
    response = client.post(
        reverse("accounts:login"),
        {"username": "agent@exemple.test", "password": "un-mot-de-passe-solide"},
    )
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.usefixtures("db")
def test_wrong_password_message_is_french(client):
    UserFactory(email="agent@exemple.test", password="un-mot-de-passe-solide")
    response = client.post(
        reverse("accounts:login"), {"username": "agent@exemple.test", "password": "faux"}
    )
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()


@pytest.mark.usefixtures("db")
def test_lockout_after_five_failures(client):
    UserFactory(email="agent@exemple.test", password="un-mot-de-passe-solide")
    for _ in range(5):
        client.post(
            reverse("accounts:login"), {"username": "agent@exemple.test", "password": "faux"}
        )
    response = client.post(
        reverse("accounts:login"),
        {"username": "agent@exemple.test", "password": "un-mot-de-passe-solide"},
    )
    assert response.status_code == 429
    assert "bloqué" in response.content.decode()


@pytest.mark.usefixtures("db")
def test_session_idle_timeout_and_absolute_lifetime(client, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # Renewed at most once a minute, not written at every request (tests/test_serving.py).
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("core:home")).status_code == 200
    session = client.session
    session["reperes_login_at"] = 0  # logged in at the epoch: far beyond 12 hours
    session.save()
    response = client.get(reverse("core:home"))
    assert response.status_code == 302


def test_passwords_are_hashed_with_argon2_outside_tests():
    from reperes.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.usefixtures("db")
def test_csp_has_no_unsafe_inline(client):
    client.force_login(UserFactory())
    header = client.get(reverse("core:home"))["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "script-src 'self'" in header


@pytest.mark.usefixtures("db")
def test_demo_account_cannot_sign_in_when_demo_is_forbidden(client, settings):
    settings.DEMO_ALLOWED = False
    UserFactory(email="demo@exemple.test", password="un-mot-de-passe-solide", is_demo=True)
    client.post(
        reverse("accounts:login"),
        {"username": "demo@exemple.test", "password": "un-mot-de-passe-solide"},
    )
    assert client.get(reverse("core:home")).status_code == 302


@pytest.mark.usefixtures("db")
def test_demo_accounts_fail_the_deploy_check(settings):
    from reperes.accounts.checks import no_demo_accounts_in_production

    UserFactory(is_demo=True)
    settings.DEMO_ALLOWED = True
    assert no_demo_accounts_in_production() == []
    settings.DEMO_ALLOWED = False
    assert [e.id for e in no_demo_accounts_in_production()] == ["reperes.E001"]


def _run_manage(*args: str, env: dict[str, str | None]) -> subprocess.CompletedProcess[str]:
    """``manage.py`` in a process of its own; a variable given as ``None`` is left unset."""
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    merged = {**base, **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        capture_output=True,
        text=True,
        env={k: v for k, v in merged.items() if v is not None},
        timeout=120,
        check=False,
    )


PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "reperes.settings.production",
    "SECRET_KEY": "x" * 20 + "une-clé-de-production-suffisamment-longue-et-aléatoire-0123456789",
    "ALLOWED_HOSTS": "reperes.example.org",
    "REPERES_DEMO": "0",
    "REPERES_FIELD_KEYS": "Wm0zQ2ZkUnVhQnlwVGVzdEtleU9uZS0wMTIzNDU2Nzg=",
    "REPERES_BLIND_INDEX_KEY": "une-clé-d-index-aveugle-de-production-assez-longue",
}


def production_probe(tmp_path, script: str, *args: str, **env: str) -> dict:
    """``script`` run by Python in a process of its own under the production settings, on a
    SQLite file in ``tmp_path`` and without the S3 or Redis of the machine's environment;
    the last line it prints, read as JSON."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("REPERES_S3_", "REDIS_URL", "DJANGO_ALLOW_ASYNC"))
    }
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=settings.BASE_DIR,
        env={
            **base,
            **PROD_ENV,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            **env,
        },
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {**PROD_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}"}
    migrate = _run_manage("migrate", "--noinput", env=env)
    assert migrate.returncode == 0, migrate.stderr
    result = _run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("override", "named"),
    [
        ({"SECRET_KEY": "dev-only-insecure-key-change-me"}, "SECRET_KEY"),
        ({"SECRET_KEY": "court"}, "SECRET_KEY"),
        ({"REPERES_DEMO": "1"}, "REPERES_DEMO"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"REPERES_FIELD_KEYS": ""}, "REPERES_FIELD_KEYS"),
        ({"REPERES_BLIND_INDEX_KEY": "court"}, "REPERES_BLIND_INDEX_KEY"),
        # Without a database named, production would write to a SQLite file in the checkout.
        ({"DATABASE_URL": None}, "DATABASE_URL"),
        ({"DATABASE_URL": ""}, "DATABASE_URL"),
        # An empty folder for the private documents would be the current directory.
        ({"REPERES_PRIVATE_MEDIA_ROOT": ""}, "REPERES_PRIVATE_MEDIA_ROOT"),
    ],
)
def test_production_refuses_to_start_with_defaults(tmp_path, override, named):
    env = {**PROD_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}", **override}
    result = _run_manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr.strip().splitlines()[-1]


def test_an_empty_private_media_root_is_refused_everywhere():
    """Not only in production: development and test settings refuse it too."""
    result = _run_manage(
        "check",
        env={"DJANGO_SETTINGS_MODULE": "reperes.settings.dev", "REPERES_PRIVATE_MEDIA_ROOT": " "},
    )
    assert result.returncode != 0
    assert "REPERES_PRIVATE_MEDIA_ROOT" in result.stderr.strip().splitlines()[-1]


@pytest.mark.usefixtures("db")
def test_api_token_authentication(client):
    from reperes.core.models import AuditEntry

    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"action": "create", "name": "Script"})
    key = response.context["new_key"]
    assert AuditEntry.objects.filter(action="account.api_token").count() == 1
    anonymous = client.__class__()
    assert anonymous.get("/api/v1/conventions/").status_code == 401
    ok = anonymous.get("/api/v1/conventions/", HTTP_AUTHORIZATION=f"Token {key}")
    assert ok.status_code == 200
    token = user.api_tokens.get()  # revoking the token ends it (tests/accounts/test_tokens.py)
    client.post(reverse("accounts:token_revoke", kwargs={"pk": token.pk}))
    assert (
        anonymous.get("/api/v1/conventions/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    )


@pytest.mark.usefixtures("db")
def test_openapi_schema(client):
    client.force_login(UserFactory())
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/conventions/{id}/" in schema["paths"]
    assert "ComputedDates" in schema["components"]["schemas"]
