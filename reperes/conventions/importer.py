"""Import of many conventions with their clauses from a spreadsheet (a Département moving its
conventions in).

One workbook, two sheets: « Conventions » (one row per convention: reference, title, service,
parties, period and renewal, secrecy) and « Clauses » (one row per clause: the convention's
reference, the clause's key, its kind, its article, and its parameters in flat columns named
after the catalogue's parameters — ``document``, ``model``, ``periodicity``, ``due_rule``,
``due_month``… — with ``params_json`` for anything else). The template to fill in is
``template_workbook()``; its « Mode d'emploi » sheet documents every column.

Three steps, nothing written before the last: ``check_upload`` (the file itself, through the
platform's one upload guard, then the sheets and their headers), ``build_plan`` (each row read,
typed and compared with the database: created, updated, unchanged, or its errors in French with
the sheet and the row), ``apply_plan`` (everything in one transaction, refused whole if any row
has an error). A convention is found again by its reference among its pilot's conventions, a
clause by its key: importing the same file twice changes nothing the second time. Conventions
are written as drafts (``actions_draft``): they grant nothing until their operator accepts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from reperes.core.models import audit
from reperes.core.uploads import SheetLimits, capped_rows, open_xlsx, read_ods, refusals_as

from .actions import _check_operator_party, _check_parties
from .actions_draft import (
    SETUP_ROLES,
    is_draft,
    may_set_up,
    reference_taken,
    set_up_convention,
    setup_parties,
    update_draft,
)
from .enums import PartyRole
from .import_money import (
    SCHEDULE_COLUMNS,
    SCHEDULES_SHEET,
    ScheduleRow,
    check_schedules,
    read_schedule,
    write_schedules,
)
from .import_rows import (
    CLAUSE_COLUMNS,
    CLAUSES_SHEET,
    CONVENTIONS_SHEET,
    FIELD_COLUMNS,
    SHEETS,
    ClauseRow,
    ConventionRow,
    ImportPlan,
    _Reader,
    fold,
    read_clause,
    read_convention,
)
from .models import VERSION_ORDER, Clause, Convention

ALL_SHEETS = {**SHEETS, SCHEDULES_SHEET: SCHEDULE_COLUMNS}


class ImportRefused(Exception):
    """The file as a whole cannot be imported; the message says why, in French."""


# ---------------------------------------------------------------- the file itself
def import_limits() -> SheetLimits:
    return SheetLimits(
        max_bytes=settings.REPERES_IMPORT_MAX_BYTES,
        max_rows=settings.REPERES_IMPORT_MAX_ROWS + 100,
        max_columns=len(CLAUSE_COLUMNS) + 10,
    )


Rows = dict[str, list[dict[str, Any]]]


def check_upload(name: str, content: bytes) -> Rows:
    """The data rows of the sheets (``{sheet: [{"line": n, "cells": {key: value}}]}``), or
    ImportRefused. The file itself (size, zip bomb, macros, links, XML) is judged by the
    platform's one upload guard (reperes/core/uploads.py), for XLSX and ODS alike."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ("xlsx", "ods"):
        raise ImportRefused(
            "Seuls les classeurs .xlsx (Excel) et .ods (LibreOffice) sont acceptés : partez du "
            "modèle à télécharger."
        )
    limits = import_limits()
    with refusals_as(ImportRefused):
        if extension == "ods":
            tables = read_ods(content, limits)
            rows = _read_sheets(set(tables), lambda sheet: iter(tables[sheet]))
        else:
            with closing(open_xlsx(content, limits)) as book:
                rows = _read_sheets(
                    set(book.sheetnames),
                    lambda sheet: enumerate(capped_rows(book[sheet], limits), start=1),
                )
    if not rows[CONVENTIONS_SHEET]:
        raise ImportRefused("La feuille « Conventions » ne contient aucune convention.")
    return rows


def _read_sheets(names: set[str], lines: Any) -> Rows:
    """``lines(sheet)`` gives the sheet's ``(line, cells)``; the schedules' sheet is optional."""
    missing = [s for s in SHEETS if s not in names]
    if missing:
        raise ImportRefused(
            f"Feuille « {missing[0]} » introuvable : partez du modèle à télécharger."
        )
    return {sheet: _sheet_rows(lines(sheet), sheet) for sheet in ALL_SHEETS if sheet in names}


def _sheet_rows(rows: Iterator[tuple[int, Any]], name: str) -> list[dict[str, Any]]:
    first = next(rows, None)
    if first is None:
        raise ImportRefused(
            f"La feuille « {name} » est vide : la première ligne porte les en-têtes."
        )
    columns = _header_columns(name, [c.value for c in first[1]])
    data: list[dict[str, Any]] = []
    for line, cells in rows:
        values: dict[str, Any] = {}
        for index, cell in enumerate(cells):
            value = cell.value
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if cell.data_type == "f":
                raise ImportRefused(
                    f"Feuille « {name} », ligne {line} : les formules sont refusées, collez les "
                    "valeurs seules (« Collage spécial › Valeurs »)."
                )
            if index in columns:
                values[columns[index]] = value.strip() if isinstance(value, str) else value
        if not values:
            continue
        if len(data) >= settings.REPERES_IMPORT_MAX_ROWS:
            raise ImportRefused(f"La feuille « {name} » a trop de lignes : découpez le fichier.")
        data.append({"line": line, "cells": values})
    return data


def _header_columns(sheet: str, headers: list[Any]) -> dict[int, str]:
    by_folded = {fold(c.header): c for c in ALL_SHEETS[sheet]}
    columns: dict[int, str] = {}
    unknown: list[str] = []
    for index, raw in enumerate(headers):
        if raw is None or not str(raw).strip():
            continue
        column = by_folded.get(fold(raw))
        if column is None:
            unknown.append(str(raw).strip())
        elif column.key in columns.values():
            raise ImportRefused(
                f"Feuille « {sheet} » : la colonne « {column.header} » figure deux fois."
            )
        else:
            columns[index] = column.key
    if unknown:
        raise ImportRefused(
            f"Feuille « {sheet} » : colonne(s) inconnue(s) « {' », « '.join(unknown)} ». "
            "Partez du modèle à télécharger."
        )
    missing = [c.header for c in ALL_SHEETS[sheet] if c.required and c.key not in columns.values()]
    if missing:
        raise ImportRefused(
            f"Feuille « {sheet} » : colonne(s) manquante(s) « {' », « '.join(missing)} ». "
            "Partez du modèle à télécharger."
        )
    return columns


# ---------------------------------------------------------------- the plan (writes nothing)
def build_plan(actor: Any, rows: Rows) -> ImportPlan:
    """Read every row, check it and say what it would do."""
    reader = _Reader()
    conventions = [read_convention(reader, raw) for raw in rows[CONVENTIONS_SHEET]]
    clauses = [read_clause(reader, raw) for raw in rows.get(CLAUSES_SHEET, [])]
    by_reference: dict[str, ConventionRow] = {}
    for row in conventions:
        if not row.reference:
            continue
        if row.reference in by_reference:
            row.errors.append(
                reader.where(CONVENTIONS_SHEET, row.line, FIELD_COLUMNS["reference"])
                + f"la référence « {row.reference} » figure déjà ligne "
                f"{by_reference[row.reference].line}."
            )
            continue
        by_reference[row.reference] = row
    _attach_clauses(reader, by_reference, clauses)
    schedules = [read_schedule(reader, raw) for raw in rows.get(SCHEDULES_SHEET, [])]
    _attach_schedules(reader, by_reference, schedules)
    for row in conventions:
        if not row.errors:
            _check_convention(actor, reader, row)
        if not row.errors:
            check_schedules(reader, row)
            _compare(reader, row)
    return ImportPlan(conventions, clauses, schedules)


def _attach_schedules(
    reader: _Reader, by_reference: dict[str, ConventionRow], schedules: list[ScheduleRow]
) -> None:
    for schedule in schedules:
        owner = by_reference.get(schedule.reference)
        if owner is None and schedule.reference:
            schedule.errors.append(
                reader.where(SCHEDULES_SHEET, schedule.line, SCHEDULE_COLUMNS[0].header)
                + f"aucune convention de référence « {schedule.reference} » dans la feuille "
                "« Conventions »."
            )
        elif owner is not None and not schedule.errors:
            owner.schedules.append(schedule)


def _attach_clauses(
    reader: _Reader, by_reference: dict[str, ConventionRow], clauses: list[ClauseRow]
) -> None:
    header = CLAUSE_COLUMNS[0].header
    seen: dict[tuple[str, str], int] = {}
    for clause in clauses:
        if not clause.reference:
            continue
        owner = by_reference.get(clause.reference)
        if owner is None:
            clause.errors.append(
                reader.where(CLAUSES_SHEET, clause.line, header)
                + f"aucune convention de référence « {clause.reference} » dans la feuille "
                "« Conventions »."
            )
            continue
        key = clause.clause.key if clause.clause else ""
        if key and (clause.reference, key) in seen:
            clause.errors.append(
                reader.where(CLAUSES_SHEET, clause.line, "Clé")
                + f"la clause « {key} » de cette convention figure déjà ligne "
                f"{seen[(clause.reference, key)]}."
            )
            continue
        seen.setdefault((clause.reference, key), clause.line)
        owner.clauses.append(clause)


def _messages(exc: ValidationError) -> list[tuple[str, str]]:
    """(column header or "", message) of a Django validation error."""
    if hasattr(exc, "error_dict"):
        return [
            (FIELD_COLUMNS.get(name, ""), message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [("", message) for message in exc.messages]


def _check_convention(actor: Any, reader: _Reader, row: ConventionRow) -> None:
    """The parties, the importer's right, the convention found again, the model's rules."""

    def fail(exc: ValidationError) -> None:
        for header, message in _messages(exc):
            row.errors.append(reader.where(CONVENTIONS_SHEET, row.line, header) + message)

    where = reader.where(CONVENTIONS_SHEET, row.line)
    try:
        _check_parties(row.parties)
    except ValidationError as exc:
        fail(exc)
        return
    if not may_set_up(actor, [p.organisation_id for p in row.parties if p.role in SETUP_ROLES]):
        row.errors.append(
            where + "votre organisation n'est ni pilote ni co-financeur de cette convention : "
            "vous ne pouvez pas l'importer."
        )
        return
    pilot = row.parties[0].organisation_id
    found = list(
        Convention.objects.filter(
            reference=row.reference,
            parties__organisation_id=pilot,
            parties__role=PartyRole.PILOT,
        ).distinct()[:2]
    )
    if len(found) > 1:
        row.errors.append(where + f"le pilote a plusieurs conventions « {row.reference} ».")
        return
    row.existing = found[0] if found else None
    if row.existing is not None and not may_set_up(actor, setup_parties(row.existing)):
        row.errors.append(
            where + f"la convention « {row.reference} » existe et votre organisation n'en est "
            "ni pilote ni co-financeur."
        )
        return
    if row.existing is None and reference_taken(row.reference, pilot):
        row.errors.append(where + f"le pilote a déjà une convention « {row.reference} ».")
        return
    candidate = Convention.objects.get(pk=row.existing.pk) if row.existing else Convention()
    for name, value in row.fields.items():
        setattr(candidate, name, value)
    try:
        _check_operator_party(candidate, row.parties)
        candidate.full_clean()
    except ValidationError as exc:
        fail(exc)


def _compare(reader: _Reader, row: ConventionRow) -> None:
    """Create, update or unchanged, for the convention and each of its clauses; a signed or
    accepted convention changes by amendment, never by import."""
    existing = row.existing
    own: dict[str, Clause] = {}
    if existing is not None:
        for clause in Clause.objects.filter(convention=existing).order_by(*VERSION_ORDER):
            own[clause.key] = clause  # the latest version of each key
    for clause_row in row.clauses:
        if clause_row.errors or clause_row.clause is None:
            continue
        given = clause_row.clause
        current = own.get(given.key)
        if current is None:
            clause_row.status = "create"
        elif current.withdrawn or (current.kind, current.article, current.params) != (
            given.kind,
            given.article,
            dict(given.params),
        ):
            clause_row.status = "update"
        else:
            clause_row.status = "unchanged"
    if existing is None:
        row.status = "create"
        return
    changed = [
        FIELD_COLUMNS.get(name, name)
        for name, value in row.fields.items()
        if getattr(existing, name) != value
    ]
    parties = {(p.organisation_id, p.role) for p in row.parties}
    if parties != set(existing.parties.values_list("organisation_id", "role")):
        changed.append("parties")
    if {c.pk for c in row.communes} != set(existing.communes.values_list("pk", flat=True)):
        changed.append(FIELD_COLUMNS["communes"])
    changed += [
        f"clause « {c.clause.key} »"
        for c in row.clauses
        if c.status in ("create", "update") and c.clause
    ]
    changed += ["échéancier" for s in row.schedules if s.status in ("create", "update")][:1]
    row.status = "update" if changed else "unchanged"
    if changed and not is_draft(existing):
        row.errors.append(
            reader.where(CONVENTIONS_SHEET, row.line)
            + f"la convention « {row.reference} » est signée ou acceptée par l'opérateur : elle "
            f"se modifie par avenant, pas par import (changements : {', '.join(changed)})."
        )
        row.status = ""


# ---------------------------------------------------------------- writing
def _lock_pilots(rows: Rows) -> None:
    """The same workbook sent twice at once: the second import waits for the first (the pilots'
    rows are locked), then finds its conventions and writes nothing."""
    from reperes.partners.models import Organisation

    names = {fold(r["cells"].get("pilot", "")) for r in rows.get(CONVENTIONS_SHEET, [])}
    ids = [o.pk for o in Organisation.objects.all() if fold(o.name) in names]
    list(Organisation.objects.select_for_update().filter(pk__in=ids).values_list("pk"))


def apply_plan(actor: Any, rows: Rows) -> ImportPlan:
    """Re-read the rows against the database and write everything, or nothing."""
    with transaction.atomic():
        _lock_pilots(rows)
        plan = build_plan(actor, rows)
        if plan.errors:
            raise ImportRefused(
                f"{len(plan.errors)} erreur(s) dans le classeur : rien n'a été importé."
            )
        for row in plan.conventions:
            clauses = [
                c.clause for c in row.clauses if c.clause and c.status in ("create", "update")
            ]
            try:
                if row.status == "create":
                    convention = set_up_convention(
                        actor, row.fields, row.parties, row.communes, clauses
                    )
                elif row.status == "update" and row.existing is not None:
                    convention = update_draft(
                        actor, row.existing, row.fields, row.parties, row.communes, clauses
                    )
                else:
                    continue
                write_schedules(actor, convention, row.schedules)
            except (ValidationError, PermissionDenied) as exc:
                messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                raise ImportRefused(
                    _Reader.where(CONVENTIONS_SHEET, row.line)
                    + " ".join(messages)
                    + " Rien n'a été importé."
                ) from exc
        if plan.changes_anything:  # a file already imported writes nothing at all
            audit(actor, "conventions.import", None, "Import de conventions", **plan.summary)
    return plan
