"""Done-when of issue 14: a partner imports a series by IRIS for Metz with populations; the
zones under 100 allocataires (counted on the zone's imported population, seed 003) are merged
and the cells under 5 withheld in every output — page, CSV, PDF, map — checked with the
independent attacker of the security issue (tests/reporting/attack.py), which reads only what
is published."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from reperes.observatory import actions, published
from reperes.observatory.protection import MERGED, PUBLISHED
from tests.reporting import outputs_read
from tests.reporting.attack import Shown, attack

pytestmark = pytest.mark.django_db

SMALL = {"574630103": "Sablon Nord (démo)", "574630202": "Borny Ouest (démo)"}
THRESHOLD = 5


def _dashboard(metz):
    dashboard = actions.create_dashboard(
        metz["caf_agent"], convention=metz["convention"], title="Observatoire de Metz"
    )
    actions.add_item(dashboard, metz["series"], "Le RSA se concentre à Borny.", 2023)
    return dashboard


def _safe(shown: list[Shown]) -> None:
    """No published count under the threshold, no small zone named, and no withheld cell the
    attacker narrows to an interval narrower than the threshold."""
    withheld = 0
    for table in shown:
        assert not set(table.rows) & set(SMALL.values()), table.rows
        for line in table.cells:
            for value in line:
                number = outputs_read.number(value)
                assert number is None or not 0 < number < THRESHOLD, table
                withheld += value == "s"
    findings = attack(shown)
    assert findings
    for finding in findings:
        assert finding.high - finding.low >= THRESHOLD - 1e-6, finding
    assert withheld >= 2


def _from_page(html: str, title: str) -> list[Shown]:
    tables = outputs_read.page_tables(html)
    return [
        Shown(
            title,
            tuple(row for row, _ in lines),
            ("2022", "2023"),
            [[None if c == "—" else c for c in cells] for _, cells in lines],
        )
        for lines in tables
    ]


def test_small_zones_are_merged_by_their_allocataires_and_small_cells_withheld(metz):
    shown = published.protected(metz["series"])
    assert {code: shown.status[code] for code in SMALL} == dict.fromkeys(SMALL, MERGED)
    assert shown.status["574630101"] == PUBLISHED
    table = shown.table
    merged = "Autres zones de Metz regroupées (moins de 100 allocataires chacune)"
    assert table.rows[-2:] == (merged, "Total")
    # The group is published (9 + 14 and 11 + 12 allocataires du RSA), the small cells are not.
    assert table.cells[table.rows.index(merged)] == (23, 23)
    assert table.cells[table.rows.index("Centre — Gare (démo)")][1] == "s"
    assert table.cells[table.rows.index("Patrotte (démo)")][1] == "s"


def test_the_floor_counts_the_zone_population_not_the_table(metz):
    """A zone of 350 allocataires but only 37 in the table is not small; raising the
    convention's floor to 400 makes it small."""
    assert published.protected(metz["series"]).status["574630102"] == PUBLISHED
    convention = metz["convention"]
    convention.secrecy_zone_floor = 400
    convention.save(update_fields=["secrecy_zone_floor"])
    metz["series"].refresh_from_db()
    assert published.protected(metz["series"]).status["574630102"] == MERGED


def test_every_output_resists_the_attacker(client, metz):
    dashboard = _dashboard(metz)
    client.force_login(metz["ville_agent"])
    series = metz["series"]

    page = client.get(f"/observatoire/series/{series.pk}/").content.decode()
    _safe(_from_page(page, "page"))
    board = client.get(f"/observatoire/tableaux/{dashboard.pk}/").content.decode()
    _safe(_from_page(board, "tableau de bord"))

    content = client.get(f"/observatoire/series/{series.pk}/csv/?csv=machine").content.decode()
    lines = list(csv.reader(io.StringIO(content)))
    header = lines.index(["Zone", "2022", "2023"])
    body = [line for line in lines[header + 1 :] if len(line) == 3]
    _safe([Shown("csv", tuple(b[0] for b in body), ("2022", "2023"), [b[1:] for b in body])])

    pdf = client.get(f"/observatoire/tableaux/{dashboard.pk}/pdf/").content
    text = outputs_read.pdf_text(pdf)
    labels = [row for table in _from_page(board, "") for row in table.rows]
    rows = {}
    for line in text.splitlines():
        found = re.match(r"^\s*(.+?)\s{2,}(\S+)\s+(\S+)\s*$", line)
        if found and found.group(1).strip() in labels:
            rows[found.group(1).strip()] = [found.group(2), found.group(3)]
    assert list(rows) == labels
    assert rows["Centre — Gare (démo)"] == ["37", "s"]
    _safe([Shown("pdf", tuple(rows), ("2022", "2023"), list(rows.values()))])
    assert "Sablon Nord" not in text
    assert "Borny Ouest" not in text


def test_the_map_draws_withheld_zones_as_secret_never_as_zero(client, metz):
    client.force_login(metz["ville_agent"])
    page = client.get(f"/observatoire/series/{metz['series'].pk}/?annee=2023").content.decode()
    data = re.search(r'<script id="carte-0-data" type="application/json">(.*?)</script>', page)
    features = {
        f["properties"]["code"]: f["properties"] for f in json.loads(data.group(1))["features"]
    }
    assert len(features) == 6
    for code in (*SMALL, "574630102", "574630203"):  # merged zones and withheld cells in 2023
        assert features[code]["secret"] is True
        assert features[code]["label"] == "s"
        assert features[code]["fill"] == published.SECRET_FILL
    assert features["574630201"]["label"] == "224"
    assert "s — secret statistique" in page
    # The PDF's map: a server-side SVG of the contours with the same marks.
    shown = published.protected(metz["series"])
    svg = published.map_svg(published.zone_map(metz["series"], shown, 2023), "RSA")
    assert svg.count('fill="url(#secret)"') == 4 + 1  # four zones and the legend's swatch
    assert ">0<" not in svg
