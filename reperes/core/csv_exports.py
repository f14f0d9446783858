"""The one CSV writer of the platform, in two dialects.

A French spreadsheet (Excel, LibreOffice set to French) opens a CSV as text separated by
``;``, reads ``3,83`` as a number and ``3.83`` as a date or a text, and guesses the encoding
from a byte-order mark: the default dialect (« tableur ») is therefore ``;``, decimal comma,
UTF-8 with BOM. A program reads the other one (« machine », ``?csv=machine``): ``,``, decimal
point, no BOM (RFC 4180). Both neutralise the texts a spreadsheet would run as a formula
(``reperes.core.cells``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .cells import is_number, plain_text, safe_text
from .params import choice_param

CONTENT_TYPE = "text/csv; charset=utf-8"
PARAMETER = "csv"


@dataclass(frozen=True)
class Dialect:
    name: str
    delimiter: str
    decimal: str
    bom: bool


SPREADSHEET = Dialect("tableur", ";", ",", True)
MACHINE = Dialect("machine", ",", ".", False)
DIALECTS = {d.name: d for d in (SPREADSHEET, MACHINE)}


def dialect_of(params: Mapping[str, Any]) -> Dialect:
    """``?csv=machine`` for programs; the French spreadsheet otherwise (a French 400 for any
    other value)."""
    return DIALECTS[choice_param(params, PARAMETER, DIALECTS, default=SPREADSHEET.name)]


def cell(value: Any, dialect: Dialect) -> str:
    if is_number(value):
        return plain_text(value).replace(".", dialect.decimal)
    return safe_text(value)


def write(rows: Iterable[Iterable[Any]], dialect: Dialect = SPREADSHEET) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=dialect.delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([cell(v, dialect) for v in row])
    return (("\ufeff" if dialect.bom else "") + out.getvalue()).encode("utf-8")
