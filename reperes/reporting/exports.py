"""Spreadsheet exports of a published report: XLSX (openpyxl), ODS (odfpy) and CSV.

Reproducible: the same report gives the same bytes (fixed document dates, no creation time).
CSV cells that a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage
return) are prefixed with an apostrophe (OWASP « CSV injection »); numbers are written as
numbers, in the CSV dialect asked (``reperes.core.csv_exports``).

Each file opens on the report's header and then its notes — what the page says about its
figures (statistical secrecy, warnings, the tables' notes), as ``(label, text)`` pairs — so
that a figure never travels without them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from reperes.core import csv_exports
from reperes.core.cells import plain_text, xlsx_append

from .charts import number

FIXED_DATE = datetime(2000, 1, 1)  # noqa: DTZ001 (openpyxl and zip entries take naive times)
NOTES = "Notes et avertissements"
Notes = Sequence[tuple[str, str]]


def _header(report: Any) -> list[tuple[str, str]]:
    """A service's report: the service and its operator. Another export (the funder's
    consolidation) names its own lines in ``header``."""
    own = getattr(report, "header", None)
    if own is not None:
        return list(own)
    return [
        ("Rapport", report.title),
        ("Service", report.service_name),
        ("Organisme gestionnaire", report.operator_name),
        ("Période", f"du {report.period.start:%d/%m/%Y} au {report.period.end:%d/%m/%Y}"),
        *([("Publication", report.publication)] if getattr(report, "publication", "") else []),
    ]


def _summary(report: Any, notes: Notes) -> list[list[Any]]:
    """The header's lines, then the notes under their own title, in one block: the first
    blank line of a CSV still ends its header (readers skip to the tables from there)."""
    lines: list[list[Any]] = [[label, value] for label, value in _header(report)]
    if notes:
        lines += [[NOTES], *([label, text] for label, text in notes)]
    return lines


def to_csv(
    report: Any, notes: Notes = (), dialect: csv_exports.Dialect = csv_exports.SPREADSHEET
) -> bytes:
    """The header and notes, then one block per table: its title, its header line, its
    lines, a blank line."""
    rows: list[list[Any]] = [*_summary(report, notes), []]
    heading = getattr(report, "row_heading", "")
    for table in report.tables:
        rows.append([table.title])
        rows.append([heading, *table.columns])
        rows.extend([row, *line] for row, line in zip(table.rows, table.cells, strict=True))
        rows.append([])
    return csv_exports.write(rows, dialect)


def _sheet_name(index: int, title: str) -> str:
    cleaned = "".join(c for c in title if c not in "[]:*?/\\'")
    return f"{index:02d} {cleaned}"[:31]


def to_xlsx(report: Any, notes: Notes = ()) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.properties.created = FIXED_DATE
    book.properties.modified = FIXED_DATE
    book.properties.creator = "Repères"
    summary = book.active
    summary.title = "Rapport"
    for line in _summary(report, notes):
        xlsx_append(summary, line)
    summary.column_dimensions["A"].width = 28
    bold = Font(bold=True)
    for index, table in enumerate(report.tables, start=1):
        sheet = book.create_sheet(_sheet_name(index, table.title))
        xlsx_append(sheet, [table.title])
        sheet["A1"].font = bold
        xlsx_append(sheet, [getattr(report, "row_heading", ""), *table.columns])
        for row, line in zip(table.rows, table.cells, strict=True):
            xlsx_append(sheet, [row, *[_cell_value(v) for v in line]])
        sheet.column_dimensions["A"].width = 48
    out = io.BytesIO()
    book.save(out)
    return _fixed_zip(out.getvalue())


def _cell_value(value: Any) -> Any:
    numeric = number(value)
    if numeric is None:
        return plain_text(value) if value is not None else None
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


def to_ods(report: Any, notes: Notes = ()) -> bytes:
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
                cell = TableCell(valuetype="float", value=plain_text(value))
                cell.addElement(P(text=plain_text(value)))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=plain_text(value)))
            row.addElement(cell)
        table.addElement(row)

    sheet = Table(name="Rapport")
    for line in _summary(report, notes):
        add_row(sheet, line)
    doc.spreadsheet.addElement(sheet)
    for index, table in enumerate(report.tables, start=1):
        sheet = Table(name=_sheet_name(index, table.title))
        add_row(sheet, [table.title])
        add_row(sheet, [getattr(report, "row_heading", ""), *table.columns])
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
