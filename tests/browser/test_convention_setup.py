"""A Département agent sets a convention up through the guided form — parties, period, a
quarterly schedule, a clause picked from the catalogue's suggestions, a steering committee, an
activity report, the secrecy threshold — sees the calendar it would generate, records the
signature; the operator's director reviews the same calendar and accepts it. Screenshots go to
/tmp/shots/setup_*.png."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser.helpers import horizon_director, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")
TITLE = "Convention de prévention spécialisée Hautes-Terres / Horizon"


def _world():
    from tests.factories import OrganisationFactory, UserFactory

    departement = OrganisationFactory(
        kind="departement", name="Département des Hautes-Terres", departement_code="95"
    )
    agent = UserFactory(
        email="agent@hautes-terres.test",
        full_name="Agent Hautes-Terres",
        role="funder_agent",
        organisation=departement,
    )
    return agent, horizon_director()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"setup_{name}.png"), full_page=True)


def test_guided_set_up_then_the_operator_accepts(live_server, page, settings):
    settings.REPERES_REQUIRE_SECOND_FACTOR = False  # it has its own tests
    agent, director = _world()
    year = timezone.localdate().year
    base = live_server.url

    sign_in(page, base, agent.email)
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Conventions"
    ).click()
    page.get_by_role("link", name="Mettre en place une convention").click()

    # 1. Starting point.
    page.get_by_label("Partir de zéro").check()
    page.get_by_label("Intitulé de la convention").fill(TITLE)
    page.get_by_label("Intitulé court").fill("Hautes-Terres / Horizon")
    page.get_by_label("Service de prévention spécialisée concerné").select_option(
        label="SPS Horizon — Association Horizon"
    )
    _shot(page, "1_start")
    page.get_by_role("button", name="Créer le projet et continuer").click()

    # 2. Parties: the Département as pilot and the operator are already there.
    page.get_by_role("heading", name="Mise en place : parties et signataires").wait_for()
    first = page.get_by_role("group", name="Partie 1")
    first.get_by_label("Signataire", exact=True).fill("Camille Martin")
    first.get_by_label("Qualité du signataire").fill("Présidente du Conseil départemental")
    _shot(page, "2_parties")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    # 3. Period.
    page.get_by_role("heading", name="Mise en place : période et reconduction").wait_for()
    page.get_by_label("Type de période").select_option(label="Dates fixes")
    page.get_by_label("Début", exact=True).fill(f"{year}-01-01")
    page.get_by_label("Fin", exact=True).fill(f"{year + 2}-12-31")
    _shot(page, "3_terms")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    # 4. Money: four quarterly payments of 25 %.
    page.get_by_role("heading", name="Mise en place : financement et versements").wait_for()
    page.get_by_label("Montant annuel (€)").fill("200 000")
    page.get_by_label(re.compile("Versements périodiques")).check()
    page.get_by_label("Rythme des versements périodiques").select_option(label="Chaque trimestre")
    page.get_by_label("Jour d'échéance").fill("10")
    page.get_by_label("Article qui fixe le versement").fill("5")
    page.get_by_role("button", name="Enregistrer l'échéancier").click()
    page.get_by_text("12 échéances établies").wait_for()
    _shot(page, "4_money")
    page.get_by_role("link", name="Étape suivante").click()

    # 5. Clauses: a financial report, pre-filled from the catalogue's suggestion.
    page.get_by_role("heading", name="Mise en place : clauses").wait_for()
    page.get_by_label("Nature de la clause").select_option(label="Document à transmettre")
    page.get_by_role("button", name="Choisir").click()
    page.get_by_role("link", name=re.compile("Compte rendu financier, six mois")).click()
    page.get_by_text("Pré-rempli d'après").wait_for()
    page.get_by_label("Article de la convention").fill("art. 7")
    _shot(page, "5_clause_form")
    page.get_by_role("button", name="Ajouter la clause").click()
    page.get_by_text(
        re.compile("Source : Convention « Hautes-Terres / Horizon », art. 7")
    ).wait_for()
    _shot(page, "5_clauses")
    page.get_by_role("link", name="Étape suivante").click()

    # 6. Bodies: a steering committee twice a year.
    page.get_by_role("heading", name="Mise en place : instances").wait_for()
    page.get_by_label("Nature").select_option(label="Comité de pilotage")
    page.get_by_label(re.compile(r"^Nom\b")).fill("Comité de pilotage")
    page.get_by_label("Réunions par an").fill("2")
    page.get_by_label(re.compile("À intervalle régulier")).check()
    page.get_by_role("button", name="Ajouter l'instance").click()
    page.get_by_text(re.compile("2 réunions par an, à intervalle régulier")).wait_for()
    _shot(page, "6_bodies")
    page.get_by_role("link", name="Étape suivante").click()

    # 7. Reports and secrecy, with the preview.
    page.get_by_role("heading", name="Mise en place : rapports et secret statistique").wait_for()
    page.get_by_label("Modèle de rapport").select_option(
        label="Rapport annuel d'activité du service"
    )
    page.get_by_label("Partie qui le produit").select_option(label="Opérateur")
    page.get_by_label("Période couverte").select_option(label="chaque année")
    page.get_by_label("L'échéance est fixée par").select_option(
        label="un délai après la fin de la période"
    )
    page.get_by_label(re.compile("^Délai")).fill("3")
    page.get_by_label("Unité du délai").select_option(label="mois")
    page.get_by_label("Article de la convention").fill("art. 9")
    page.get_by_role("button", name="Ajouter la clause").click()
    page.get_by_text("Clause ajoutée").wait_for()
    page.get_by_label("Seuil du secret statistique").fill("10")
    page.get_by_role("button", name="Enregistrer le secret statistique").click()
    page.get_by_text("Le secret statistique est enregistré.").wait_for()
    _shot(page, "7_reports")

    page.get_by_role("link", name="Aperçu du calendrier").first.click()
    preview = page.get_by_role("main")
    assert f"Compte rendu financier ({year})" in preview.inner_text()
    assert f"Versement du 1er trimestre {year} (25" in preview.inner_text()
    assert f"Comité de pilotage : réunion 1 sur 2 de {year}" in preview.inner_text()
    _shot(page, "8_preview")
    page.get_by_role("link", name="Terminer : page de la convention").click()
    page.get_by_role("link", name="Enregistrer la signature").click()
    page.get_by_label("Date de la dernière signature").fill(f"{year}-01-01")
    page.get_by_role("button", name=re.compile("Enregistrer")).click()
    page.get_by_text("La signature a été enregistrée.").wait_for()
    page.get_by_role("button", name="Se déconnecter").click()

    # The operator's director reviews the same calendar, then accepts.
    sign_in(page, base, director.email)
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Conventions"
    ).click()
    page.get_by_role("link", name="Hautes-Terres / Horizon").first.click()
    page.get_by_role("link", name="Accepter ou refuser au nom de l'opérateur").click()
    review = page.get_by_role("region", name="Ce que la convention produira")
    assert f"Compte rendu financier ({year})" in review.inner_text()
    assert f"Rapport annuel d'activité du service ({year})" in review.inner_text()
    _shot(page, "9_decide")
    page.get_by_label("J'accepte au nom de l'opérateur").check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.get_by_text("La décision de l'opérateur a été enregistrée.").wait_for()
    assert "Acceptée par l'opérateur" in page.get_by_role("main").inner_text()
    _shot(page, "10_accepted")
