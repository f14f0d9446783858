"""Production smoke test (issue 12, « Operable »), run by `make test-production`.

On a fresh PostgreSQL database, with the production settings and secrets and keys generated
for the run: migrations, collectstatic, an account made by `createsuperuser`, gunicorn with two
workers and a task worker (`db_worker`) on a free port; then `/healthz` answers 200 (database,
storage, and the worker's heartbeat seen), the sign-in form signs the account in, and a
signed-in page answers 200. Everything is stopped and the database dropped at the end, even on
failure. Any failed step exits non-zero.

    .venv/bin/python scripts/smoke_production.py --database-url postgres://postgres@127.0.0.1:5432/reperes_smoke
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "reperes-smoke.test"
EMAIL = "smoke@reperes-smoke.test"


class SmokeFailure(Exception):
    pass


def step(message: str) -> None:
    print(f"[smoke] {message}", flush=True)


def admin_connection(url: str) -> Any:
    import psycopg

    return psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True, connect_timeout=3)


def database_name(url: str) -> str:
    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise SmokeFailure(f"nom de base inattendu : {name!r}")
    return name


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def static_sources_key() -> str:
    """What the collected static files depend on: the pinned Python and npm packages and the
    project's own static folder."""
    digest = hashlib.sha256()
    sources = [ROOT / "requirements.lock", ROOT / "package-lock.json"]
    sources += sorted(p for p in (ROOT / "reperes" / "static").rglob("*") if p.is_file())
    for path in sources:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def collected_static(env: dict[str, str]) -> Path:
    """collectstatic as in production (hashed names, gzip and brotli), kept in var/smoke-static/
    and done again only when its sources change: compressing costs about a minute of CPU,
    which would double the smoke test for what tests/test_serving.py already checks."""
    cache = ROOT / "var" / "smoke-static"
    key = static_sources_key()
    target = cache / key
    if not (target / "static" / "staticfiles.json").exists():
        step("collectstatic (sources changées : une fois)")
        for old in cache.glob("*"):
            shutil.rmtree(old, ignore_errors=True)
        target.mkdir(parents=True, exist_ok=True)
        run(
            [PYTHON, "manage.py", "collectstatic", "--noinput"],
            {**env, "REPERES_VAR_DIR": str(target)},
            timeout=600,
        )
    else:
        step("collectstatic : fichiers déjà rassemblés pour ces sources")
    return target / "static"


def run(args: list[str], env: dict[str, str], timeout: int = 120) -> str:
    result = subprocess.run(  # noqa: S603 — our own commands
        args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise SmokeFailure(f"{' '.join(args[:3])} a échoué :\n{result.stdout}\n{result.stderr}")
    return result.stdout


class Client:
    """Plain HTTP to gunicorn, as the TLS proxy forwards it (X-Forwarded-Proto: https); keeps
    the cookies itself, since the __Host- cookies are Secure and a cookie jar would not send
    them over plain HTTP."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: str = "", *, proxied: bool = True, **headers: str
    ) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": HOST, **headers}
        if proxied:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body or None, headers=sent)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, {k.lower(): v for k, v in response.getheaders()}, content


def wait_for_health(client: Client, deadline: float) -> dict[str, Any]:
    last = ""
    while time.monotonic() < deadline:
        try:
            status, _, body = client.request("GET", "/healthz", proxied=False)
        except OSError as exc:
            last = str(exc)
        else:
            if status == 200:
                return dict(json.loads(body))
            last = f"{status} {body}"
        time.sleep(0.3)
    raise SmokeFailure(f"/healthz n'a pas répondu 200 à temps : {last}")


def smoke(url: str, workdir: Path) -> None:
    from cryptography.fernet import Fernet

    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REPERES_"))},
        "DJANGO_SETTINGS_MODULE": "reperes.settings.production",
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "REPERES_FIELD_KEYS": Fernet.generate_key().decode(),
        "REPERES_BLIND_INDEX_KEY": secrets.token_urlsafe(48),
        "REPERES_VAR_DIR": str(workdir / "var"),
        "REPERES_PRIVATE_MEDIA_ROOT": str(workdir / "documents"),
        "DJANGO_SUPERUSER_PASSWORD": secrets.token_urlsafe(24),
        "LOG_LEVEL": "WARNING",
    }
    manage = [PYTHON, "manage.py"]
    step("migrations (réglages de production, base neuve)")
    run([*manage, "migrate", "--noinput"], env, timeout=300)
    (workdir / "var").mkdir()
    (workdir / "var" / "static").symlink_to(collected_static(env), target_is_directory=True)
    step("compte créé par createsuperuser")
    run(
        [*manage, "createsuperuser", "--noinput", "--email", EMAIL, "--full_name", "Essai fumée"],
        env,
    )
    port = free_port()
    step(f"gunicorn (2 processus) et db_worker sur le port {port}")
    logs = (workdir / "gunicorn.log").open("w")
    processes = [
        subprocess.Popen(  # noqa: S603
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "reperes.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
            ],
            env=env,
            cwd=ROOT,
            stdout=logs,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        ),
        subprocess.Popen(  # noqa: S603
            [*manage, "db_worker", "--interval", "0.5", "--no-startup-delay"],
            env=env,
            cwd=ROOT,
            stdout=logs,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        ),
    ]
    try:
        client = Client(port)
        health = wait_for_health(client, time.monotonic() + 45)
        if (health["database"], health["storage"]) != ("ok", "ok"):
            raise SmokeFailure(f"/healthz : {health}")
        step(f"/healthz 200 : {health}")
        # The heartbeat enqueued by the first call is run by the worker within seconds.
        deadline = time.monotonic() + 30
        while health["worker"].get("last_seen_seconds") is None:
            if time.monotonic() > deadline:
                raise SmokeFailure(f"le processus des tâches ne donne pas signe de vie : {health}")
            time.sleep(0.5)
            health = wait_for_health(client, deadline)
        step(f"processus des tâches vu : {health['worker']}")
        status, _, page = client.request("GET", "/compte/connexion/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise SmokeFailure(f"page de connexion : {status}")
        from urllib.parse import urlencode

        form = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "username": EMAIL,
                "password": env["DJANGO_SUPERUSER_PASSWORD"],
            }
        )
        status, headers, _ = client.request(
            "POST",
            "/compte/connexion/",
            form,
            **{
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"https://{HOST}/compte/connexion/",
            },
        )
        if status != 302 or "__Host-sessionid" not in client.cookies:
            raise SmokeFailure(f"connexion refusée : {status} {headers.get('location')}")
        step("connecté")
        status, _, page = client.request("GET", "/conventions/")
        if status != 200 or ("Essai fumée" not in page and EMAIL not in page):
            raise SmokeFailure(f"page connectée : {status}")
        step("page connectée 200 (/conventions/)")
    except SmokeFailure:
        logs.flush()
        print((workdir / "gunicorn.log").read_text()[-4000:], file=sys.stderr)
        raise
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        logs.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="base à créer puis supprimer")
    options = parser.parse_args()
    url = options.database_url
    name = database_name(url)
    started = time.monotonic()
    try:
        admin = admin_connection(url)
    except Exception as exc:  # noqa: BLE001 — any connection failure means « not reachable »
        print(f"PostgreSQL injoignable ({exc}) : test de fumée ignoré")
        return 1 if os.environ.get("REQUIRE_POSTGRES") else 0
    workdir = Path(tempfile.mkdtemp(prefix="reperes-smoke-"))
    try:
        with admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        smoke(url, workdir)
    except (SmokeFailure, subprocess.TimeoutExpired) as exc:
        print(f"[smoke] ÉCHEC : {exc}", file=sys.stderr)
        return 1
    finally:
        with admin_connection(url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)
    step(f"réussi en {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
