"""The Pas-de-Calais agent opens a figure of the 2022 consolidation and reaches where it comes
from: SPS Arras's validated submission, never a record (issue 16, « Every figure traceable »)."""

from __future__ import annotations

import os
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_departement_opens_a_figure_of_the_consolidation(consolidation_2022_page):
    page = consolidation_2022_page
    actions = page.get_by_role("region", name="Actions collectives en 2022")
    arras = actions.get_by_role("row", name=re.compile("SPS Arras"))
    arras.locator("td").nth(0).get_by_role("link").click()  # 7 collective actions
    page.get_by_role("heading", name="D'où vient ce chiffre ?").wait_for()
    text = page.locator("main").inner_text()
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(
            path=os.path.join(os.environ["SCREENSHOTS"], "provenance.png"), full_page=True
        )
    assert "SPS Arras" in text
    assert "Nombre d'actions collectives" in text
    assert re.search(r"Chiffre\s+7\n", text), text
    assert "Remontée agrégée 2022 du service, validée" in text
    assert "le chiffre remonté par le service" in text
    assert "Validée" in text
    assert "Claude Essai" in text
    assert "fiche" not in text.lower().replace("les fiches du service", "")
