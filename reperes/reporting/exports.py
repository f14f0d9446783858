"""Spreadsheet exports of a published report: XLSX (openpyxl), ODS (odfpy) and CSV.

Reproducible: the same report gives the same bytes (fixed document dates, no creation time).
CSV cells that a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage
return) are prefixed with an apostrophe (OWASP « CSV injection »); numbers are written as
numbers.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime
from decimal import Decimal
from typing import Any

from reperes.core.cells import is_number, safe_text, xlsx_append

from .charts import number

FIXED_DATE = datetime(2000, 1, 1)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def safe_csv(value: Any) -> Any:
    if is_number(value):
        return _text(value)
    return safe_text(value)


def _header(report: Any) -> list[tuple[str, str]]:
    return [
        ("Rapport", report.title),
        ("Service", report.service_name),
        ("Organisme gestionnaire", report.operator_name),
        ("Période", f"du {report.period.start:%d/%m/%Y} au {report.period.end:%d/%m/%Y}"),
        *([("Publication", report.publication)] if getattr(report, "publication", "") else []),
    ]


def to_csv(report: Any) -> bytes:
    """One block per table: its title, its header line, its lines, a blank line."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for label, value in _header(report):
        writer.writerow([safe_csv(label), safe_csv(value)])
    writer.writerow([])
    for table in report.tables:
        writer.writerow([safe_csv(table.title)])
        writer.writerow(["", *[safe_csv(c) for c in table.columns]])
        for row, line in zip(table.rows, table.cells, strict=True):
            writer.writerow([safe_csv(row), *[safe_csv(v) for v in line]])
        writer.writerow([])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sheet_name(index: int, title: str) -> str:
    cleaned = "".join(c for c in title if c not in "[]:*?/\\'")
    return f"{index:02d} {cleaned}"[:31]


def to_xlsx(report: Any) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.properties.created = FIXED_DATE
    book.properties.modified = FIXED_DATE
    book.properties.creator = "Repères"
    summary = book.active
    summary.title = "Rapport"
    for label, value in _header(report):
        xlsx_append(summary, [label, value])
    bold = Font(bold=True)
    for index, table in enumerate(report.tables, start=1):
        sheet = book.create_sheet(_sheet_name(index, table.title))
        xlsx_append(sheet, [table.title])
        sheet["A1"].font = bold
        xlsx_append(sheet, ["", *table.columns])
        for row, line in zip(table.rows, table.cells, strict=True):
            xlsx_append(sheet, [row, *[_cell_value(v) for v in line]])
        sheet.column_dimensions["A"].width = 48
        xlsx_append(summary, [])
    out = io.BytesIO()
    book.save(out)
    return _fixed_zip(out.getvalue())


def _cell_value(value: Any) -> Any:
    numeric = number(value)
    if numeric is None:
        return _text(value) if value is not None else None
    if isinstance(value, int):
        return value
    return float(value)


_W3CDTF = re.compile(rb'(<dcterms:(?:created|modified) xsi:type="dcterms:W3CDTF">)[^<]*(<)')
_XMLNS = re.compile(rb'\s+xmlns:[\w-]+="[^"]*"')


def _sorted_namespaces(xml: bytes) -> bytes:
    """odfpy declares on its root element the namespaces it has met so far in the process,
    in no fixed order: declare them all, sorted (the document is the same)."""
    from odf.namespaces import nsdict

    start = xml.find(b"<office:")
    if start < 0:
        return xml
    end = xml.find(b">", start)
    head = xml[start:end]
    declarations = sorted(f' xmlns:{prefix}="{uri}"'.encode() for uri, prefix in nsdict.items())
    rest = _XMLNS.sub(b"", head)
    name, _, attributes = rest.partition(b" ")
    rebuilt = name + b"".join(declarations) + (b" " + attributes if attributes else b"")
    return xml[:start] + rebuilt + xml[end:]


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with a fixed timestamp on every member (openpyxl and odfpy stamp the
    current time on each)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = (
                zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            )
            fixed.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the saving time as the modification date.
                content = _W3CDTF.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            elif info.filename.endswith(".xml"):
                content = _sorted_namespaces(content)
            target.writestr(fixed, content)
    return out.getvalue()


def to_ods(report: Any) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    _strip_meta(doc)

    def add_row(table: Any, values: list[Any]) -> None:
        row = TableRow()
        for value in values:
            numeric = number(value)
            if numeric is not None:
                cell = TableCell(valuetype="float", value=_text(value))
                cell.addElement(P(text=_text(value)))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=_text(value)))
            row.addElement(cell)
        table.addElement(row)

    sheet = Table(name="Rapport")
    for label, value in _header(report):
        add_row(sheet, [label, value])
    doc.spreadsheet.addElement(sheet)
    for index, table in enumerate(report.tables, start=1):
        sheet = Table(name=_sheet_name(index, table.title))
        add_row(sheet, [table.title])
        add_row(sheet, ["", *table.columns])
        for row, line in zip(table.rows, table.cells, strict=True):
            add_row(sheet, [row, *line])
        doc.spreadsheet.addElement(sheet)
    out = io.BytesIO()
    doc.write(out)
    return _fixed_zip(out.getvalue())


def _strip_meta(doc: Any) -> None:
    """odfpy writes the generator and the creation date: keep neither."""
    for child in list(doc.meta.childNodes):
        doc.meta.removeChild(child)
