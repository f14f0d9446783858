"""A Département agent signs in, opens the Drôme convention, finds its parties and end date.

The clock is frozen: the demo is loaded on 5 December 2026, so the convention (1 January 2023 –
31 December 2025 in the source) runs to 31 December 2026 and is in force that day.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from tests.browser.helpers import DEMO_DROME_AGENT, DEMO_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


DAY = date(2026, 12, 5)
NOW = datetime(2026, 12, 5, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def frozen(access_day):
    access_day.move(DAY)
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


@pytest.mark.usefixtures("frozen")
def test_departement_agent_opens_the_drome_convention(live_server, page):
    call_command("load_demo", verbosity=0)
    sign_in(page, live_server.url, DEMO_DROME_AGENT, password=DEMO_PASSWORD)

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Conventions"
    ).click()
    page.get_by_role("link", name=re.compile("Montélimar")).first.click()

    # is_visible() does not wait: the click only starts loading the convention page.
    parties = page.get_by_role("region", name="Parties et signataires")
    parties.get_by_role("link", name="Département de la Drôme").wait_for()
    assert parties.get_by_role("link", name="Département de la Drôme").is_visible()
    assert parties.get_by_role("link", name=re.compile("Montélimar")).is_visible()
    period = page.get_by_role("region", name="Période et clauses de dates")
    assert "31 décembre 2026" in period.inner_text()
    dates = page.get_by_role("region", name="Dates au 5 décembre 2026")
    assert "En vigueur" in dates.inner_text()
    # The source's own dates stay on the convention, as its history.
    assert "31 décembre 2025 dans la source" in page.content()
