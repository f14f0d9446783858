"""Outputs of the reports: charts, CSV, XLSX and ODS carry the report's numbers, and a report
regenerated for a past period gives the same bytes."""

from __future__ import annotations

import csv
import io
import json
from types import SimpleNamespace

import pytest

from reperes.core.cells import plain_text
from reperes.reporting import charts, exports
from reperes.reporting.indicators import Period, Scope
from reperes.reporting.report_models import library
from reperes.reporting.reports import MODELS, ChartSpec, ReportTable, build
from tests.factories import ServiceFactory
from tests.reporting import outputs_read, report_fixture


@pytest.fixture
def service(db):
    service = ServiceFactory(name="SPS A")
    report_fixture.build(service, ServiceFactory(name="SPS B"))
    return service


def _report(key, service):
    return build(key, scope=Scope.for_service(service), period=Period.year(2024), service=service)


def _numbers(table) -> list[str]:
    return [plain_text(v) for line in table.cells for v in line]


@pytest.mark.parametrize("key", sorted(library()))
def test_exports_are_reproducible_and_carry_the_numbers(service, key):
    from odf.opendocument import load
    from odf.table import Table, TableCell
    from openpyxl import load_workbook

    first = _report(key, service)
    again = _report(key, service)
    assert exports.to_csv(first) == exports.to_csv(again)
    assert exports.to_xlsx(first) == exports.to_xlsx(again)
    assert exports.to_ods(first) == exports.to_ods(again)

    rows = list(csv.reader(io.StringIO(exports.to_csv(first).decode("utf-8-sig")), delimiter=";"))
    flat = [cell for row in rows for cell in row]
    book = load_workbook(io.BytesIO(exports.to_xlsx(first)))
    ods = load(io.BytesIO(exports.to_ods(first)))
    ods_sheets = ods.spreadsheet.getElementsByType(Table)
    assert len(book.sheetnames) == len(ods_sheets) == len(first.tables) + 1
    for index, table in enumerate(first.tables, start=1):
        sheet = book[book.sheetnames[index]]
        assert sheet["A1"].value == table.title
        xlsx_values = [
            cell
            for line in sheet.iter_rows(min_row=3, min_col=2, values_only=True)
            for cell in line
        ]
        assert xlsx_values == [float(v) for v in _flat(table)]
        ods_values = [
            str(cell)
            for row in ods_sheets[index].childNodes[2:]
            for cell in row.getElementsByType(TableCell)[1:]
        ]
        assert ods_values == _numbers(table)
        for number in _numbers(table):
            assert number.replace(".", ",") in flat  # decimal comma for French spreadsheets


def _flat(table):
    return [v for line in table.cells for v in line]


def test_csv_neutralises_formulas():
    table = ReportTable(
        key="t",
        title='=HYPERLINK("http://x")',
        rows=("+33 6", "-1", "@SUM(A1)", "Normal"),
        columns=("Nombre",),
        cells=((1,), (2,), (3,), (-4,)),
    )
    report = SimpleNamespace(
        title="R",
        service_name="\tS",
        operator_name="O",
        period=Period.year(2024),
        tables=[table],
    )
    text = exports.to_csv(report).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert {"'+33 6", "'-1", "'@SUM(A1)", "'\tS"} <= set(cells)
    assert "-4" in cells  # a number stays a number


def test_charts_are_deterministic_svg_without_date(service):
    report = _report("suivi-trimestriel", service)
    by_key = {t.key: t for t in report.tables}
    for spec in report.sections[0].charts:
        svg = charts.render_svg(by_key[spec.table], spec)
        assert svg == charts.render_svg(by_key[spec.table], spec)
        assert svg.startswith(b"<?xml")
        assert b"<dc:date>" not in svg


def test_a_masked_cell_is_not_drawn_and_the_chart_says_so():
    table = ReportTable(
        key="t",
        title="T",
        rows=("A", "B", "Total"),
        columns=("Nombre",),
        cells=((7,), ("< 5",), (None,)),
    )
    spec = ChartSpec("c", "t", "barh", "T")
    svg = charts.render_svg(table, spec).decode()
    assert "secret statistique" in svg
    clean = ReportTable(
        key="t", title="T", rows=("A", "B"), columns=("Nombre",), cells=((7,), (6,))
    )
    assert "secret statistique" not in charts.render_svg(clean, spec).decode()


# ---------------------------------------------------------------- pages, PDF, API


@pytest.fixture
def filled(world):
    report_fixture.build(world["services"]["a"], world["services"]["b"])
    return world


def _get(client, name, pk, model, fmt=""):
    from django.urls import reverse

    return client.get(reverse(name, kwargs={"pk": pk}) + f"?modele={model}&periode=2024")


@pytest.mark.parametrize("model", sorted(library()))
def test_the_same_numbers_in_page_pdf_spreadsheet_and_api(client, filled, model):
    """Every figure of every table, read back from the page, the PDF's text, the XLSX and the
    ODS, is the API's cell at the same place (same tables, same rows, same order)."""
    service = filled["services"]["a"]
    client.force_login(filled["users"]["director_a"])

    def get(name):
        return _get(client, name, service.pk, model).content

    api = json.loads(get("api:report-detail"))
    tables = [t for s in api["sections"] for t in s["tables"]]
    assert tables
    read = outputs_read.every_format(get, [(t["title"], t["rows"]) for t in tables], with_csv=False)
    outputs_read.assert_shows_the_api_tables(read, tables)


def test_outsiders_get_a_404_and_staff_the_exact_figures(client, filled):
    from django.urls import reverse

    service = filled["services"]["a"]
    url = (
        reverse("reporting:report", kwargs={"pk": service.pk})
        + "?modele=rapport-drome&periode=2024"
    )
    for persona in ("educator_b", "outsider", "dpo", "platform_admin"):
        client.force_login(filled["users"][persona])
        assert client.get(url).status_code == 404, persona
    client.force_login(filled["users"]["educator_a"])
    response = client.get(url)
    assert response.status_code == 200
    assert "Vous voyez les chiffres exacts de votre service" in response.content.decode()


def test_home_lists_the_reports_of_the_visible_services(client, filled):
    from django.urls import reverse

    client.force_login(filled["users"]["educator_a"])
    page = client.get(reverse("reporting:home")).content.decode()
    assert "SPS A" in page
    assert "SPS B" not in page
    assert page.count("?modele=") == len(MODELS)
    client.force_login(filled["users"]["outsider"])
    assert (
        "Aucun rapport ne vous est accessible"
        in client.get(reverse("reporting:home")).content.decode()
    )


def test_a_past_period_regenerates_the_same_files(client, filled):
    service = filled["services"]["a"]
    client.force_login(filled["users"]["director_a"])
    for name in ("reporting:report_csv", "reporting:report_xlsx", "reporting:report_ods"):
        first = _get(client, name, service.pk, "bilan-annuel").content
        assert first == _get(client, name, service.pk, "bilan-annuel").content, name


def test_a_horizontal_bar_chart_draws_the_row_totals():
    table = ReportTable(
        key="t",
        title="T",
        rows=("Quartier", "Total"),
        columns=("Fille", "Garçon", "Total"),
        cells=((3, 4, 7), (3, 4, 7)),
    )
    assert charts._series(table, ChartSpec("c", "t", "barh", "T")) == ["Total"]
    assert charts._series(table, ChartSpec("c", "t", "stacked", "T")) == ["Fille", "Garçon"]
