"""On a phone, without network: an educator opens « Séance sans réseau » once with network,
loses the network, records a session, sees it waiting, gets the network back; the session
reaches the server once, shows in the week's hours, and sending it again changes nothing.
What the phone keeps names nobody."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.utils import timezone

from tests.browser.helpers import PHONE_WIDTH, TERRAIN, educator, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = date(2025, 3, 12)  # a Wednesday
QUEUE_KEY = "reperes.terrain.seances-en-attente"
ANONYMOUS_FIELDS = re.compile(r"^(kind|date|duration|where|place|n_[fmx]_[a-z0-9_]+)$")


@pytest.fixture
def signed_in(live_server, phone, settings, monkeypatch):
    """On TODAY, the educator signed in on the phone: ``(user, staff, quartier)``."""
    settings.REPERES_REQUIRE_SECOND_FACTOR = False
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    user, staff, quartier = educator()
    sign_in(phone, live_server.url, user.email, lands_on=TERRAIN)
    return user, staff, quartier


def test_a_session_recorded_without_network_reaches_the_server_once(live_server, phone, signed_in):
    from reperes.core.models import SyncReceipt
    from reperes.fieldwork.models import StreetSession

    user, staff, quartier = signed_in
    page = phone
    context = page.context

    # With network: Terrain, then the offline page, which the phone keeps.
    page.goto(f"{live_server.url}/terrain/")
    page.get_by_role("link", name="Séance sans réseau").tap()
    page.get_by_role("heading", name="Séance, même sans réseau").wait_for()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function(
        "caches.match('/terrain/seances/hors-ligne/').then(r => !!r)", polling=200
    )
    # The page under the worker's control (as on any later visit).
    page.reload()
    assert page.evaluate("!!navigator.serviceWorker.controller")

    # No network: the page still opens, from what the phone kept.
    context.set_offline(True)
    page.reload()
    page.get_by_role("heading", name="Séance, même sans réseau").wait_for()
    page.screenshot(path="/tmp/h17_offline_form.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    page.get_by_text("Hors ligne : les séances restent sur ce téléphone.").wait_for()
    page.get_by_label("Date").fill(TODAY.isoformat())
    page.get_by_label("Durée").fill("2 h")
    page.get_by_role("button", name="Ajouter : Filles, 15 – 17 ans").tap()
    page.get_by_role("button", name="Ajouter : Filles, 15 – 17 ans").tap()
    page.get_by_role("button", name="Ajouter : Garçons, 18 – 21 ans").tap()
    page.get_by_role("button", name="Enregistrer", exact=True).tap()
    page.get_by_role("heading", name="1 séance en attente d'envoi").wait_for()
    page.get_by_text(
        "Séance gardée sur le téléphone : elle partira au retour du réseau."
    ).wait_for()
    page.screenshot(path="/tmp/h17_offline_waiting.png", full_page=True)
    assert not StreetSession.objects.exists()

    # What the phone keeps: the anonymous session and its identifier, nothing else.
    queue = json.loads(page.evaluate(f"localStorage.getItem('{QUEUE_KEY}')"))
    assert len(queue) == 1
    item = queue[0]
    assert set(item) == {"client_id", "fields"}
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", item["client_id"]
    )
    assert all(ANONYMOUS_FIELDS.match(name) for name in item["fields"]), item["fields"]
    assert item["fields"]["n_f_15_17"] == "2"
    kept = json.dumps(page.evaluate("Object.assign({}, localStorage)"), ensure_ascii=False)
    for identity in (user.full_name, user.email, staff.display_name, str(staff.public_id)):
        assert identity not in kept

    # The network is back: the session leaves by itself.
    context.set_offline(False)
    page.get_by_text("1 séance envoyée au serveur.").wait_for()
    assert page.locator("#attente").is_hidden()
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{QUEUE_KEY}'))") == []
    session = StreetSession.objects.get()
    assert session.date == TODAY
    assert session.duration_minutes == 120
    assert session.quartier == quartier
    assert list(session.educators.all()) == [staff]
    assert sorted(session.contacts.values_list("gender", "age_band", "count")) == [
        ("f", "15-17", 2),
        ("m", "18-21", 1),
    ]
    assert SyncReceipt.objects.get().object_id == session.pk

    # Sending the same session again (a replay) does not count it twice.
    replay = page.evaluate(
        """([url, item]) => fetch(url, {method: "POST", credentials: "same-origin",
             headers: {"Content-Type": "application/json",
                       "X-CSRFToken": document.querySelector("[name=csrfmiddlewaretoken]").value},
             body: JSON.stringify(item)}).then(r => r.json().then(d => [r.status, d]))""",
        ["/terrain/seances/synchroniser/", item],
    )
    assert replay[0] == 200
    assert replay[1]["created"] is False
    assert replay[1]["id"] == session.pk
    assert StreetSession.objects.count() == 1

    # Terrain: the session today, and in the week's hours.
    page.goto(f"{live_server.url}/terrain/")
    page.get_by_role("heading", name=re.compile("^Terrain")).wait_for()

    def stat(label):
        return page.locator(".field-stats > div", has_text=label).locator("dd").inner_text()

    assert stat("Séances aujourd") == "1"
    hours = stat("Mes heures cette semaine")
    page.screenshot(path="/tmp/h17_offline_home.png", full_page=True)
    assert hours == "2 h"


def test_a_refused_session_waits_for_correction_and_an_expired_sign_in_is_explained(
    live_server, phone, signed_in
):
    from reperes.fieldwork.models import StreetSession

    user, _staff, _quartier = signed_in
    page = phone
    page.goto(f"{live_server.url}/terrain/seances/hors-ligne/")
    page.get_by_label("Date").fill(TODAY.isoformat())

    # The server refuses it: the reason next to the session, kept on the phone.
    page.get_by_label("Durée").fill("beaucoup")
    page.get_by_role("button", name="Enregistrer", exact=True).tap()
    page.get_by_role("heading", name="1 séance à corriger").wait_for()
    item = page.locator(".offline-item.refused")
    item.get_by_text("Durée : Indiquez une durée, par exemple 2 h, 1 h 30 ou 45 min.").wait_for()
    page.get_by_text("1 séance refusée : corrigez-la ci-dessus.").wait_for()
    page.screenshot(path="/tmp/h17_offline_refused.png", full_page=True)
    assert not StreetSession.objects.exists()
    client_id = page.evaluate(f"JSON.parse(localStorage.getItem('{QUEUE_KEY}'))[0].client_id")

    # Corrected, it leaves under the same identifier.
    item.get_by_role("button", name="Corriger").tap()
    assert page.get_by_label("Durée").input_value() == "beaucoup"
    page.get_by_label("Durée").fill("1 h 30")
    page.get_by_role("button", name="Enregistrer", exact=True).tap()
    page.get_by_text("1 séance envoyée au serveur.").wait_for()
    session = StreetSession.objects.get()
    assert session.duration_minutes == 90
    from reperes.core.models import SyncReceipt

    assert str(SyncReceipt.objects.get().client_id) == client_id

    # A stale security token (signed in again since the page was kept): a fresh one is read.
    page.evaluate("document.querySelector('[name=csrfmiddlewaretoken]').value = 'perime'")
    page.get_by_role("button", name="Enregistrer", exact=True).tap()
    page.get_by_text("1 séance envoyée au serveur.").wait_for()
    assert StreetSession.objects.count() == 2

    # Signed out meanwhile: the phone says so and keeps the session.
    page.context.clear_cookies()
    page.get_by_role("button", name="Enregistrer", exact=True).tap()
    page.get_by_text(
        "Votre session a expiré : reconnectez-vous, puis rouvrez cette page. "
        "Les séances restent sur le téléphone."
    ).wait_for()
    page.get_by_role("heading", name="1 séance en attente d'envoi").wait_for()
    assert StreetSession.objects.count() == 2
    # Signed in again, the page sends it by itself.
    sign_in(page, live_server.url, user.email, lands_on=TERRAIN)
    page.goto(f"{live_server.url}/terrain/seances/hors-ligne/")
    page.get_by_text("1 séance envoyée au serveur.").wait_for()
    assert StreetSession.objects.count() == 3
