"""Stage 2 of the import: each row of the sheet mapped to the values it means and checked,
each error written in French against its row and column."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from reperes.core.french import cell_date
from reperes.fieldwork.enums import (
    ChoiceKind,
    EntryMode,
    ExitReason,
    Intensity,
    Situation,
)
from reperes.fieldwork.importing.columns import CODE_RE, COLUMNS, GENDERS, choice_items, fold
from reperes.fieldwork.youths.models import ChoiceItem
from reperes.partners.models import Commune, Quartier, Service


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
        value = cell_date(value)
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
