"""The Pas-de-Calais agent opens the département's consolidated 2022 activity from the reports
page: the seed's totals, and the warnings the seed's own table deserves."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_departement_reads_the_2022_consolidation(consolidation_2022_page):
    page = consolidation_2022_page

    actions = page.get_by_role("region", name="Actions collectives en 2022")
    total = actions.get_by_role("row", name=re.compile("TOTAL"))
    cells = [c.replace("\u202f", " ").replace("\xa0", " ") for c in total.all_inner_texts()]
    assert re.search(r"124\s+2 882\s+200", " ".join(cells).replace("\t", " ")), cells
    checks = page.get_by_role("region", name="Sources et contrôles")
    assert "les mêmes chiffres" in checks.inner_text()
    assert re.search(r"Arras.*1 607 h", checks.inner_text().replace("\u202f", " "), re.S)
