"""Gunicorn under production settings on a loopback port, and a user agent that signs in to it:
shared by the two-instance test (``tests/test_scale_out.py``) and the load test
(``benchmarks/load.py``). Django must be set up (the URLs are reversed)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import IO

import requests
from django.urls import reverse

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        named = dict(attrs)
        if tag == "input" and named.get("name"):
            self.values[named["name"]] = named.get("value") or ""


def csrf(html: str) -> str:
    parser = _Inputs()
    parser.feed(html)
    return parser.values["csrfmiddlewaretoken"]


def cookie_header(cookies: dict[str, str]) -> dict[str, str]:
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}


def keep(cookies: dict[str, str], response: requests.Response) -> None:
    cookies.update({c.name: c.value for c in response.cookies})


class Instance:
    """One application instance, or a user agent speaking to it: the cookies are sent by hand,
    the production cookies being Secure (``__Host-``) over this plain-HTTP loopback."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.base = f"http://{HOST}:{port}"

    def get(self, path: str, cookies: dict[str, str]) -> requests.Response:
        return requests.get(
            self.base + path, headers=cookie_header(cookies), allow_redirects=False, timeout=30
        )

    def post(self, path: str, cookies: dict[str, str], **kwargs) -> requests.Response:  # type: ignore[no-untyped-def]
        return requests.post(
            self.base + path,
            headers={**cookie_header(cookies), "Referer": self.base + path},
            allow_redirects=False,
            timeout=30,
            **kwargs,
        )


def start(
    port: int, env: dict[str, str], *, cwd: Path, log: IO[bytes], workers: int = 1
) -> subprocess.Popen[bytes]:
    """``gunicorn reperes.wsgi`` on HOST:port; its errors go to ``log``."""
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "reperes.wsgi", "--bind", f"{HOST}:{port}"]
        + ["--workers", str(workers), "--access-logfile", "-", "--log-level", "warning"],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )


def wait_until_up(
    instance: Instance, process: subprocess.Popen[bytes], log: Path, deadline: float
) -> None:
    """Until the sign-in page answers 200 (``deadline``: a ``time.monotonic()``)."""
    while True:
        assert process.poll() is None, log.read_text()[-2000:]
        try:
            if instance.get(reverse("accounts:login"), {}).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        assert time.monotonic() < deadline, "l'instance n'a pas démarré"
        time.sleep(0.3)


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
    for process in processes:
        process.wait(timeout=20)


def sign_in(instance: Instance, email: str, password: str) -> dict[str, str]:
    """The session cookies of a password sign-in."""
    cookies: dict[str, str] = {}
    page = instance.get(reverse("accounts:login"), cookies)
    keep(cookies, page)
    response = instance.post(
        reverse("accounts:login"),
        cookies,
        data={"csrfmiddlewaretoken": csrf(page.text), "username": email, "password": password},
    )
    assert response.status_code == 302, response.text[:500]
    keep(cookies, response)
    return cookies


def verify_second_factor(instance: Instance, cookies: dict[str, str], code: str) -> None:
    """Type a current code of the account's authenticator app on the verification page."""
    url = reverse("accounts:second_factor_verify")
    page = instance.get(url, cookies)
    assert page.status_code == 200, page.status_code
    keep(cookies, page)
    response = instance.post(
        url, cookies, data={"csrfmiddlewaretoken": csrf(page.text), "code": code}
    )
    assert response.status_code == 302, response.text[:500]
    keep(cookies, response)
