"""axe-core (from the npm registry, node_modules/axe-core) over every page of the permission
matrix, in Chromium through Playwright: 0 violation.

Every route of the matrix (tests/test_permissions.py) that answers 200 is checked once per role
that may open it (educator, director, funder agent, DPO, platform admin: the templates vary by
role), signed in as the first persona of that role allowed to, with one browser context per
persona (its session cookie set once). Downloads (PDF, CSV, spreadsheets) are skipped: the PDF
tags are checked by tests/test_pdf_tags.py. About 330 pages, 3 to 4 minutes on an idle
two-core machine (axe's run is most of it).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.matrix import PERSONAS
from tests.matrix_pages import pages_by_persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
  }));
}"""


def pages_to_check(world) -> dict[str, list[tuple[str, str]]]:
    """``{persona: [(route, url)]}``: each route once per role, for the first persona of the
    role that may open it."""
    pages = pages_by_persona(world)
    done: set[tuple[str, str]] = set()
    chosen: dict[str, list[tuple[str, str]]] = {}
    for persona in PERSONAS:
        role = world["users"][persona].role
        for name, url in pages[persona]:
            if (role, name) not in done:
                done.add((role, name))
                chosen.setdefault(persona, []).append((name, url))
    return chosen


def test_axe_finds_no_violation_on_the_matrix_pages(live_server, browser, client, world):
    if not AXE.exists():
        pytest.fail("axe-core absent : lancez `make install` (npm ci)")
    started = time.monotonic()
    checked, downloads, violations, errors = 0, 0, [], []
    for persona, pages in pages_to_check(world).items():
        client.force_login(world["users"][persona])
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        # The application's CSP refuses inline scripts: axe is injected by the test only.
        context = browser.new_context(locale="fr-FR", bypass_csp=True)
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        page = context.new_page()
        for name, url in pages:
            try:
                response = page.goto(live_server.url + url)
            except Exception as exc:  # noqa: BLE001 — an attachment aborts the navigation
                if "Download is starting" in str(exc):
                    downloads += 1
                    continue
                raise
            if response is None or response.status != 200:
                errors.append((persona, name, url, response.status if response else None))
                continue
            if not response.headers.get("content-type", "").startswith("text/html"):
                downloads += 1
                continue
            page.add_script_tag(path=str(AXE))
            for violation in page.evaluate(RUN_AXE):
                violations.append((persona, name, url, violation))
            checked += 1
        context.close()
    elapsed = time.monotonic() - started
    print(f"axe-core : {checked} pages vérifiées, {downloads} téléchargements, {elapsed:.0f} s")
    assert checked > 150, checked
    assert not errors, f"pages en erreur : {errors}"
    assert not violations, f"{len(violations)} violation(s) sur {checked} pages :\n" + "\n".join(
        f"{persona} {name} {url} : {v['id']} ({v['impact']}) {v['help']} — {v['nodes']}"
        for persona, name, url, v in violations
    )
