"""The API documentation page, as a signed-in Département agent opens it: Swagger UI lists the
operations from the app's own files, with no console error and no CSP violation (nothing from
a CDN, nothing inline). Screenshot: /tmp/shots/api_docs.png."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.helpers import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_documentation_page_loads_under_the_csp(live_server, page, settings):
    from tests.factories import OrganisationFactory, UserFactory

    settings.REPERES_REQUIRE_SECOND_FACTOR = False
    agent = UserFactory(
        email="agent@docs.test",
        role="funder_agent",
        organisation=OrganisationFactory(kind="departement", name="Département"),
    )
    agent.set_password(PASSWORD)
    agent.save()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )

    sign_in(page, live_server.url, agent.email)

    page.goto(f"{live_server.url}/api/v1/docs/")
    page.get_by_text("API Repères").first.wait_for()
    page.locator(".opblock-summary-path", has_text="/api/v1/reports/").first.wait_for()
    Path("/tmp/shots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path="/tmp/shots/api_docs.png")
    assert page.title() == "Documentation de l'API Repères"
    assert not problems, problems
    assert not [u for u in outside if not u.startswith(("data:", "blob:"))], outside
