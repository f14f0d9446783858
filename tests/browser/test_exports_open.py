"""The Pas-de-Calais agent downloads the 2022 consolidation as a French spreadsheet would open
it (``;``, decimal comma, BOM) and as a program would (``,``, point), each with the page's
warnings. Screenshot: /tmp/shots/exports_consolidation.png."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")
COPIED = "SPS Etaples et SPS Liévin déclarent les mêmes chiffres pour 4 indicateurs"


def _download(page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name, exact=True).click()
    return Path(info.value.path()).read_bytes()


def test_the_two_csv_of_the_consolidation(demo_agent_page):
    page = demo_agent_page
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Rapports"
    ).click()
    page.get_by_role("link", name=re.compile("consolidation")).click()
    page.get_by_label("Année").select_option("2022")
    page.get_by_role("button", name="Afficher").click()
    page.get_by_role("heading", name=re.compile("Activité 2022")).wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "exports_consolidation.png"))

    french = _download(page, "CSV pour tableur")
    assert french.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(french.decode("utf-8-sig")), delimiter=";"))
    assert any(row[:1] == ["SPS Arras"] and "3,83" in row for row in rows)
    assert any(COPIED in " ".join(row) for row in rows)

    machine = _download(page, "CSV brut")
    assert not machine.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(machine.decode("utf-8")), delimiter=","))
    assert any(row[:1] == ["SPS Arras"] and "3.83" in row for row in rows)
    assert any(COPIED in " ".join(row) for row in rows)
