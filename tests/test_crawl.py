"""No dead end: signed in as each persona of the permission matrix, follow every link the
application renders (``<a href>`` and the GET forms, submitted with the values they show) from
the landing page (which holds the navigation), within the application; no link answers 404 or 500, and
no link answers 403 (a link is shown only to whom may follow it).

Size: the ``world`` of tests/conftest.py with the matrix's objects (tests/matrix_pages.py),
12 personas; URLs deduplicated by pattern (numbers and identifiers in the path replaced, query
values ignored), at most ``MAX_PAGES`` (120) pages read per persona: about 850 requests in
all (the operator's staff reach the cap), about 40 s on SQLite on an idle machine.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.urls import reverse

from tests.matrix import PERSONAS

pytestmark = pytest.mark.django_db

MAX_PAGES = 120
# Not pages: the admin (Django's), the sign-out, files served as they are.
SKIP_PREFIXES = ("/admin/", "/static/", "/compte/deconnexion/")
ID = re.compile(r"/(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?=/|\.|$)")


class Links(HTMLParser):
    """The ``<a href>`` and the GET forms of a page (each form with the values it shows)."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._selected: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        elif tag == "form" and (a.get("method") or "get").lower() == "get":
            self._form = {"action": a.get("action") or "", "fields": []}
        elif self._form is not None and tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                self._form["fields"].append((a["name"], a.get("value") or ""))
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select, self._selected = a["name"], None
        elif (
            self._select is not None
            and tag == "option"
            and (self._selected is None or "selected" in a)
        ):
            self._selected = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select" and self._form is not None and self._select is not None:
            self._form["fields"].append((self._select, self._selected or ""))
            self._select = None
        elif tag == "form" and self._form is not None:
            query = urlencode(self._form["fields"])
            self.hrefs.append(f"{self._form['action']}?{query}")
            self._form = None


def pattern(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return ID.sub("/<id>", parts.path) + ("?" + "&".join(keys) if keys else "")


def crawl(client, start: list[str]) -> tuple[int, list[tuple[str, str, int]]]:
    """Pages read and the links that fail: ``(page showing it, link, status)``."""
    queue = deque((url, "(départ)") for url in start)
    seen = {pattern(url) for url in start}
    failures, read = [], 0
    while queue and read < MAX_PAGES:
        url, source = queue.popleft()
        try:
            response = client.get(url)
        except Exception as exc:  # noqa: BLE001 — an error page, reported as such
            failures.append((source, url, 500, repr(exc)))
            continue
        read += 1
        if response.status_code in (403, 404) or response.status_code >= 500:
            failures.append((source, url, response.status_code))
            continue
        if response.status_code in (301, 302):
            target = urljoin(url, response["Location"])
            if pattern(target) not in seen and urlsplit(target).netloc in ("", "testserver"):
                seen.add(pattern(target))
                queue.append((urlsplit(target)._replace(scheme="", netloc="").geturl(), url))
            continue
        if response.streaming or "text/html" not in response.get("Content-Type", ""):
            if response.streaming:
                b"".join(response.streaming_content)
            continue
        parser = Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            absolute = urljoin(url, href.split("#")[0])
            parts = urlsplit(absolute)
            if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
                continue
            target = parts._replace(scheme="", netloc="", fragment="").geturl()
            if not target or target.startswith(SKIP_PREFIXES):
                continue
            key = pattern(target)
            if key not in seen:
                seen.add(key)
                queue.append((target, url))
    return read, failures


def test_no_dead_link(client, world):
    """One world and one set of matrix objects for the 12 personas (building them is the
    costly part), each persona crawled from its landing page."""
    from tests.matrix_pages import pages_by_persona

    pages_by_persona(world)  # the matrix's objects, so that pages have links to follow
    dead, total = [], 0
    for persona in PERSONAS:
        client.force_login(world["users"][persona])
        read, failures = crawl(client, [reverse("core:home")])
        assert read > 5, (persona, read, failures)
        total += read
        dead += [(persona, *failure) for failure in failures]
    assert total > 12 * 30, total
    assert not dead, f"{len(dead)} lien(s) mort(s) sur {total} pages : " + "; ".join(
        f"{persona} : {src} → {url} : {code}" for persona, src, url, code, *_ in dead
    )
