"""Playwright with Debian's Chromium (never `playwright install`: it downloads a browser)."""

from __future__ import annotations

import os
import re

import pytest
from django.core.management import call_command

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, DEMO_AGENT, DEMO_PASSWORD, sign_in
from tests.tools import require_tool


@pytest.fixture(scope="session")
def browser():
    executable = require_tool("chromium", "chromium", path=CHROMIUM)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="fr-FR",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_agent_page(live_server, page):
    """The demo loaded, and the page signed in as the Pas-de-Calais agent, on their home."""
    call_command("load_demo", verbosity=0)
    sign_in(page, live_server.url, DEMO_AGENT, password=DEMO_PASSWORD)
    return page


@pytest.fixture
def consolidation_2022_page(demo_agent_page):
    """The Pas-de-Calais agent's page on the département's consolidated 2022 activity, reached
    from the reports page."""
    page = demo_agent_page
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Rapports"
    ).click()
    page.get_by_role("link", name=re.compile("consolidation")).click()
    page.get_by_label("Année").select_option("2022")
    page.get_by_role("button", name="Afficher").click()
    page.get_by_role("heading", name=re.compile("Activité 2022")).wait_for()
    return page
