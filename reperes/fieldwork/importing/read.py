"""Stage 1 of the import: the file itself, checked whole before any row is read (type, size,
zip bomb, macros, external links, formulas, headers, number of rows)."""

from __future__ import annotations

from contextlib import closing
from typing import Any

from django.conf import settings
from openpyxl.utils import get_column_letter

from reperes.core.uploads import SheetLimits, capped_rows, open_xlsx, refusals_as
from reperes.fieldwork.importing.columns import (
    COLUMNS,
    DATA_SHEET,
    FORMULA_PREFIXES,
    IDENTITY_WORDS,
    MAX_COMPRESSION_RATIO,
    MAX_UNCOMPRESSED_BYTES,
    MAX_ZIP_ENTRIES,
    ImportRefused,
    fold,
)


# ---------------------------------------------------------------- the file itself
def check_upload(name: str, content: bytes) -> list[dict[str, Any]]:
    """The file's data rows (``{"line": n, "cells": {key: value}}``), or ImportRefused.

    The file itself (size, zip bomb, macros, external links, XML) is judged by the platform's
    one upload guard (reperes/core/uploads.py); this module reads the table."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in ("xlsm", "xltm", "xlam"):
        raise ImportRefused(
            "Les classeurs avec macros sont refusés : enregistrez le tableau au format .xlsx."
        )
    if extension != "xlsx":
        raise ImportRefused(
            "Seuls les classeurs Excel .xlsx sont acceptés : partez du modèle à télécharger."
        )
    limits = import_limits()
    with refusals_as(ImportRefused), closing(open_xlsx(content, limits)) as workbook:
        sheet = (
            workbook[DATA_SHEET] if DATA_SHEET in workbook.sheetnames else workbook.worksheets[0]
        )
        return _sheet_rows(sheet, limits)


def import_limits() -> SheetLimits:
    return SheetLimits(
        max_bytes=settings.REPERES_IMPORT_MAX_BYTES,
        max_uncompressed=MAX_UNCOMPRESSED_BYTES,
        max_ratio=MAX_COMPRESSION_RATIO,
        max_entries=MAX_ZIP_ENTRIES,
        # Blank lines are skipped: the stream is capped well past the rows that count.
        max_rows=settings.REPERES_IMPORT_MAX_ROWS * 2 + 100,
        max_columns=len(COLUMNS) + 20,
    )


def _sheet_rows(sheet: Any, limits: SheetLimits) -> list[dict[str, Any]]:
    rows = capped_rows(sheet, limits)
    header_cells = next(rows, None)
    if header_cells is None:
        raise ImportRefused("Le tableau est vide : la première ligne doit porter les en-têtes.")
    columns = _header_columns([c.value for c in header_cells])
    max_rows = settings.REPERES_IMPORT_MAX_ROWS
    formulas: list[str] = []
    data: list[dict[str, Any]] = []
    for line, cells in enumerate(rows, start=2):
        values: dict[str, Any] = {}
        stray: list[str] = []
        for index, cell in enumerate(cells):
            value = cell.value
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            reference = f"{get_column_letter(index + 1)}{line}"
            if cell.data_type == "f" or (
                isinstance(value, str) and value.lstrip().startswith(FORMULA_PREFIXES)
            ):
                formulas.append(reference)
                continue
            key = columns.get(index)
            if key is None:
                stray.append(reference)
            else:
                values[key] = value
        if not values and not stray:
            continue
        if len(data) >= max_rows:
            raise ImportRefused(
                f"Le tableau dépasse {max_rows} lignes : découpez-le en plusieurs fichiers."
            )
        data.append({"line": line, "cells": values, "stray": stray})
    if formulas:
        shown = ", ".join(formulas[:10]) + (" …" if len(formulas) > 10 else "")
        raise ImportRefused(
            f"Formules refusées (cellules {shown}) : collez les valeurs seules (« Collage "
            "spécial › Valeurs ») et retirez tout texte commençant par =, +, - ou @."
        )
    if not data:
        raise ImportRefused("Le tableau ne contient aucune ligne à importer.")
    return data


def _header_columns(headers: list[Any]) -> dict[int, str]:
    by_folded = {fold(c.header): c for c in COLUMNS}
    columns: dict[int, str] = {}
    identity: list[str] = []
    unknown: list[str] = []
    for index, raw in enumerate(headers):
        if raw is None or not str(raw).strip():
            continue
        header = str(raw).strip()
        column = by_folded.get(fold(header))
        if column is not None:
            if column.key in columns.values():
                raise ImportRefused(f"La colonne « {column.header} » figure deux fois.")
            columns[index] = column.key
        elif IDENTITY_WORDS.search(fold(header)):
            identity.append(header)
        else:
            unknown.append(header)
    if identity:
        raise ImportRefused(
            "L'import est pseudonyme : il n'accepte aucune donnée d'identité (colonne"
            f"{'s' if len(identity) > 1 else ''} « {' », « '.join(identity)} »). Le nom, le "
            "prénom, l'adresse et le téléphone d'un jeune ne se saisissent qu'à la main, sur sa "
            "fiche, avec son accord. Retirez ces colonnes."
        )
    if unknown:
        raise ImportRefused(
            f"Colonne{'s' if len(unknown) > 1 else ''} inconnue{'s' if len(unknown) > 1 else ''}"
            f" : « {' », « '.join(unknown)} ». Partez du modèle à télécharger."
        )
    missing = [c.header for c in COLUMNS if c.key not in columns.values()]
    if missing:
        raise ImportRefused(
            f"Colonne{'s' if len(missing) > 1 else ''} manquante"
            f"{'s' if len(missing) > 1 else ''} : « {' », « '.join(missing)} ». "
            "Partez du modèle à télécharger."
        )
    return columns
