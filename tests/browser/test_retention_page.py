"""The director sees the records to be anonymised in the next 30 days and freezes one with its
reason; the DPO of the controller sees the same page with counts and dates, no pseudonym.
Screenshots go to /tmp/shots/retention_*.png."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.browser.helpers import horizon_director, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")


def _world():
    from tests.factories import UserFactory
    from tests.fieldwork.factories import AccompanimentFactory, YouthFactory

    director = horizon_director()
    service = director.service
    dpo = UserFactory(email="dpo@horizon.test", role="dpo", organisation=director.organisation)
    YouthFactory(service=service, pseudonym="J-K7M2QX", first_met_on=date(2023, 5, 12))
    YouthFactory(service=service, pseudonym="J-P4R8LT", first_met_on=date(2023, 6, 10))
    YouthFactory(service=service, pseudonym="J-W3N6HD", first_met_on=date(2023, 6, 24))
    in_use = YouthFactory(service=service, pseudonym="J-OUVERT", first_met_on=date(2023, 1, 5))
    AccompanimentFactory(youth=in_use, started_on=date(2023, 1, 5))
    return director, dpo


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"retention_{name}.png"), full_page=True)


def test_the_director_freezes_a_record_the_dpo_sees_counts(
    live_server, page, settings, monkeypatch
):
    settings.REPERES_REQUIRE_SECOND_FACTOR = False  # it has its own tests
    at = datetime(2025, 6, 1, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    monkeypatch.setattr("reperes.privacy.retention.now", lambda: at)
    from reperes.privacy.models import LegalHold

    director, dpo = _world()
    base = live_server.url
    sign_in(page, base, director.email)
    page.goto(f"{base}/donnees-personnelles/conservation/")
    page.get_by_role("heading", name="Conservation des données — SPS Horizon").wait_for()
    upcoming = page.get_by_role("region", name=re.compile("Anonymisations prévues"))
    assert "3 fiches" in upcoming.inner_text()
    assert "J-OUVERT" not in page.locator("main").inner_text()
    _shot(page, "director")

    page.get_by_role("link", name="Geler la fiche J-P4R8LT").click()
    page.get_by_role("button", name="Geler la fiche").click()
    page.get_by_text("Indiquez le motif du gel.").wait_for()
    page.get_by_label("Motif du gel").fill("Réquisition judiciaire du 28 mai 2025")
    page.get_by_label(re.compile("Jusqu'au")).fill("2025-12-31")
    _shot(page, "hold")
    page.get_by_role("button", name="Geler la fiche").click()
    page.get_by_text("La fiche J-P4R8LT est gelée.").wait_for()
    holds = page.get_by_role("region", name="Gels en cours").inner_text()
    assert "Réquisition judiciaire du 28 mai 2025" in holds
    assert "31 décembre 2025" in holds
    assert "1er juin 2025" in holds  # since
    assert "2 fiches" in upcoming.inner_text()
    _shot(page, "director_held")
    assert LegalHold.objects.get().reason == "Réquisition judiciaire du 28 mai 2025"

    page.context.clear_cookies()
    # The DPO lands on their desk.
    sign_in(page, base, dpo.email, lands_on="Données personnelles")
    page.goto(f"{base}/donnees-personnelles/conservation/")
    body = page.locator("main").inner_text()
    assert "2 fiches" in body
    assert "Gel n°" in body
    for secret in ("J-K7M2QX", "J-P4R8LT", "J-W3N6HD", "Réquisition"):
        assert secret not in body, secret
    _shot(page, "dpo")


def test_an_anonymised_record_reached_by_its_address(live_server, page, settings):
    settings.REPERES_REQUIRE_SECOND_FACTOR = False
    from reperes.privacy import anonymise as anon
    from tests.fieldwork.factories import AccompanimentFactory, YouthFactory

    director, _dpo = _world()
    youth = YouthFactory(service=director.service, with_identity=True)
    AccompanimentFactory(youth=youth, closed=True)
    anon.anonymise([youth], on=date(2025, 6, 1), actor=None, reason=anon.RETENTION)
    base = live_server.url
    sign_in(page, base, director.email)
    page.goto(f"{base}/terrain/jeunes/{youth.public_id}/")
    page.get_by_text(re.compile(r"Fiche anonymisée le 1er juin 2025 \(durée")).wait_for()
    assert page.get_by_role("link", name="Modifier la fiche").count() == 0
    _shot(page, "anonymised_youth")
    page.goto(f"{base}/terrain/jeunes/{youth.public_id}/modifier/")
    page.get_by_text(re.compile("Cette fiche a été anonymisée le 01/06/2025")).wait_for()
