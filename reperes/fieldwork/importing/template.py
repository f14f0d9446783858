"""The table to fill in, with the lists of the service's current convention."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from reperes.core.cells import xlsx_append, xlsx_set
from reperes.fieldwork.enums import (
    ChoiceKind,
    EntryMode,
    ExitReason,
    Intensity,
    Situation,
)
from reperes.fieldwork.importing.columns import COLUMNS, DATA_SHEET, LISTS_SHEET, choice_items
from reperes.partners.models import Service


# ---------------------------------------------------------------- the template to fill in
def template_workbook(service: Service) -> bytes:
    """The empty table with its headers, and a « Listes » sheet with the allowed values."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    sheet.append([c.header for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = max(16, len(column.header) + 4)
    sheet.freeze_panes = "A2"

    lists = workbook.create_sheet(LISTS_SHEET)
    columns = {
        "Genre": ["F", "G", "X"],
        "Situation": [c.label for c in Situation],
        "Mode d'entrée": [c.label for c in EntryMode],
        "Intensité": [c.label for c in Intensity],
        "Motif de fin": [c.label for c in ExitReason],
        "Problématiques": [i.label for i in choice_items(service, ChoiceKind.PROBLEM)],
        "Réponses apportées": [i.label for i in choice_items(service, ChoiceKind.RESPONSE)],
        "Communes du service": [
            f"{c.name} ({c.insee_code})" for c in service.communes.order_by("name")
        ],
    }
    for index, (header, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(index)
        xlsx_set(lists, 1, index, header).font = Font(bold=True)
        for line, value in enumerate(values, start=2):
            xlsx_set(lists, line, index, value)
        lists.column_dimensions[letter].width = max(18, *(len(v) + 2 for v in values or [""]))
        target = next((c for c in COLUMNS if c.header == header), None)
        if target is not None and values:
            # A drop-down on the table's column (a rule of the sheet, not a cell formula).
            validation = DataValidation(
                type="list",
                formula1=f"{LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}",
                allow_blank=True,
            )
            sheet.add_data_validation(validation)
            column_letter = get_column_letter(COLUMNS.index(target) + 1)
            validation.add(f"{column_letter}2:{column_letter}5001")
    notes = workbook.create_sheet("Mode d'emploi")
    notes.append(
        [
            "Une ligne par accompagnement. Aucune donnée d'identité (nom, prénom, adresse, "
            "téléphone, date de naissance) : le code du jeune suffit."
        ]
    )
    for column in COLUMNS:
        xlsx_append(
            notes, [column.header, ("Obligatoire. " if column.required else "") + column.help]
        )
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 70
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
