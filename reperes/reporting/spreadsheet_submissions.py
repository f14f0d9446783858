"""The spreadsheet template of a submission: downloaded pre-filled, uploaded back.

Sheet « Remontée »: one line per catalogue indicator, the code in the hidden column A (the
only thing read back to identify a line), the group and label visible, the value (empty or
« NR »: non renseigné) and a note. Sheet « Informations » carries the submission's public id
so that a file is not uploaded onto another service's or another year's submission.

Reading back is defensive: a size limit, openpyxl in ``read_only`` mode without evaluating
anything, formulas refused, wrong types refused with the line's number, and nothing is
written unless the whole file is correct (the caller saves the entries in one action).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from reperes.core.cells import xlsx_append
from reperes.core.uploads import SheetLimits, UploadRefused, capped_rows, open_xlsx, unreadable

from . import catalogue
from .exports import FIXED_DATE, _fixed_zip

MAX_BYTES = 512 * 1024
SHEET = "Remontée"
INFO_SHEET = "Informations"
HEADER = ("code", "Rubrique", "Indicateur", "Valeur", "Précision (facultatif)")
NR_TEXTS = {"", "nr", "n.r.", "non renseigné", "non renseigne"}
MAX_VALUE = Decimal("9999999999.99")
FORMULA_PREFIXES = ("=", "+", "@")


@dataclass(frozen=True)
class Upload:
    entries: dict[str, tuple[Decimal | None, str]]
    errors: list[str]


def template_xlsx(submission: Any) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    values = {v.code: v for v in submission.values.all()}
    book = Workbook()
    book.properties.created = FIXED_DATE
    book.properties.modified = FIXED_DATE
    book.properties.creator = "Repères"
    sheet = book.active
    sheet.title = SHEET
    xlsx_append(sheet, list(HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for indicator in catalogue.INDICATORS:
        row = values.get(indicator.code)
        value = None if row is None or row.value is None else float(row.value)
        xlsx_append(
            sheet,
            [indicator.code, indicator.group, indicator.label, value, row.note if row else ""],
        )
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["C"].width = 48
    sheet.column_dimensions["D"].width = 14
    sheet.column_dimensions["E"].width = 40
    sheet.freeze_panes = "D2"
    check = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        error="Saisissez un nombre positif ou laissez la case vide (non renseigné).",
    )
    sheet.add_data_validation(check)
    check.add(f"D2:D{sheet.max_row}")
    for line in sheet.iter_rows(min_row=2, min_col=4, max_col=5):
        for cell in line:
            cell.protection = Protection(locked=False)
    info = book.create_sheet(INFO_SHEET)
    xlsx_append(info, ["Remontée", str(submission.public_id)])
    xlsx_append(info, ["Service", str(submission.service)])
    xlsx_append(info, ["Année", submission.year])
    xlsx_append(info, [])
    xlsx_append(info, ["Laissez une case vide (ou « NR ») quand le chiffre n'est pas renseigné."])
    xlsx_append(info, ["Ne modifiez pas la colonne cachée A : elle identifie chaque ligne."])
    info.column_dimensions["A"].width = 14
    info.column_dimensions["B"].width = 40
    out = io.BytesIO()
    book.save(out)
    return _fixed_zip(out.getvalue())


def _number(raw: Any, line: int, label: str) -> tuple[Decimal | None, str | None]:
    where = f"Ligne {line} (« {label} »)"
    if raw is None:
        return None, None
    if isinstance(raw, bool):
        return None, f"{where} : « {raw} » n'est pas un nombre."
    if isinstance(raw, int | float | Decimal):
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            return None, f"{where} : la valeur n'est pas un nombre."
    elif isinstance(raw, str):
        text = raw.strip()
        if text.lower() in NR_TEXTS:
            return None, None
        if text.startswith(FORMULA_PREFIXES):
            return None, f"{where} : une formule n'est pas acceptée, saisissez le chiffre."
        try:
            value = Decimal(
                text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
            )
        except InvalidOperation:
            return (
                None,
                f"{where} : « {text[:40]} » n'est pas un nombre (laissez vide si non renseigné).",
            )
    else:
        return None, f"{where} : une date ou un autre type n'est pas accepté, saisissez un nombre."
    if not value.is_finite():
        return None, f"{where} : la valeur n'est pas un nombre."
    if value < 0:
        return None, f"{where} : une valeur ne peut pas être négative."
    if value > MAX_VALUE or value != value.quantize(Decimal("0.01")):
        return None, f"{where} : au plus deux décimales et moins de dix milliards."
    return value, None


LIMITS = SheetLimits(
    max_bytes=MAX_BYTES,
    # The filled template is some tens of kilobytes once decompressed.
    max_uncompressed=10 * 1024 * 1024,
    max_ratio=100,
    max_entries=50,
    max_rows=len(catalogue.INDICATORS) + 50,
    max_columns=5,
)


def read_upload(content: bytes, submission: Any) -> Upload:
    """The entries of an uploaded template, or the errors; never a partial result.

    The file passes the platform's upload guard first (reperes/core/uploads.py: size, zip
    bomb, macros, links), judged on the zip's directory before any row is parsed."""
    try:
        book = open_xlsx(content, LIMITS)
    except UploadRefused as refusal:
        return Upload({}, refusal.messages)
    try:
        if SHEET not in book.sheetnames or INFO_SHEET not in book.sheetnames:
            return Upload(
                {}, [f"Le classeur n'a pas les feuilles « {SHEET} » et « {INFO_SHEET} »."]
            )
        info = {
            row[0]: row[1]
            for row in book[INFO_SHEET].iter_rows(min_row=1, max_row=3, max_col=2, values_only=True)
            if row and len(row) > 1
        }
        if str(info.get("Remontée") or "") != str(submission.public_id):
            return Upload(
                {},
                [
                    "Ce fichier est le modèle d'une autre remontée (autre service ou autre "
                    "année) : téléchargez celui de cette remontée."
                ],
            )
        return _read_lines(book[SHEET])
    except UploadRefused as refusal:
        return Upload({}, refusal.messages)
    except Exception as exc:  # noqa: BLE001 (openpyxl raises many kinds on a malformed sheet)
        return Upload({}, unreadable(exc).messages)
    finally:
        book.close()


def _read_lines(sheet: Any) -> Upload:
    errors: list[str] = []
    entries: dict[str, tuple[Decimal | None, str]] = {}
    for line, row in enumerate(capped_rows(sheet, LIMITS, min_row=2), start=2):
        cells = list(row) + [None] * (5 - len(row))
        code_cell, _group, label_cell, value_cell, note_cell = cells[:5]
        code = getattr(code_cell, "value", None)
        if code is None and getattr(value_cell, "value", None) is None:
            continue
        if not isinstance(code, str) or code not in catalogue.BY_CODE:
            errors.append(f"Ligne {line} : indicateur inconnu, la colonne A a été modifiée.")
            continue
        label = catalogue.BY_CODE[code].label
        if code in entries:
            errors.append(f"Ligne {line} (« {label} ») : cet indicateur figure deux fois.")
            continue
        if any(getattr(c, "data_type", None) == "f" for c in (value_cell, note_cell)):
            errors.append(
                f"Ligne {line} (« {label} ») : une formule n'est pas acceptée, saisissez le chiffre."
            )
            continue
        value, error = _number(getattr(value_cell, "value", None), line, label)
        note_raw = getattr(note_cell, "value", None)
        note = "" if note_raw is None else str(note_raw).strip()
        if len(note) > 300:
            error = error or f"Ligne {line} (« {label} ») : la précision dépasse 300 caractères."
        if error:
            errors.append(error)
            continue
        entries[code] = (value, note)
    if errors:
        return Upload({}, errors)
    return Upload(entries, [])
