"""One cell writer (reperes/core/cells.py): no text becomes a formula (issue 9 point 4)."""

from __future__ import annotations

import io
from decimal import Decimal
from types import SimpleNamespace

from openpyxl import Workbook, load_workbook

from reperes.core.cells import json_value, safe_cell, safe_text, xlsx_append, xlsx_set
from reperes.reporting import exports

INJECTION = '=HYPERLINK("http://x","y")'


def _report(label: str) -> SimpleNamespace:
    from datetime import date

    table = SimpleNamespace(
        title=label, columns=[label, "Total"], rows=[label, "Autre"], cells=[[3, 4], [1, 2]]
    )
    return SimpleNamespace(
        title=label,
        service_name=label,
        operator_name="Association",
        period=SimpleNamespace(start=date(2025, 1, 1), end=date(2025, 12, 31)),
        tables=[table],
    )


def test_a_label_is_never_a_live_formula_in_the_xlsx():
    book = load_workbook(io.BytesIO(exports.to_xlsx(_report(INJECTION))))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    texts = [c for c in cells if c.value == INJECTION]
    assert len(texts) >= 4  # title, service, table title, column, row label
    assert all(c.data_type == "s" for c in texts)
    assert not [c for c in cells if c.data_type == "f"]
    numbers = [c.value for c in cells if isinstance(c.value, int | float)]
    assert numbers == [3, 4, 1, 2]


def test_csv_neutralises_with_an_apostrophe():
    text = exports.to_csv(_report(INJECTION)).decode("utf-8-sig")
    assert "'" + INJECTION.replace('"', '""') in text
    assert "\n=HYPERLINK" not in text
    assert ";=HYPERLINK" not in text


def test_ods_writes_text_cells():
    content = exports.to_ods(_report(INJECTION))
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(content)).read("content.xml").decode()
    assert "table:formula" not in xml


def test_the_writer_helpers():
    assert safe_text("-3 %") == "'-3 %"
    assert safe_cell(12) == 12
    assert safe_cell(None) is None
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    book = Workbook()
    sheet = book.active
    xlsx_append(sheet, [INJECTION, 2])
    xlsx_set(sheet, 2, 1, "+1")
    out = io.BytesIO()
    book.save(out)
    again = load_workbook(out).active
    assert again["A1"].value == INJECTION
    assert again["A1"].data_type == "s"
    assert again["A2"].value == "+1"
    assert again["A2"].data_type == "s"
    assert again["B1"].value == 2


def test_a_json_cell_holds_a_decimal_as_its_text():
    assert json_value(Decimal("3.83000000000000")) == "3.83"
    assert json_value(Decimal("12.00")) == "12"
    assert json_value(7) == 7
    assert json_value("s") == "s"
    assert json_value(None) is None
