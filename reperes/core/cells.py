"""One cell writer for every spreadsheet the platform produces (XLSX, ODS, CSV).

A text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by a
spreadsheet as a formula (OWASP « CSV injection »; ``=HYPERLINK("http://x","y")`` in a label
becomes a live link). Every text cell goes through ``safe_text``: such a text is prefixed with an
apostrophe in CSV, the spreadsheets' own mark for « this is text »; an ODS text cell is typed
``string``; an XLSX text cell is typed as a string (``data_type = "s"``), so openpyxl never
stores it as a formula. Numbers stay numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True)
class Column:
    """A column of an import template: the key it is read under, its header, whether a row
    must fill it, and the help the template shows under the header."""

    key: str
    header: str
    required: bool = False
    help: str = ""


def is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def decimal_text(value: Decimal) -> str:
    """A decimal with its real precision, in every output (API, CSV, spreadsheets): « 3.83 »,
    never « 3.83000000000000 » (a sum that SQLite computes in floating point and Django reads
    back on fifteen digits) nor « 12.00 » (a two-place column), and never « 1E+1 »."""
    return format(value.normalize(), "f") if value else "0"


def json_value(value: Any) -> Any:
    """A cell as JSON carries it: a decimal as its text (``decimal_text``), anything else as is."""
    if isinstance(value, Decimal):
        return decimal_text(value)
    return value


def plain_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return decimal_text(value)
    return str(value)


def safe_text(value: Any) -> str:
    """The text as a spreadsheet will show it, never read as a formula."""
    text = plain_text(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def safe_cell(value: Any) -> Any:
    """A number as it is, anything else as neutralised text (None stays empty)."""
    if value is None or is_number(value):
        return value
    return safe_text(value)


def xlsx_append(sheet: Any, values: list[Any]) -> None:
    """``sheet.append`` with every text cell typed as a string: stored as text, never as a
    formula, and shown exactly as written (no apostrophe needed in XLSX)."""
    sheet.append([_xlsx_value(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def xlsx_set(sheet: Any, row: int, column: int, value: Any) -> Any:
    """``sheet.cell(row, column, value)``, the text typed as a string."""
    cell = sheet.cell(row=row, column=column)
    cell.value = _xlsx_value(value)
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def _xlsx_value(value: Any) -> Any:
    if value is None or isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return plain_text(value)
