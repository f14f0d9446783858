"""Import of a service's accompaniment table (seed 000 annex 2, « Outil d'évaluation des
accompagnements individualisés »: « ce tableau Excel », one row per accompaniment with the
typology of the public, the entry mode, the duration, the main problems and responses).

The import is pseudonymous: a youth is a code, never a name. Identity (name, first name,
address, phone — seed 001 art. 9) is only ever entered by hand, with the youth's consent, so a
file with an identity column is refused whole.

Three steps, nothing written before the last: ``check_upload`` (the file itself: type, size,
zip bomb, macros, external links, formulas, headers, number of rows), ``build_plan`` (each row
read and compared with the database: created, updated, unchanged, or its errors in French),
``apply_plan`` (everything in one transaction, refused if any row has an error). Youths are
found again by their code in the service, accompaniments by ``import_key``, so importing the
same file twice changes nothing the second time.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from reperes.core.cells import xlsx_append, xlsx_set
from reperes.core.models import audit
from reperes.core.uploads import SheetLimits, UploadRefused, capped_rows, open_xlsx, unreadable
from reperes.partners.models import Commune, Quartier, Service

from .enums import (
    AccessAction,
    ChoiceKind,
    EntryMode,
    ExitReason,
    Gender,
    Intensity,
    PartnerKind,
    Situation,
)
from .lists import choice_items_for
from .models import Accompaniment, ChoiceItem, Partner, Youth, log_access

MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_ENTRIES = 500
DATA_SHEET = "Accompagnements"
LISTS_SHEET = "Listes"
# Characters that make a spreadsheet cell a formula when the file is opened again
# (« injection de formule »); no column of the table starts with one of them.
FORMULA_PREFIXES = ("=", "+", "-", "@")
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    help: str = ""


COLUMNS = (
    Column("code", "Code du jeune", True, "Code ou pseudonyme, avec au moins un chiffre"),
    Column("gender", "Genre", True, "F, G ou X (Fille, Garçon, Non précisé)"),
    Column("birth_year", "Année de naissance", help="Par exemple 2008"),
    Column("commune", "Commune", help="Nom ou code INSEE"),
    Column("quartier", "Quartier", help="Facultatif"),
    Column("situation", "Situation"),
    Column("started_on", "Date de début", True, "JJ/MM/AAAA"),
    Column("ended_on", "Date de fin", help="JJ/MM/AAAA, vide si en cours"),
    Column("entry_mode", "Mode d'entrée", True),
    Column("partner", "Partenaire orienteur", help="Facultatif"),
    Column("problems", "Problématiques", help="Séparées par « ; »"),
    Column("responses", "Réponses apportées", help="Séparées par « ; »"),
    Column("intensity", "Intensité"),
    Column("exit_reason", "Motif de fin", help="Obligatoire si une date de fin est saisie"),
)
HEADERS = {c.header: c for c in COLUMNS}
# Headers that announce nominative data (seed 001 art. 9) — refused whole, never read.
IDENTITY_WORDS = re.compile(
    r"\b(nom|noms|prenom|prenoms|adresse|telephone|tel|portable|mobile|courriel|mail|e-mail"
    r"|email|ne le|nee le|date de naissance|jour de naissance|lieu de naissance|nir|secu)\b"
)
GENDERS = {
    "f": Gender.GIRL,
    "fille": Gender.GIRL,
    "g": Gender.BOY,
    "garcon": Gender.BOY,
    "x": Gender.UNSTATED,
    "non precise": Gender.UNSTATED,
}
YOUTH_FIELDS = ("gender", "birth_year", "commune_id", "quartier_id", "situation")
ACCOMPANIMENT_FIELDS = (
    "ended_on",
    "entry_mode",
    "orienting_partner_id",
    "intensity",
    "exit_reason",
)
FIELD_LABELS = {
    "gender": "genre",
    "birth_year": "année de naissance",
    "commune_id": "commune",
    "quartier_id": "quartier",
    "situation": "situation",
    "ended_on": "date de fin",
    "entry_mode": "mode d'entrée",
    "orienting_partner_id": "partenaire orienteur",
    "intensity": "intensité",
    "exit_reason": "motif de fin",
    "problems": "problématiques",
    "responses": "réponses apportées",
}


class ImportRefused(Exception):
    """The file as a whole cannot be imported; the message says why, in French."""


def fold(text: str) -> str:
    """Case, accents, apostrophes and spacing do not matter when matching a label."""
    text = text.replace("’", "'").replace("\u00a0", " ")
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def import_key(service_id: int, code: str, started_on: date) -> str:
    return hashlib.sha256(
        f"{service_id}\x1f{code}\x1f{started_on.isoformat()}".encode()
    ).hexdigest()


def choice_items(service: Service, kind: str) -> list[ChoiceItem]:
    """The list the service's current convention uses (its own, else the default one)."""
    return list(choice_items_for(service, kind))


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
    workbook = None
    try:
        workbook = open_xlsx(content, limits)
        sheet = (
            workbook[DATA_SHEET] if DATA_SHEET in workbook.sheetnames else workbook.worksheets[0]
        )
        return _sheet_rows(sheet, limits)
    except UploadRefused as refusal:
        raise ImportRefused(refusal.messages[0]) from refusal
    except ImportRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a malformed file
        raise ImportRefused(unreadable(exc).messages[0]) from exc
    finally:
        if workbook is not None:
            workbook.close()


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


# ---------------------------------------------------------------- reading the rows
@dataclass
class RowPlan:
    line: int
    code: str = ""
    youth_status: str = ""  # "create" | "update" | "unchanged"
    status: str = ""  # the accompaniment's
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportPlan:
    service: Service
    rows: list[RowPlan]
    new_partners: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return [error for row in self.rows for error in row.errors]

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    def count(self, attribute: str, status: str) -> int:
        if attribute == "youth":
            return len({r.code for r in self.rows if r.youth_status == status})
        return sum(1 for r in self.rows if r.status == status)

    @property
    def summary(self) -> dict[str, int]:
        return {
            f"{what}_{status}": self.count(what, status)
            for what in ("youth", "accompaniment")
            for status in ("create", "update", "unchanged")
        } | {"partner_create": len(self.new_partners)}

    @property
    def changes_anything(self) -> bool:
        return bool(self.new_partners) or any(
            r.status in ("create", "update") or r.youth_status in ("create", "update")
            for r in self.rows
        )


class _Reader:
    """Turns one row's cells into typed values, collecting « Ligne n, colonne X : … »."""

    def __init__(self, service: Service, rows: list[dict[str, Any]]) -> None:
        self.service = service
        self.today = timezone.localdate()
        self.labels = {
            "situation": {fold(c.label): c.value for c in Situation}
            | {fold(c.value): c.value for c in Situation},
            "entry_mode": {fold(c.label): c.value for c in EntryMode},
            "intensity": {fold(c.label): c.value for c in Intensity},
            "exit_reason": {fold(c.label): c.value for c in ExitReason},
        }
        self.items = {
            "problems": {fold(i.label): i for i in choice_items(service, ChoiceKind.PROBLEM)},
            "responses": {fold(i.label): i for i in choice_items(service, ChoiceKind.RESPONSE)},
        }
        self.communes = self._communes({str(r["cells"].get("commune", "")) for r in rows})
        commune_ids = {c.pk for c in self.communes.values() if c is not None}
        self.quartiers = {
            (q.commune_id, fold(q.name)): q
            for q in Quartier.objects.filter(commune__in=commune_ids)
        }

    def _communes(self, values: set[str]) -> dict[str, Commune | None]:
        """Each cell value (folded) → its commune: an INSEE code, or a name among the service's
        communes (accents and case aside), or else the one commune of France with that name.
        None when unknown; an ``ambiguous:`` marker when several communes share the name."""
        found: dict[str, Commune | None] = {}
        own = {fold(c.name): c for c in self.service.communes.all()}
        raw_values = {" ".join(v.split()) for v in values if v.strip()}
        codes = {v.upper() for v in raw_values if re.fullmatch(r"([0-9]{2}|2[AaBb])[0-9]{3}", v)}
        by_code = {c.insee_code: c for c in Commune.objects.filter(insee_code__in=codes)}
        for raw in raw_values:
            key = fold(raw)
            if raw.upper() in codes:
                found[key] = by_code.get(raw.upper())
            elif key in own:
                found[key] = own[key]
            else:
                matches = list(Commune.objects.filter(name__iexact=raw)[:2])
                found[key] = matches[0] if len(matches) == 1 else None
                if len(matches) > 1:
                    found[f"ambiguous:{key}"] = None
        return found

    def error(self, row: RowPlan, key: str, message: str) -> None:
        header = next(c.header for c in COLUMNS if c.key == key) if key else ""
        where = f"Ligne {row.line}, colonne {header}" if header else f"Ligne {row.line}"
        row.errors.append(f"{where} : {message}")

    def read(self, raw: dict[str, Any]) -> RowPlan:
        row = RowPlan(line=raw["line"])
        cells = raw["cells"]
        for reference in raw["stray"]:
            row.errors.append(
                f"Ligne {row.line} : la cellule {reference} est hors des colonnes du tableau ; "
                "videz-la."
            )
        for column in COLUMNS:
            value = cells.get(column.key)
            if value is None:
                if column.required:
                    self.error(row, column.key, "cette valeur est obligatoire.")
                continue
            try:
                row.values[column.key] = getattr(self, f"_{column.key}")(value)
            except ValueError as exc:
                self.error(row, column.key, str(exc))
        row.code = row.values.get("code", "")
        values = row.values
        if values.get("quartier"):
            if values.get("commune"):
                quartier = self.quartiers.get((values["commune"].pk, fold(values["quartier"])))
                if quartier is None:
                    self.error(row, "quartier", f"quartier inconnu à {values['commune'].name}.")
                else:
                    values["quartier"] = quartier
            elif "commune" not in cells:
                self.error(row, "quartier", "indiquez aussi la commune du quartier.")
        started, ended = values.get("started_on"), values.get("ended_on")
        if started and ended and ended < started:
            self.error(row, "ended_on", "la fin ne peut précéder le début.")
        # An unreadable cell already has its own error: only an empty one is reported here.
        if ended and "exit_reason" not in cells:
            self.error(row, "exit_reason", "un accompagnement terminé a un motif de fin.")
        if "exit_reason" in cells and "ended_on" not in cells:
            self.error(row, "exit_reason", "un motif de fin suppose une date de fin.")
        return row

    # One reader per column: each returns the typed value or raises ValueError(message).
    def _text(self, value: Any, max_length: int = 200) -> str:
        if isinstance(value, datetime | date | bool):
            raise ValueError("du texte est attendu.")
        text = " ".join(str(value).split())
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        if len(text) > max_length:
            raise ValueError(f"{max_length} caractères au plus.")
        return text

    def _code(self, value: Any) -> str:
        code = self._text(value, 40)
        if not CODE_RE.match(code) or not any(c.isdigit() for c in code):
            raise ValueError(
                "un code sans espace, avec au moins un chiffre (ex. J-7K3QX, 2024-017), "
                "jamais le nom du jeune."
            )
        return code

    def _choice(self, key: str, value: Any, what: str) -> str:
        found = self.labels[key].get(fold(self._text(value)))
        if found is None:
            raise ValueError(f"« {self._text(value)} » n'est pas {what} (voir la feuille Listes).")
        return found

    def _gender(self, value: Any) -> str:
        found = GENDERS.get(fold(self._text(value)))
        if found is None:
            raise ValueError("F, G ou X (Fille, Garçon, Non précisé).")
        return found

    def _birth_year(self, value: Any) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError("une année sur quatre chiffres est attendue, par exemple 2008.")
        if not self.today.year - 100 <= value <= self.today.year:
            raise ValueError(f"l'année {value} n'est pas plausible.")
        return value

    def _commune(self, value: Any) -> Commune:
        key = fold(self._text(value))
        if f"ambiguous:{key}" in self.communes:
            raise ValueError(f"plusieurs communes s'appellent « {value} » : donnez le code INSEE.")
        commune = self.communes.get(key)
        if commune is None:
            raise ValueError(f"commune inconnue « {self._text(value)} » (nom ou code INSEE).")
        return commune

    def _quartier(self, value: Any) -> str:
        return self._text(value)

    def _situation(self, value: Any) -> str:
        return self._choice("situation", value, "une situation de la liste")

    def _date(self, value: Any) -> date:
        if isinstance(value, datetime):
            value = value.date()
        elif isinstance(value, str):
            for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
                try:
                    value = datetime.strptime(value.strip(), fmt).date()
                    break
                except ValueError:
                    continue
        if not isinstance(value, date):
            raise ValueError("une date est attendue (JJ/MM/AAAA).")
        if value.year < 2000:
            raise ValueError(f"le {value:%d/%m/%Y} est trop ancien.")
        if value > self.today:
            raise ValueError(f"le {value:%d/%m/%Y} est dans le futur.")
        return value

    _started_on = _date
    _ended_on = _date

    def _entry_mode(self, value: Any) -> str:
        return self._choice("entry_mode", value, "un mode d'entrée de la liste")

    def _partner(self, value: Any) -> str:
        return self._text(value)

    def _items(self, key: str, value: Any) -> list[ChoiceItem]:
        items, unknown = [], []
        for label in (p.strip() for p in self._text(value, 2000).split(";")):
            if not label:
                continue
            item = self.items[key].get(fold(label))
            if item is None:
                unknown.append(label)
            elif item not in items:
                items.append(item)
        if unknown:
            raise ValueError(
                f"« {' », « '.join(unknown)} » ne figure{'nt' if len(unknown) > 1 else ''} "
                "pas dans la liste du service (voir la feuille Listes)."
            )
        return items

    def _problems(self, value: Any) -> list[ChoiceItem]:
        return self._items("problems", value)

    def _responses(self, value: Any) -> list[ChoiceItem]:
        return self._items("responses", value)

    def _intensity(self, value: Any) -> str:
        return self._choice("intensity", value, "une intensité de la liste")

    def _exit_reason(self, value: Any) -> str:
        return self._choice("exit_reason", value, "un motif de fin de la liste")


# ---------------------------------------------------------------- comparing with the database
def _youth_values(row: RowPlan) -> dict[str, Any]:
    v = row.values
    return {
        "gender": v.get("gender"),
        "birth_year": v.get("birth_year"),
        "commune_id": v["commune"].pk if v.get("commune") else None,
        "quartier_id": v["quartier"].pk if isinstance(v.get("quartier"), Quartier) else None,
        "situation": v.get("situation", Situation.UNKNOWN),
    }


def build_plan(service: Service, raw_rows: list[dict[str, Any]]) -> ImportPlan:
    """Read every row and say what it would do; writes nothing."""
    reader = _Reader(service, raw_rows)
    rows = [reader.read(raw) for raw in raw_rows]
    plan = ImportPlan(service=service, rows=rows)

    first_of: dict[str, RowPlan] = {}
    seen: dict[tuple[str, date], int] = {}
    for row in rows:
        if not row.code:
            continue
        start = row.values.get("started_on")
        if start is not None:
            if (row.code, start) in seen:
                row.errors.append(
                    f"Ligne {row.line} : même jeune et même date de début que la ligne "
                    f"{seen[(row.code, start)]}."
                )
            seen.setdefault((row.code, start), row.line)
        first = first_of.setdefault(row.code, row)
        if first is not row and not row.errors and not first.errors:
            mine, theirs = _youth_values(row), _youth_values(first)
            differing = [FIELD_LABELS[k] for k in YOUTH_FIELDS if mine[k] != theirs[k]]
            if differing:
                row.errors.append(
                    f"Ligne {row.line} : le jeune {row.code} a un autre {', '.join(differing)} "
                    f"qu'à la ligne {first.line} ; une même personne a les mêmes informations "
                    "sur toutes ses lignes."
                )

    codes = {r.code for r in rows if r.code}
    youths = {y.pseudonym: y for y in Youth.objects.filter(service=service, pseudonym__in=codes)}
    partners = {fold(p.name): p for p in Partner.objects.filter(service=service)}
    keys = {
        import_key(service.pk, r.code, r.values["started_on"]): r
        for r in rows
        if r.code and r.values.get("started_on")
    }
    existing = {
        a.import_key: a
        for a in Accompaniment.objects.filter(
            service=service, import_key__in=keys
        ).prefetch_related("problems", "responses")
    }
    by_start = {
        (a.youth_id, a.started_on): a
        for a in Accompaniment.objects.filter(
            service=service, youth__in=youths.values(), import_key=""
        ).prefetch_related("problems", "responses")
    }

    new_partners: dict[str, str] = {}
    decided: set[str] = set()
    for row in rows:
        if row.errors:
            continue
        youth = youths.get(row.code)
        wanted = _youth_values(row)
        if youth is None:
            row.youth_status = "create"
        else:
            changed = [k for k in YOUTH_FIELDS if getattr(youth, k) != wanted[k]]
            row.youth_status = "update" if changed else "unchanged"
            if row.code not in decided:
                row.changes += [FIELD_LABELS[k] for k in changed]
        decided.add(row.code)

        name = row.values.get("partner", "")
        if name and fold(name) not in partners:
            new_partners.setdefault(fold(name), name)
        key = import_key(service.pk, row.code, row.values["started_on"])
        accompaniment = existing.get(key)
        if accompaniment is None and youth is not None:
            accompaniment = by_start.get((youth.pk, row.values["started_on"]))
        if accompaniment is None:
            row.status = "create"
            continue
        changed = [
            FIELD_LABELS[k]
            for k, value in _accompaniment_values(row, partners).items()
            if getattr(accompaniment, k) != value
        ]
        for m2m in ("problems", "responses"):
            if {i.pk for i in getattr(accompaniment, m2m).all()} != {
                i.pk for i in row.values.get(m2m, [])
            }:
                changed.append(FIELD_LABELS[m2m])
        if accompaniment.import_key != key:
            changed.append("clé d'import")
        row.status = "update" if changed else "unchanged"
        row.changes += changed
    # A youth's status is the same on all its rows: "update" if any row changes it.
    status_of = {}
    for row in rows:
        if row.youth_status == "update" or row.code not in status_of:
            status_of[row.code] = row.youth_status
    for row in rows:
        if row.youth_status:
            row.youth_status = status_of[row.code]
    plan.new_partners = sorted(new_partners.values())
    return plan


def _accompaniment_values(row: RowPlan, partners: dict[str, Partner]) -> dict[str, Any]:
    v = row.values
    partner = partners.get(fold(v.get("partner", ""))) if v.get("partner") else None
    return {
        "ended_on": v.get("ended_on"),
        "entry_mode": v["entry_mode"],
        # A partner still to be created has no id yet: compare as a change.
        "orienting_partner_id": partner.pk if partner else (None if not v.get("partner") else -1),
        "intensity": v.get("intensity", Intensity.REGULAR),
        "exit_reason": v.get("exit_reason", ""),
    }


# ---------------------------------------------------------------- writing
@dataclass
class ImportResult:
    summary: dict[str, int]


def apply_plan(actor: Any, service: Service, raw_rows: list[dict[str, Any]]) -> ImportResult:
    """Re-read the rows against the database and write everything, or nothing."""
    with transaction.atomic():
        plan = build_plan(service, raw_rows)
        if plan.has_errors:
            raise ImportRefused(
                f"{len(plan.errors)} erreur(s) dans le tableau : rien n'a été importé."
            )
        partners = {fold(p.name): p for p in Partner.objects.filter(service=service)}
        for name in plan.new_partners:
            partners[fold(name)] = Partner.objects.create(
                service=service, name=name, kind=PartnerKind.OTHER
            )
        youths = {
            y.pseudonym: y
            for y in Youth.objects.filter(
                service=service, pseudonym__in={r.code for r in plan.rows}
            )
        }
        # code → the fields the import wrote on that youth's record (for the access log)
        touched: dict[str, set[str]] = defaultdict(set)
        for row in plan.rows:
            youth = youths.get(row.code)
            wanted = _youth_values(row)
            if youth is None:
                first_met = min(r.values["started_on"] for r in plan.rows if r.code == row.code)
                youth = Youth(service=service, pseudonym=row.code, first_met_on=first_met, **wanted)
                youth.full_clean()
                youth.save()
                youths[row.code] = youth
                touched[row.code] |= {k.removesuffix("_id") for k in wanted}
            else:
                changed = [k for k in YOUTH_FIELDS if getattr(youth, k) != wanted[k]]
                if changed:
                    for k in changed:
                        setattr(youth, k, wanted[k])
                    youth.full_clean()
                    youth.save(update_fields=[*changed, "updated_at"])
                    touched[row.code] |= {k.removesuffix("_id") for k in changed}
            if row.status in ("create", "update"):
                _write_accompaniment(row, service, youth, partners)
                touched[row.code].add("accompaniments")
        for code, fields in touched.items():
            log_access(actor, youths[code], AccessAction.IMPORT, fields=sorted(fields))
        summary = plan.summary
        if plan.changes_anything:  # a file already imported writes nothing at all
            audit(
                actor,
                "fieldwork.import",
                service,
                "Import du tableau des accompagnements",
                **summary,
            )
    return ImportResult(summary=summary)


def _write_accompaniment(
    row: RowPlan, service: Service, youth: Youth, partners: dict[str, Partner]
) -> None:
    key = import_key(service.pk, row.code, row.values["started_on"])
    accompaniment = (
        Accompaniment.objects.filter(service=service, import_key=key).first()
        or Accompaniment.objects.filter(
            service=service, youth=youth, started_on=row.values["started_on"], import_key=""
        ).first()
        or Accompaniment(service=service, youth=youth, started_on=row.values["started_on"])
    )
    for name, value in _accompaniment_values(row, partners).items():
        setattr(accompaniment, name, value)
    accompaniment.import_key = key
    accompaniment.full_clean()
    accompaniment.save()
    accompaniment.problems.set(row.values.get("problems", []))
    accompaniment.responses.set(row.values.get("responses", []))


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
