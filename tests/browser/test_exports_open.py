"""The Pas-de-Calais agent downloads the 2022 consolidation as a French spreadsheet would open
it (``;``, decimal comma, BOM) and as a program would (``,``, point), each with the page's
warnings. Screenshot: /tmp/shots/exports_consolidation.png."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")
COPIED = "SPS Etaples et SPS Liévin déclarent les mêmes chiffres pour 4 indicateurs"


def _download(page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name, exact=True).click()
    return Path(info.value.path()).read_bytes()


def test_the_two_csv_of_the_consolidation(consolidation_2022_page):
    page = consolidation_2022_page
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
