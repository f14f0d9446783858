"""Imports of zones, populations, contours and values: all-or-nothing, idempotent, and errors
in French naming the line of the file (the header is line 1)."""

from __future__ import annotations

import io

import pytest

from reperes.demo.build.observatory import ZONES
from reperes.observatory import actions
from reperes.observatory.enums import ZoneLevel
from reperes.observatory.imports import ImportRefused
from reperes.observatory.models import Value, Zone, ZonePopulation

pytestmark = pytest.mark.django_db


def test_zones_import_is_idempotent():
    first = actions.import_zones("zones.csv", ZONES.encode("utf-8"))
    assert (first.created, first.updated, first.unchanged) == (14, 0, 0)
    again = actions.import_zones("zones.csv", ZONES.encode("utf-8"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 14)
    assert Zone.objects.count() == 7
    assert ZonePopulation.objects.count() == 14
    iris = Zone.objects.get(level=ZoneLevel.IRIS, code="574630103")
    assert iris.parent.code == "57463"
    assert iris.populations.get(year=2023).caf_allocataires == 58


def test_zones_import_updates_a_changed_population():
    actions.import_zones("zones.csv", ZONES.encode("utf-8"))
    changed = ZONES.replace(";57463;2023;615;58\n", ";57463;2023;615;60\n")
    assert changed != ZONES
    result = actions.import_zones("zones.csv", changed.encode("utf-8"))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 13)
    sablon = ZonePopulation.objects.get(zone__code="574630103", year=2023)
    assert (sablon.insee_population, sablon.caf_allocataires) == (615, 60)


def test_a_wrong_line_refuses_the_whole_file_with_french_line_numbers():
    text = (
        "niveau;code;nom;commune;année;population;allocataires\n"
        "commune;57463;Metz;;2023;119207;21480\n"
        "iris;574630101;Centre;57463;2023;2398;402\n"
        "iris;574630102;Gare;57463;2023;2011;beaucoup\n"
        "quartier;574630103;Sablon;57463;23;615;58\n"
    )
    with pytest.raises(ImportRefused) as refused:
        actions.import_zones("zones.csv", text.encode("utf-8"))
    assert refused.value.messages == [
        "ligne 4 : « beaucoup » n'est pas un nombre (le nombre d'allocataires).",
        "ligne 5 : le niveau « quartier » est inconnu (commune, qpv, veille ou iris).",
        "ligne 5 : l'année « 23 » n'est pas une année (ex. 2023).",
    ]
    assert not Zone.objects.exists()
    assert not ZonePopulation.objects.exists()


def test_values_all_or_nothing_idempotent_and_replaced(metz):
    series = metz["series"]
    before = {(v.zone.code, v.year): v.value for v in series.values.select_related("zone")}
    assert len(before) == 12
    again = actions.import_values(
        series, "rsa.csv", "code;année;valeur\n574630101;2022;48\n".encode()
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    bad = "code;année;valeur\n574630101;2022;50\n999999999;2022;4\n574630102;2022;3,5\n"
    with pytest.raises(ImportRefused) as refused:
        actions.import_values(series, "rsa.csv", bad.encode())
    assert refused.value.messages == [
        "ligne 3 : aucune zone de niveau « IRIS » n'a le code « 999999999 ».",
        "ligne 4 : un effectif est un nombre entier positif (« 3,5 »).",
    ]
    # Line 2 was right, but nothing was written.
    assert Value.objects.get(series=series, zone__code="574630101", year=2022).value == 48
    changed = actions.import_values(series, "rsa.csv", b"code;annee;valeur\n574630101;2022;50\n")
    assert (changed.created, changed.updated) == (0, 1)
    assert Value.objects.filter(series=series).count() == 12


def test_values_from_xlsx(metz):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Code", "Année", "Valeur"])
    sheet.append(["574630101", 2024, 55])
    sheet.append(["574630102", 2024, 40])
    out = io.BytesIO()
    book.save(out)
    result = actions.import_values(metz["series"], "rsa.xlsx", out.getvalue())
    assert result.created == 2
    assert Value.objects.get(series=metz["series"], zone__code="574630102", year=2024).value == 40


@pytest.mark.usefixtures("metz")
def test_contours_of_unknown_zones_refuse_the_file():
    geojson = (
        b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"1"},'
        b'"geometry":{"type":"Point","coordinates":[6.1,49.1]}}]}'
    )
    with pytest.raises(ImportRefused) as refused:
        actions.import_contours(geojson, ZoneLevel.IRIS, "x")
    assert refused.value.messages == [
        "entité 1 (1) : le contour doit être un Polygon ou un MultiPolygon en longitude, "
        "latitude (WGS 84)."
    ]


def test_the_import_page_shows_the_errors_and_writes_nothing(client, metz):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(metz["caf_agent"])
    upload = SimpleUploadedFile(
        "rsa.csv", b"code;annee;valeur\n574630101;2022;60\n574630101;2022;61\n"
    )
    response = client.post(f"/observatoire/series/{metz['series'].pk}/importer/", {"file": upload})
    assert response.status_code == 200
    assert "ligne 3 : la zone 574630101 a déjà une valeur pour 2022 (ligne 2)." in (
        response.content.decode()
    )
    assert Value.objects.get(series=metz["series"], zone__code="574630101", year=2022).value == 48


def test_the_zones_page_does_not_show_the_figures_of_a_small_zone(client, metz):
    client.force_login(metz["stranger"])
    page = client.get("/observatoire/zones/").content.decode()
    row = page[page.index("Sablon Nord (démo)") :].split("</tr>")[0]
    assert "moins de 100" in row
    assert "615" not in row
    assert "58" not in row
    row = page[page.index("Borny Est (démo)") :].split("</tr>")[0]
    assert "3\xa0160" in row
    assert "905" in row
