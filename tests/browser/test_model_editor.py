"""The Pas-de-Calais agent composes a report model in the browser (plain forms), previews it on
one of the Département's services under statistical secrecy and saves its first version."""

from __future__ import annotations

import os
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_departement_composes_and_previews_a_model(demo_agent_page):
    page = demo_agent_page
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Rapports"
    ).click()
    page.get_by_role("link", name="Modèles de rapport").click()
    page.get_by_role("link", name="Composer un nouveau modèle").click()
    page.get_by_label("Code du modèle").fill("annexe-62")
    page.get_by_label("Intitulé").fill("Annexe du Pas-de-Calais")
    page.get_by_role("button", name="Créer le modèle").click()
    page.get_by_label("Titre de la partie").fill("Les jeunes")
    page.get_by_role("button", name="Ajouter la partie").click()
    page.get_by_text("Ajouter un tableau d'indicateurs").click()
    values = page.locator("form", has=page.get_by_role("button", name="Ajouter le tableau")).first
    values.get_by_label("Titre du tableau").fill("Jeunes rencontrés et accompagnés")
    values.locator("input[value='youths.met']").check()
    values.locator("input[value='youths.accompanied']").check()
    values.get_by_role("button", name="Ajouter le tableau").click()
    page.get_by_text("Le brouillon du modèle est modifié.").wait_for()
    page.get_by_text("Ajouter un indicateur par une ou deux dimensions").click()
    dist = page.locator("details", has_text="Ajouter un indicateur par une ou deux").locator("form")
    dist.get_by_label("Titre du tableau").fill("Jeunes rencontrés par âge")
    dist.get_by_label("Ce qui est compté").select_option("met")
    dist.get_by_label("En lignes").select_option("age_band")
    dist.get_by_label("En colonnes (facultatif)").select_option("gender")
    dist.get_by_role("button", name="Ajouter le tableau").click()
    page.get_by_text("Ajouter un graphique").click()
    chart = page.locator("details", has_text="Ajouter un graphique").locator("form")
    chart.get_by_label("Tableau dessiné").select_option("tableau-2")
    chart.get_by_role("button", name="Ajouter le graphique").click()
    page.get_by_text("unité : personnes").first.wait_for()
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['SCREENSHOTS']}/model_edit.png", full_page=True)
    page.get_by_role("link", name="Aperçu sur vos services").click()
    page.get_by_label("Année").fill("2022")
    page.get_by_role("button", name="Afficher l'aperçu").click()
    page.get_by_role("table", name=re.compile("Jeunes rencontrés par âge")).wait_for()
    assert page.locator("img[src^='data:image/svg+xml']").count() == 1
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['SCREENSHOTS']}/model_preview.png", full_page=True)
    page.get_by_role("link", name="Annexe du Pas-de-Calais").click()
    page.get_by_role("link", name="Enregistrer la version").click()
    page.get_by_role("button", name="Enregistrer la version").click()
    page.get_by_text("Version 1 enregistrée").wait_for()
    assert page.get_by_role("row", name=re.compile("^1 ")).count() == 1
