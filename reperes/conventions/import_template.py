"""The workbook to fill in for an import of conventions (reperes/conventions/importer.py): the
two sheets with their headers (each with its help as a comment), the lists of allowed values,
and a « Mode d'emploi » sheet that documents every column."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reperes.core.cells import xlsx_append, xlsx_set
from reperes.rules import due as due_rules

from . import catalogue
from .enums import ConventionKind, DelayUnit, PeriodKindChoices, PeriodMonths, ScheduleKind
from .import_money import IMPORTED_KINDS, SCHEDULE_COLUMNS, SCHEDULES_SHEET
from .import_rows import CLAUSE_COLUMNS, CLAUSES_SHEET, CONVENTION_COLUMNS, CONVENTIONS_SHEET

LISTS_SHEET = "Listes"
HELP_SHEET = "Mode d'emploi"


def _lists() -> dict[str, list[str]]:
    lists = {
        "Domaine": [label for _code, label in ConventionKind.choices],
        "Type de période": [label for _code, label in PeriodKindChoices.choices],
        "Unités": [label for _code, label in DelayUnit.choices],
        "Nature (code — libellé)": [f"{k.code} — {k.label}" for k in catalogue.KINDS.values()],
        "due_rule": [f"{code} — {label}" for code, label in due_rules.RULE_LABELS.items()],
        "due_unit": ["days — jours", "months — mois"],
        "Modalité": [label for code, label in ScheduleKind.choices if code in IMPORTED_KINDS],
        "Périodicité": [label for _value, label in PeriodMonths.choices],
    }
    for kind in catalogue.KINDS.values():
        for param in kind.params:
            options = param.options() if param.type in (catalogue.CHOICE, catalogue.CHOICES) else []
            if options and param.name not in lists:
                lists[param.name] = [f"{code} — {label}" for code, label in options]
    return lists


def _kinds_using(name: str) -> str:
    kinds = [k.label for k in catalogue.KINDS.values() if any(p.name == name for p in k.params)]
    return ", ".join(kinds)


def template_workbook() -> bytes:
    workbook = Workbook()
    first = workbook.active
    first.title = CONVENTIONS_SHEET
    for sheet, columns in (
        (first, CONVENTION_COLUMNS),
        (workbook.create_sheet(CLAUSES_SHEET), CLAUSE_COLUMNS),
        (workbook.create_sheet(SCHEDULES_SHEET), SCHEDULE_COLUMNS),
    ):
        for index, column in enumerate(columns, start=1):
            cell = xlsx_set(sheet, 1, index, column.header)
            cell.font = Font(bold=True)
            help_text = ("Obligatoire. " if column.required else "") + column.help
            if help_text.strip():
                cell.comment = Comment(help_text.strip(), "Repères")
            width = max(14, len(column.header) + 4)
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"

    lists = workbook.create_sheet(LISTS_SHEET)
    for index, (header, values) in enumerate(_lists().items(), start=1):
        xlsx_set(lists, 1, index, header).font = Font(bold=True)
        for line, value in enumerate(values, start=2):
            xlsx_set(lists, line, index, value)
        lists.column_dimensions[get_column_letter(index)].width = max(
            18, *(min(len(v), 60) + 2 for v in values)
        )

    notes = workbook.create_sheet(HELP_SHEET)
    for text in (
        "Feuille « Conventions » : une ligne par convention. Feuille « Clauses » : une ligne "
        "par clause, rattachée à sa convention par la référence. Feuille « Échéanciers » "
        "(facultative) : une ligne par payeur d'une convention.",
        "Tout ou rien : si une ligne contient une erreur, rien n'est importé, et chaque erreur "
        "est signalée avec sa feuille et sa ligne.",
        "Importer deux fois le même fichier ne crée pas de doublon : une convention est "
        "retrouvée par sa référence chez son pilote, une clause par sa clé. Une clause absente "
        "du fichier est conservée.",
        "Les conventions importées sont des projets : elles n'ouvrent aucune donnée du service "
        "tant que l'opérateur ne les a pas acceptées. Une convention signée ou acceptée se "
        "modifie par avenant, pas par import.",
        "Les valeurs d'une liste s'écrivent par leur code ou par leur libellé (feuille « Listes »). "
        "Plusieurs valeurs se séparent par « ; ». Pas de formule : des valeurs seules.",
        "",
    ):
        xlsx_append(notes, [text])
    xlsx_append(notes, ["Feuille", "Colonne", "Obligatoire", "Contenu", "Natures concernées"])
    for sheet_name, columns in (
        (CONVENTIONS_SHEET, CONVENTION_COLUMNS),
        (CLAUSES_SHEET, CLAUSE_COLUMNS),
        (SCHEDULES_SHEET, SCHEDULE_COLUMNS),
    ):
        for column in columns:
            xlsx_append(
                notes,
                [
                    sheet_name,
                    column.header,
                    "oui" if column.required else "",
                    column.help,
                    _kinds_using(column.key) if sheet_name == CLAUSES_SHEET else "",
                ],
            )
    for letter, width in zip("ABCDE", (14, 32, 12, 70, 50), strict=True):
        notes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
