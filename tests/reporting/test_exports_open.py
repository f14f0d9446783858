"""Exports people open (issue 16): a CSV that French spreadsheets read as written (``;``,
decimal comma, UTF-8 with BOM) and a machine CSV (``,``, point) on ``?csv=machine``; the page's
warnings and notes in every file; the consolidation's header naming the funder as a funder;
API parameters documented, ``year`` an alias of ``annee``, unknown ones refused; decimals with
their real precision (a sum of FTE on SQLite came back as ``"3.83000000000000"``)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from reperes.reporting import exports
from reperes.reporting.indicators import Period
from reperes.reporting.publications import publish_report
from reperes.reporting.reports import ReportTable
from tests.people.factories import StaffMemberFactory
from tests.reporting import report_fixture
from tests.reporting.test_consolidation import _agent, pas_de_calais  # noqa: F401

TODAY = dt.date(2025, 3, 15)
BOM = b"\xef\xbb\xbf"
# Staff in post on 31 December 2024 in service A: the fixture's educator (1 FTE), this one
# (0.83) — a sum that SQLite returns as Decimal("1.83000000000000").
TEAM = "pdc_team"
MODEL = "rapport-annuel-sps"


def _rows(content: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def _cells(rows: list[list[str]]) -> list[str]:
    return [cell for row in rows for cell in row]


def _table_report():
    from types import SimpleNamespace

    table = ReportTable(
        key="t",
        title="Équipe",
        rows=("Éducateurs", "Total"),
        columns=("ETP", "Jeunes"),
        cells=((Decimal("3.83000000000000"), 12), (Decimal("4.50"), "s")),
    )
    return SimpleNamespace(
        title="R", service_name="S", operator_name="O", period=Period.year(2024), tables=[table]
    )


def test_the_default_csv_is_for_french_spreadsheets():
    content = exports.to_csv(_table_report())
    assert content.startswith(BOM)
    rows = _rows(content, ";")
    assert ["Éducateurs", "3,83", "12"] in rows
    assert ["Total", "4,5", "s"] in rows


def test_the_machine_csv_is_comma_and_point_without_bom():
    from reperes.core import csv_exports

    content = exports.to_csv(_table_report(), dialect=csv_exports.MACHINE)
    assert not content.startswith(BOM)
    rows = _rows(content, ",")
    assert ["Éducateurs", "3.83", "12"] in rows
    assert ["Total", "4.5", "s"] in rows


@pytest.fixture
def filled(world):
    service = world["services"]["a"]
    report_fixture.build(service, world["services"]["b"])
    StaffMemberFactory(service=service, fte=Decimal("0.83"))
    return world


def _url(name, service, query=f"?modele={MODEL}&periode=2024"):
    return reverse(name, kwargs={"pk": service.pk}) + query


def _team(tables):
    [team] = [t for t in tables if t["key"] == TEAM]
    return team


def test_the_report_csv_and_its_machine_twin(client, filled):
    service = filled["services"]["a"]
    client.force_login(filled["users"]["director_a"])
    french = client.get(_url("reporting:report_csv", service))
    assert french.content.startswith(BOM)
    assert "1,83" in _cells(_rows(french.content, ";"))
    machine = client.get(_url("reporting:report_csv", service) + "&csv=machine")
    assert not machine.content.startswith(BOM)
    assert "1.83" in _cells(_rows(machine.content, ","))
    assert client.get(_url("reporting:report_csv", service) + "&csv=excel").status_code == 400
    page = client.get(_url("reporting:report", service)).content.decode()
    assert "csv=machine" in page


def _no_trailing_zeros(cells):
    texts = [v for line in cells for v in line if isinstance(v, str)]
    assert not [v for v in texts if re.fullmatch(r"-?\d+\.\d*0", v)], texts


def test_decimals_keep_their_real_precision_in_the_api(client, filled):
    """Shares of time came back as « 100.0 » and « 0.0 »; FTE as they were summed."""
    service = filled["services"]["a"]
    client.force_login(filled["users"]["director_a"])
    for model in (MODEL, "conseil-pedagogique"):
        query = f"?modele={model}&periode=2024"
        live = client.get(_url("api:report-detail", service, query)).json()
        for table in (t for s in live["sections"] for t in s["tables"]):
            _no_trailing_zeros(table["cells"])
    live = client.get(_url("api:report-detail", service)).json()
    team = _team(t for s in live["sections"] for t in s["tables"])
    assert "1.83" in [v for line in team["cells"] for v in line]
    publish_report(service, MODEL, Period.year(2024), filled["users"]["director_a"], today=TODAY)
    client.force_login(filled["users"]["departement_agent"])
    published = client.get(_url("api:report-detail", service)).json()
    team = _team(t for s in published["sections"] for t in s["tables"])
    assert "1.83" in [v for line in team["cells"] for v in line]
    _no_trailing_zeros(team["cells"])


def _xlsx_texts(content: bytes) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    return [str(v) for row in book["Rapport"].iter_rows(values_only=True) for v in row if v]


def _ods_texts(content: bytes) -> list[str]:
    from odf.opendocument import load
    from odf.table import Table

    [summary, *_] = load(io.BytesIO(content)).spreadsheet.getElementsByType(Table)
    return [str(row) for row in summary.childNodes]


def _notes_everywhere(client, service):
    """The notes of the report, as each of the CSV, XLSX and ODS shows them."""
    csv_rows = _rows(client.get(_url("reporting:report_csv", service)).content, ";")
    return {
        "csv": [" ".join(row) for row in csv_rows],
        "xlsx": _xlsx_texts(client.get(_url("reporting:report_xlsx", service)).content),
        "ods": _ods_texts(client.get(_url("reporting:report_ods", service)).content),
    }


def test_the_reports_notes_travel_with_every_file(client, filled):
    service = filled["services"]["a"]
    hours_note = "Les huit items du temps de travail regroupés"
    client.force_login(filled["users"]["director_a"])
    for kind, texts in _notes_everywhere(client, service).items():
        joined = "\n".join(texts)
        assert "Chiffres exacts du service" in joined, kind
        assert hours_note in joined, kind
    publish_report(service, MODEL, Period.year(2024), filled["users"]["director_a"], today=TODAY)
    client.force_login(filled["users"]["departement_agent"])
    for kind, texts in _notes_everywhere(client, service).items():
        joined = "\n".join(texts)
        assert "secret statistique : aucun effectif de 1 à 4" in joined, kind
        assert hours_note in joined, kind
        assert "Chiffres exacts" not in joined, kind


# ---------------------------------------------------------------- consolidation (seed 001)


def _consolidation(client, funder, name, query="?annee=2022"):
    client.force_login(_agent(funder))
    return client.get(reverse(name, kwargs={"pk": funder.pk}) + query)


@pytest.mark.django_db
def test_the_consolidation_files_carry_its_warnings_and_name_the_funder(client, pas_de_calais):  # noqa: F811
    content = _consolidation(client, pas_de_calais, "reporting:consolidation_csv").content
    assert content.startswith(BOM)
    rows = _rows(content, ";")
    lines = [" ".join(row) for row in rows]
    joined = "\n".join(lines)
    assert ["Financeur", pas_de_calais.name] in rows
    assert "Organisme gestionnaire" not in joined
    assert "SPS Etaples et SPS Liévin déclarent les mêmes chiffres pour 4 indicateurs" in joined
    assert "« Dans les accompagnements individuels »" in joined
    assert "NR : non renseigné" in joined
    assert [row for row in rows if row[:1] == ["SPS Arras"] and "3,83" in row], "Arras's FTE"
    xlsx = _consolidation(client, pas_de_calais, "reporting:consolidation_xlsx").content
    texts = "\n".join(_xlsx_texts(xlsx))
    assert "SPS Etaples et SPS Liévin déclarent les mêmes chiffres pour 4 indicateurs" in texts
    assert "« Dans les accompagnements individuels »" in texts
    assert "Organisme gestionnaire" not in texts


@pytest.mark.django_db
def test_the_consolidation_api_gives_decimals_with_their_precision(client, pas_de_calais):  # noqa: F811
    """2022 comes from the submissions, a two-place column: « 0.50 » was served."""
    body = _consolidation(client, pas_de_calais, "api:consolidation-detail").json()
    [teams] = [t for t in body["tables"] if t["key"] == "consolidation-equipes"]
    _no_trailing_zeros(teams["cells"])
    assert ["1", "3.83", "0.5", "0", "5.33"] in teams["cells"]  # Arras


@pytest.mark.django_db
def test_the_consolidation_api_reads_year_as_annee_and_refuses_the_unknown(client, pas_de_calais):  # noqa: F811
    name = "api:consolidation-detail"
    assert _consolidation(client, pas_de_calais, name, "?year=2022").json()["year"] == 2022
    assert _consolidation(client, pas_de_calais, name, "?annee=2022").json()["year"] == 2022
    both = _consolidation(client, pas_de_calais, name, "?annee=2022&year=2022")
    assert both.status_code == 400
    unknown = _consolidation(client, pas_de_calais, name, "?anne=2022")
    assert unknown.status_code == 400
    assert "« anne »" in unknown.json()["detail"]
    assert "annee" in unknown.json()["detail"]


def test_the_report_api_refuses_unknown_parameters(client, filled):
    service = filled["services"]["a"]
    client.force_login(filled["users"]["director_a"])
    response = client.get(_url("api:report-detail", service) + "&year=2024")
    assert response.status_code == 400
    assert "Paramètre inconnu : « year »" in response.json()["detail"]
    assert client.get(reverse("api:report-list") + "?annee=2024").status_code == 400
    assert client.get(reverse("api:report-list")).status_code == 200


def test_the_schema_documents_the_year_and_its_alias():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    [operation] = [
        op
        for path in schema["paths"].values()
        for op in path.values()
        if isinstance(op, dict) and op.get("operationId") == "consolidations_retrieve"
    ]
    names = {p["name"]: p for p in operation["parameters"]}
    assert set(names) == {"id", "annee", "year"}
    assert "annee" in names["year"]["description"]
