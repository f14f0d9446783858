"""A service director records an access request from a youth, sees its deadline, downloads
the export as PDF and JSON, records the decision and opens the letter of answer. Screenshots
go to /tmp/shots/rights_*.png, the PDFs to /tmp/shots/rights_*.pdf."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from tests.browser.helpers import horizon_director, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")


def _world():
    from tests.fieldwork.factories import (
        AccompanimentFactory,
        CollectiveActionFactory,
        YouthFactory,
    )

    director = horizon_director()
    service = director.service
    youth = YouthFactory(
        service=service,
        pseudonym="J-K7M2QX",
        with_identity=True,
        last_name="Benali",
        first_name="Inès",
        address="4 rue du Moulin, 26000 Valence",
        phone="06 98 76 54 32",
        identity_consent_by=director,
    )
    AccompanimentFactory(youth=youth)
    CollectiveActionFactory(service=service, title="Chantier des berges", participants=[youth])
    other = YouthFactory(service=service, pseudonym="J-ZZ9OTH", with_identity=True)
    CollectiveActionFactory(service=service, title="Séjour montagne", participants=[other])
    return director, youth, other


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"rights_{name}.png"), full_page=True)


def _download(page, link_name: str, target: Path) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    info.value.save_as(str(target))
    return target.read_bytes()


def test_an_access_request_end_to_end(live_server, page, settings):
    settings.REPERES_REQUIRE_SECOND_FACTOR = False  # it has its own tests
    from reperes.privacy.models import RightsRequest
    from tests.money.test_pdf import pdf_text

    director, youth, other = _world()
    base = live_server.url
    sign_in(page, base, director.email)

    page.goto(f"{base}/donnees-personnelles/demandes/")
    page.get_by_role("link", name="Enregistrer une demande").click()
    page.get_by_label("Droit exercé").select_option(label="Accès (RGPD art. 15)")
    page.get_by_label(re.compile(r"^Demandeur")).select_option(label="Le jeune lui-même")
    page.get_by_label("Nom du demandeur").fill("Inès Benali")
    page.get_by_label("Adresse pour la réponse").fill("4 rue du Moulin\n26000 Valence")
    page.get_by_label("Identité vérifiée par").fill("Carte d'identité présentée à l'accueil")
    page.get_by_label("Reçue le").fill("2025-05-20")
    page.get_by_label("Objet de la demande").fill("Je veux savoir ce que vous avez sur moi.")
    page.get_by_label("Fiche concernée (pseudonyme)").fill("J-K7M2QX")
    _shot(page, "form")
    page.get_by_role("button", name="Enregistrer la demande").click()

    page.get_by_role("heading", name=re.compile("Demande n° .* Accès")).wait_for()
    body = page.locator("main").inner_text()
    assert "20 juin 2025" in body
    assert "19 jours restants" in body
    assert "Inès Benali" in body
    assert "J-K7M2QX" in body
    _shot(page, "detail")
    item = RightsRequest.objects.get()
    assert item.youth_id == youth.pk
    assert item.due_on == date(2025, 6, 20)

    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf = _download(page, "Export PDF pour la personne", SHOTS / "rights_export.pdf")
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    for value in ("J-K7M2QX", "Benali", "4 rue du Moulin", "Chantier des berges"):
        assert value in text, value
    assert "Séjour montagne" not in text
    assert "J-ZZ9OTH" not in text
    assert "Direction Horizon" not in text  # a colleague by role, not by name
    raw = _download(page, "Export JSON", SHOTS / "rights_export.json")
    data = json.loads(raw)
    assert data["fiche"]["last_name"] == "Benali"
    assert data["fiche"]["pseudonym"] == "J-K7M2QX"
    assert [a["title"] for a in data["actions_collectives"]] == ["Chantier des berges"]
    assert str(other.public_id) not in raw.decode()

    page.get_by_role("link", name="Voir les données détenues").click()
    page.get_by_role("heading", name=re.compile("Les données que SPS Horizon détient")).wait_for()
    _shot(page, "export")
    page.go_back()

    page.get_by_role("link", name="Enregistrer la décision").click()
    page.get_by_label("Accordée", exact=True).check()
    page.get_by_label("Décidée le").fill("2025-05-28")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Accordée, le 28 mai 2025").wait_for()

    page.get_by_role("link", name="Lettre de réponse").click()
    letter = page.locator("article.letter").inner_text()
    assert "Inès Benali" in letter
    assert "droit d'accès" in letter
    assert "Nous faisons droit à votre demande" in letter
    _shot(page, "letter")
    letter_pdf = _download(page, "Télécharger en PDF", SHOTS / "rights_letter.pdf")
    assert "Inès Benali" in pdf_text(letter_pdf)
    page.go_back()

    page.get_by_role("link", name="Enregistrer l'envoi de la réponse").click()
    page.get_by_label("Réponse envoyée le").fill("2025-05-29")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Réponse envoyée le").first.wait_for()
    page.goto(f"{base}/donnees-personnelles/demandes/")
    assert "réponse envoyée" in page.locator("main").inner_text()
    _shot(page, "list")
    item.refresh_from_db()
    assert (item.status, item.letter_sent_on) == ("answered", date(2025, 5, 29))
