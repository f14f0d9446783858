"""A Département agent records a payment on the Drôme schedule and sees the schedule update."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from tests.browser.helpers import DEMO_DROME_AGENT, DEMO_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REST = re.compile(r"reste ([\d\s\u202f\u00a0]+,\d\d)")


def _euros(text: str) -> Decimal:
    digits = REST.search(text).group(1)
    return Decimal(re.sub(r"\s", "", digits).replace(",", "."))


def test_recording_a_payment_updates_the_schedule(live_server, page):
    call_command("load_demo", verbosity=0)
    sign_in(page, live_server.url, DEMO_DROME_AGENT, password=DEMO_PASSWORD)
    page.get_by_role("link", name=re.compile("Montélimar 2023-2025")).first.click()
    page.get_by_role("link", name="Financements et versements").click()
    page.get_by_role("heading", name="Financements et versements").wait_for()

    form = page.locator("form.payment-form").first
    choice = form.get_by_label("Échéance")
    label = choice.locator("option").nth(1).inner_text()
    before = _euros(label)
    instalment = label.split(" — reste")[0]
    choice.select_option(label=label)
    form.get_by_label("Versé le").fill(date.today().isoformat())
    form.get_by_label("Montant versé (€)").fill("1 000,00")
    form.get_by_role("button", name="Enregistrer le versement").click()

    # The schedule is swapped in place (htmx) or the page reloads: either way it shows the
    # payment and the instalment's remaining amount went down by 1 000 €.
    page.get_by_text(f"le {date.today():%d/%m/%Y}").first.wait_for()
    options = page.locator("form.payment-form").first.get_by_label("Échéance").locator("option")
    after = next(t for t in options.all_inner_texts() if t.startswith(instalment))
    assert _euros(after) == before - Decimal("1000.00")
