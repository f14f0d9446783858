"""Read the tables of a report back out of each of its formats, as a reader of the file would:
the page's HTML tables, the PDF's text (``pdftotext -layout``), the spreadsheets' sheets and the
CSV's blocks. Each reader gives, for every table in the report's order, its lines as
``(row label, [cell, …])``; ``same`` compares a read cell with a value of the tables.

The CSV is read with the separator it declares or, failing that, the one it is written with,
and a decimal comma is read as a decimal point: the tests stay true when the CSV's
conventions change.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import tempfile
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

WITHHELD = "s"
# A figure as the PDF prints it, apart from its label by two spaces or more.
_FIGURE = re.compile(r"^(?:[−-]?\d+(?:[,.]\d+)?|s|—|NR)$")

Lines = list[tuple[str, list[Any]]]


def number(value: Any) -> Decimal | None:
    """The number a cell shows, whatever the format wrote (« 3,5 », "3.5", 3.5, 3), or None."""
    if isinstance(value, bool) or value is None:
        return None
    text = str(value).strip().replace("\u202f", "").replace("\xa0", "").replace("−", "-")
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def same(read: Any, value: Any) -> bool:
    """Does ``read`` (a cell read from a file) show ``value`` (a cell of the tables)?"""
    if value is None:
        return read in (None, "", "—")
    if number(value) is not None:
        return number(read) is not None and number(read) == number(value)
    return str(read).strip() == str(value)


# ---------------------------------------------------------------- page


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[Lines] = []
        self._cell: list[str] | None = None
        self._line: list[str] | None = None
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag == "table" and "report-table" in classes:
            self.tables.append([])
        elif tag == "tbody" and self.tables:
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._line = []
        elif tag in ("th", "td") and self._line is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None and self._line is not None:
            self._line.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._line is not None:
            self.tables[-1].append((self._line[0], self._line[1:]))
            self._line = None
        elif tag == "tbody":
            self._in_body = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def page_tables(html: str) -> list[Lines]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


# ---------------------------------------------------------------- PDF


def pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout


def _starts(line: str, label: str) -> bool:
    return line.strip().startswith(label.strip()[:30])


def _caption(lines: list[str], cursor: int, title: str, first_row: str) -> int:
    """The line of the table's first row, after its caption: the caption is the line that
    starts with the title and is followed by the header lines, with no blank line, up to the
    first row (a section heading or a chart's caption with the same words is followed by a
    blank line)."""
    while True:
        while not lines[cursor].strip().startswith(title.strip()[:40]):
            cursor += 1  # IndexError: the table's caption is not in the PDF
        cursor += 1
        below = cursor
        while lines[below].strip() and not _starts(lines[below], first_row):
            below += 1
        if lines[below].strip():
            return below


def pdf_tables(text: str, tables: list[tuple[str, list[str]]]) -> list[Lines]:
    """The figures the PDF prints in each of ``tables`` (their titles and row labels say where
    to look; the figures are read from the text).

    A table starts at its caption (``_caption``); a line starts at its row label, and its figures are the parts set apart by two spaces or
    more on that line and the following ones up to a blank line or the next row (a label too
    long for its cell wraps, and the figures sit on its middle line)."""
    lines = text.splitlines()
    cursor = 0
    found: list[Lines] = []
    for title, labels in tables:
        cursor = _caption(lines, cursor, title, labels[0])
        rows: Lines = []
        for index, label in enumerate(labels):
            while not _starts(lines[cursor], label):
                cursor += 1  # IndexError: a row is missing
            following = labels[index + 1] if index + 1 < len(labels) else None
            parts = re.split(r"\s{2,}", lines[cursor].strip())[1:]
            cursor += 1
            while (
                cursor < len(lines)
                and lines[cursor].strip()
                and not (following is not None and _starts(lines[cursor], following))
            ):
                parts += re.split(r"\s{2,}", lines[cursor].strip())
                cursor += 1
            rows.append((label, [p for p in parts if _FIGURE.match(p)]))
        found.append(rows)
    return found


# ---------------------------------------------------------------- spreadsheets and CSV


def xlsx_tables(content: bytes) -> list[Lines]:
    """Each sheet after the summary: its title, its header, then one line per row."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    return [
        [(line[0], list(line[1:])) for line in sheet.iter_rows(min_row=3, values_only=True)]
        for sheet in book.worksheets[1:]
    ]


def ods_tables(content: bytes) -> list[Lines]:
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    sheets = load(io.BytesIO(content)).spreadsheet.getElementsByType(Table)[1:]
    found = []
    for sheet in sheets:
        lines = []
        for row in sheet.getElementsByType(TableRow)[2:]:
            cells = row.getElementsByType(TableCell)
            values = [
                cell.getAttribute("value")
                if cell.getAttribute("valuetype") == "float"
                else str(cell)
                for cell in cells
            ]
            lines.append((str(cells[0]), values[1:]))
        found.append(lines)
    return found


def csv_dialect(text: str) -> Any:
    """The dialect the file declares (a first line « sep=; »), else the separator that ends
    its first field (« Rapport »: ``csv.Sniffer`` gives up on blocks of unequal widths)."""
    first = text.split("\n", 1)[0].strip()
    if first.startswith("sep=") and len(first) == 5:
        delimiter = first[4]
    else:
        delimiter = min((first.find(d), d) for d in ";,\t" if d in first)[1]
    return type("Read", (csv.excel,), {"delimiter": delimiter})


def csv_tables(content: bytes, titles: list[str]) -> list[Lines]:
    """The blocks of the CSV, each found by its title (a title line, a header line, its rows,
    a blank line)."""
    text = content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), csv_dialect(text)))
    if rows and rows[0] and rows[0][0].startswith("sep="):
        rows = rows[1:]
    found = []
    cursor = 0
    for title in titles:
        while not (rows[cursor] and rows[cursor][0] == title):
            cursor += 1
        cursor += 2
        lines = []
        while cursor < len(rows) and rows[cursor] and any(rows[cursor]):
            lines.append((rows[cursor][0], rows[cursor][1:]))
            cursor += 1
        found.append(lines)
    return found


def every_format(
    get: Any, tables: list[tuple[str, list[str]]], *, with_csv: bool = True
) -> dict[str, list[Lines]]:
    """The report's tables read back from its page, PDF, XLSX, ODS and (``with_csv``) CSV, by
    format. ``get(url_name)`` answers the content the report's URL of that name serves;
    ``tables`` are the (title, row labels) of the report's tables, in order."""
    read = {
        "page": page_tables(get("reporting:report").decode()),
        "PDF": pdf_tables(pdf_text(get("reporting:report_pdf")), tables),
        "XLSX": xlsx_tables(get("reporting:report_xlsx")),
        "ODS": ods_tables(get("reporting:report_ods")),
    }
    if with_csv:
        read["CSV"] = csv_tables(get("reporting:report_csv"), [title for title, _ in tables])
    return read


def assert_shows_the_api_tables(read: dict[str, list[Lines]], tables: list[dict[str, Any]]) -> None:
    """Every format of ``read`` (see ``every_format``) shows the API's ``tables``: the same
    tables, rows and order, and every cell is the API's cell at the same place."""
    for name, found in read.items():
        assert len(found) == len(tables), name
        for table, lines in zip(tables, found, strict=True):
            assert [label for label, _ in lines] == table["rows"], (name, table["key"])
            for (label, cells), line in zip(lines, table["cells"], strict=True):
                assert len(cells) == len(line), (name, table["key"], label)
                for column, shown, value in zip(table["columns"], cells, line, strict=True):
                    assert same(shown, value), (name, table["key"], label, column, shown, value)
