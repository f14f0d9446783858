"""The layout of the conventions workbook (reperes/conventions/importer.py) and the reading of
its rows: each cell typed, each mistake a French message naming the sheet, the row and the
column. Nothing here writes."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reperes.core.cells import Column
from reperes.core.french import cell_date
from reperes.partners.models import Commune, Organisation, Service
from reperes.rules import due as due_rules

from . import catalogue
from .actions import PartyInput
from .actions_draft import ClauseInput, clean_clause
from .enums import ConventionKind, DelayUnit, PartyRole, PeriodKindChoices
from .models import Convention

CONVENTIONS_SHEET = "Conventions"
CLAUSES_SHEET = "Clauses"


def _default_help(name: str) -> str:
    return f"Vide : {Convention._meta.get_field(name).default}."  # type: ignore[union-attr]  # a column of Convention, not a relation


UNITS_HELP = "jours, mois ou ans"
CONVENTION_COLUMNS = (
    Column(
        "reference",
        "Référence",
        True,
        "Numéro de la convention chez le pilote. Importer à nouveau la même référence met le "
        "projet à jour, sans doublon.",
    ),
    Column("title", "Intitulé", True),
    Column("short_title", "Intitulé court"),
    Column("kind", "Domaine", help="Vide : prévention spécialisée."),
    Column("service", "Service", True, "Nom du service, tel qu'il figure dans Repères."),
    Column("operator", "Opérateur", help="Vide : l'organisme gestionnaire du service."),
    Column("pilot", "Pilote", True, "L'organisation pilote et financeur (le Département)."),
    Column("co_funders", "Co-financeurs", help="Organisations séparées par « ; »."),
    Column("communes", "Communes", help="Codes INSEE séparés par « ; »."),
    Column("period_kind", "Type de période", True, "Dates fixes, Durée ou Tacite reconduction."),
    Column("starts_on", "Début", help="JJ/MM/AAAA ; vide si elle court de sa signature."),
    Column("starts_at_signature", "Début à la signature", help="oui ou non"),
    Column("ends_on", "Fin", help="JJ/MM/AAAA (dates fixes)."),
    Column("term_value", "Durée", help="Nombre (durée, ou chaque période reconduite)."),
    Column("term_unit", "Unité de la durée", help=UNITS_HELP),
    Column("max_renewals", "Reconductions au plus", help="Vide : sans limite."),
    Column("withdrawal_notice_value", "Préavis de dénonciation"),
    Column("withdrawal_notice_unit", "Unité du préavis", help=UNITS_HELP),
    Column("formal_notice_value", "Délai après mise en demeure"),
    Column("formal_notice_unit", "Unité du délai de mise en demeure", help=UNITS_HELP),
    Column("termination_delay_value", "Effet de la résiliation"),
    Column("termination_delay_unit", "Unité du délai de résiliation", help=UNITS_HELP),
    Column(
        "secrecy_threshold", "Seuil du secret statistique", help=_default_help("secrecy_threshold")
    ),
    Column(
        "secrecy_zone_floor",
        "Effectif minimal d'une zone",
        help=_default_help("secrecy_zone_floor"),
    ),
)
DUE_COLUMNS = (
    Column("due_rule", "due_rule", help="day_of_year, after_period ou before_meeting."),
    Column("due_month", "due_month", help="Mois (1 à 12), pour day_of_year."),
    Column("due_day", "due_day", help="Jour (1 à 31), pour day_of_year."),
    Column("due_year_offset", "due_year_offset", help="-1, 0, 1 ou 2 (année N-1 … N+2)."),
    Column("due_value", "due_value", help="Nombre de jours ou de mois."),
    Column("due_unit", "due_unit", help="days ou months (jours, mois)."),
    Column("due_body", "due_body", help="L'instance, pour before_meeting."),
)


def _param_columns() -> tuple[Column, ...]:
    """One column per parameter name of the catalogue (a name shared by several kinds is one
    column), the due rule spread over the ``due_*`` columns."""
    columns: dict[str, Column] = {}
    for kind in catalogue.KINDS.values():
        for param in kind.params:
            if param.type == catalogue.DUE or param.name in columns:
                continue
            columns[param.name] = Column(param.name, param.name, help=param.label)
    return tuple(columns.values())


PARAM_COLUMNS = _param_columns()
CLAUSE_COLUMNS = (
    Column("convention", "Référence de la convention", True),
    Column("key", "Clé", True, "Nomme la clause : lettres sans accent, chiffres, tirets."),
    Column("kind", "Nature", True, "Code ou libellé du catalogue (feuille « Listes »)."),
    Column("article", "Article", help="L'article de la convention qui la prévoit."),
    *PARAM_COLUMNS,
    *DUE_COLUMNS,
    Column("params_json", "params_json", help="Autres paramètres, en JSON (objet)."),
)
SHEETS = {CONVENTIONS_SHEET: CONVENTION_COLUMNS, CLAUSES_SHEET: CLAUSE_COLUMNS}
FIELD_COLUMNS = {c.key: c.header for c in CONVENTION_COLUMNS}


def fold(text: Any) -> str:
    """Case, accents, apostrophes and spacing do not matter when matching a label."""
    text = str(text).replace("’", "'").replace("\u00a0", " ")
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


# ---------------------------------------------------------------- the plan
@dataclass
class ClauseRow:
    line: int
    reference: str = ""
    clause: ClauseInput | None = None
    status: str = ""  # "create" | "update" | "unchanged"
    errors: list[str] = field(default_factory=list)


@dataclass
class ConventionRow:
    line: int
    reference: str = ""
    title: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    parties: list[PartyInput] = field(default_factory=list)
    communes: list[Commune] = field(default_factory=list)
    clauses: list[ClauseRow] = field(default_factory=list)
    schedules: list[Any] = field(default_factory=list)  # import_money.ScheduleRow
    existing: Convention | None = None
    status: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    conventions: list[ConventionRow]
    clauses: list[ClauseRow]
    schedules: list[Any] = field(default_factory=list)

    def _rows(self) -> list[Any]:
        return [*self.conventions, *self.clauses, *self.schedules]

    @property
    def errors(self) -> list[str]:
        return [e for row in self._rows() for e in row.errors]

    @property
    def summary(self) -> dict[str, int]:
        result = {}
        for what, rows in (
            ("convention", self.conventions),
            ("clause", self.clauses),
            ("schedule", self.schedules),
        ):
            for status in ("create", "update", "unchanged"):
                result[f"{what}_{status}"] = sum(1 for r in rows if r.status == status)
        return result

    @property
    def changes_anything(self) -> bool:
        return any(r.status in ("create", "update") for r in self._rows())


class _Reader:
    """Turns cells into typed values; ``error`` collects « Feuille …, ligne n, colonne … »."""

    def __init__(self) -> None:
        self.services = {fold(s.name): s for s in Service.objects.all()}
        self.organisations: dict[str, Organisation] = {}
        for org in Organisation.objects.all():
            self.organisations[fold(org.name)] = org
            if org.short_name:
                self.organisations.setdefault(fold(org.short_name), org)

    @staticmethod
    def where(sheet: str, line: int, header: str = "") -> str:
        column = f", colonne « {header} »" if header else ""
        return f"Feuille « {sheet} », ligne {line}{column} : "

    def cells_of(
        self, sheet: str, columns: tuple[Column, ...], row: Any, cells: dict[str, Any]
    ) -> Callable[..., Any]:
        """``read(key, convert, *args)`` for one row of ``sheet``: the cell converted, or None
        when it is empty or wrong, its error then added to ``row.errors`` with the sheet, line
        and header. A required column left empty is an error at once."""
        headers = {c.key: c.header for c in columns}

        def read(key: str, convert: Any, *args: Any) -> Any:
            if key not in cells:
                return None
            try:
                return convert(cells[key], *args)
            except ValueError as exc:
                row.errors.append(self.where(sheet, row.line, headers[key]) + str(exc))
                return None

        for column in columns:
            if column.required and column.key not in cells:
                row.errors.append(
                    self.where(sheet, row.line, column.header) + "valeur obligatoire."
                )
        return read

    @staticmethod
    def text(value: Any, limit: int) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if len(text) > limit:
            raise ValueError(f"{limit} caractères au plus.")
        return text

    @staticmethod
    def choice(
        value: Any, options: list[tuple[str, str]], aliases: dict[str, str] | None = None
    ) -> str:
        wanted = fold(value)
        table = {fold(code): code for code, _ in options} | {
            fold(label): code for code, label in options
        }
        table |= aliases or {}
        if wanted not in table:
            labels = ", ".join(label for _, label in options)
            raise ValueError(f"valeur inconnue « {value} » (attendu : {labels}).")
        return table[wanted]

    @staticmethod
    def integer(value: Any, minimum: int = 0) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value.strip())
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise ValueError("un nombre entier positif est attendu.")
        if value > 10_000:
            raise ValueError("nombre hors des limites.")
        return value

    @staticmethod
    def day(value: Any) -> date:
        value = cell_date(value)
        if not 1900 <= value.year <= 2200:
            raise ValueError(f"la date du {value:%d/%m/%Y} n'est pas plausible.")
        return value

    @staticmethod
    def boolean(value: Any) -> bool:
        if isinstance(value, bool):
            return value
        folded = fold(value)
        if folded in ("oui", "vrai", "1", "true", "o", "x"):
            return True
        if folded in ("non", "faux", "0", "false", "n", ""):
            return False
        raise ValueError("« oui » ou « non » est attendu.")

    def organisation(self, value: Any) -> Organisation:
        org = self.organisations.get(fold(value))
        if org is None:
            raise ValueError(f"organisation inconnue « {value} » (son nom dans Repères).")
        return org

    def service(self, value: Any) -> Service:
        service = self.services.get(fold(value))
        if service is None:
            raise ValueError(f"service inconnu « {value} » (son nom dans Repères).")
        return service

    @staticmethod
    def communes(value: Any) -> list[Commune]:
        codes = [c.strip().upper() for c in str(value).split(";") if c.strip()]
        found = {c.insee_code: c for c in Commune.objects.filter(insee_code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise ValueError(f"code(s) INSEE inconnu(s) : {', '.join(unknown)}.")
        return [found[c] for c in codes]


PERIOD_ALIASES = {
    "duree": PeriodKindChoices.TERM,
    "tacite reconduction": PeriodKindChoices.TACIT_RENEWAL,
    "reconduction tacite": PeriodKindChoices.TACIT_RENEWAL,
    "fixe": PeriodKindChoices.FIXED,
}
UNIT_ALIASES = {"jour": DelayUnit.DAYS, "an": DelayUnit.YEARS, "annees": DelayUnit.YEARS}
DELAYS = ("term", "withdrawal_notice", "formal_notice", "termination_delay")


def read_convention(reader: _Reader, raw: dict[str, Any]) -> ConventionRow:
    """One row of « Conventions »: the convention's fields, parties and communes."""
    row = ConventionRow(line=raw["line"])
    cells = raw["cells"]
    fields: dict[str, Any] = {}
    read = reader.cells_of(CONVENTIONS_SHEET, CONVENTION_COLUMNS, row, cells)
    row.reference = read("reference", lambda v: reader.text(_plain(v), 60)) or ""
    row.title = read("title", reader.text, 400) or ""
    fields["reference"], fields["title"] = row.reference, row.title
    fields["short_title"] = read("short_title", reader.text, 150) or ""
    fields["kind"] = (
        read("kind", reader.choice, ConventionKind.choices) or ConventionKind.PREVENTION
    )
    fields["period_kind"] = read(
        "period_kind", reader.choice, PeriodKindChoices.choices, PERIOD_ALIASES
    )
    fields["starts_on"] = read("starts_on", reader.day)
    fields["starts_at_signature"] = bool(read("starts_at_signature", reader.boolean))
    fields["ends_on"] = read("ends_on", reader.day)
    for prefix in DELAYS:
        fields[f"{prefix}_value"] = read(f"{prefix}_value", reader.integer)
        fields[f"{prefix}_unit"] = (
            read(f"{prefix}_unit", reader.choice, DelayUnit.choices, UNIT_ALIASES) or ""
        )
    fields["max_renewals"] = read("max_renewals", reader.integer)
    for name in ("secrecy_threshold", "secrecy_zone_floor"):
        value = read(name, reader.integer)
        default = Convention._meta.get_field(name).default  # type: ignore[union-attr]  # a column of Convention, not a relation
        fields[name] = value if value is not None else default
    service = read("service", reader.service)
    fields["service"] = service
    pilot = read("pilot", reader.organisation)
    operator = read("operator", reader.organisation)
    co_funders = []
    for name in str(cells.get("co_funders", "")).split(";"):
        if name.strip():
            co_funders.append(
                read("co_funders", lambda _cell, n=name: reader.organisation(n.strip()))
            )
    row.communes = read("communes", reader.communes) or []
    row.fields = fields
    if service is not None and service.operator_id is not None:
        if operator is not None and operator.pk != service.operator_id:
            row.errors.append(
                reader.where(CONVENTIONS_SHEET, row.line, FIELD_COLUMNS["operator"])
                + f"le service {service} est géré par {service.operator}, pas par {operator}."
            )
        operator = service.operator
    parties = []
    if pilot is not None:
        parties.append(PartyInput(pilot.pk, PartyRole.PILOT))
    parties += [PartyInput(org.pk, PartyRole.CO_FUNDER) for org in co_funders if org is not None]
    if operator is not None:
        parties.append(PartyInput(operator.pk, PartyRole.OPERATOR))
    row.parties = parties
    return row


def _param_value(reader: _Reader, param: catalogue.Param, value: Any) -> Any:
    if param.type in (catalogue.CHOICE, catalogue.CHOICES):
        options = param.options()
        parts = (
            [p for p in str(value).split(";") if p.strip()]
            if param.type == catalogue.CHOICES
            else [value]
        )
        values = [reader.choice(str(p).strip(), options) for p in parts]
        return values if param.type == catalogue.CHOICES else values[0]
    if param.type == catalogue.BOOL:
        return reader.boolean(value)
    if param.type == catalogue.INT:
        return reader.integer(value)
    return reader.text(value, 500)


DUE_NAMES = {c.key: c.key.removeprefix("due_") for c in DUE_COLUMNS}
DUE_RULE_OPTIONS = list(due_rules.RULE_LABELS.items())
DUE_UNIT_OPTIONS = [(due_rules.DAYS, "jours"), (due_rules.MONTHS, "mois")]


def _due(reader: _Reader, cells: dict[str, Any], problems: list[tuple[str, str]]) -> dict[str, Any]:
    due: dict[str, Any] = {}
    for key, name in DUE_NAMES.items():
        if key not in cells:
            continue
        try:
            if name == "rule":
                due[name] = reader.choice(cells[key], DUE_RULE_OPTIONS)
            elif name == "unit":
                due[name] = reader.choice(cells[key], DUE_UNIT_OPTIONS, {"jour": "days"})
            elif name == "body":
                due[name] = reader.text(cells[key], 200)
            else:
                due[name] = reader.integer(cells[key], minimum=-10)
        except ValueError as exc:
            problems.append((key, str(exc)))
    return due


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_clause(reader: _Reader, raw: dict[str, Any]) -> ClauseRow:
    """One row of « Clauses »: the clause with its parameters, checked by the catalogue."""
    row = ClauseRow(line=raw["line"])
    cells = dict(raw["cells"])
    where = reader.where

    def error(key: str, message: str) -> None:
        header = next((c.header for c in CLAUSE_COLUMNS if c.key == key), "")
        row.errors.append(where(CLAUSES_SHEET, row.line, header) + message)

    for key in ("convention", "key", "kind"):
        if key not in cells:
            error(key, "valeur obligatoire.")
    row.reference = _plain(cells.get("convention", ""))
    try:
        kind = reader.choice(cells["kind"], catalogue.CHOICES_OF_KINDS) if "kind" in cells else ""
    except ValueError as exc:
        error("kind", str(exc))
        return row
    params: dict[str, Any] = {}
    if "params_json" in cells:
        try:
            params = json.loads(str(cells["params_json"]))
        except ValueError:
            params = None  # type: ignore[assignment]  # checked to be a dict just below
        if not isinstance(params, dict):
            error("params_json", 'un objet JSON est attendu, par exemple {"title": "…"}.')
            params = {}
    problems: list[tuple[str, str]] = []
    kind_spec = catalogue.KINDS.get(kind)
    names = {p.name: p for p in kind_spec.params} if kind_spec else {}
    for column in PARAM_COLUMNS:
        if column.key not in cells:
            continue
        param = names.get(column.key)
        if param is None:
            label = kind_spec.label if kind_spec else kind
            problems.append((column.key, f"ce paramètre ne s'applique pas à « {label} »."))
            continue
        try:
            params[column.key] = _param_value(reader, param, cells[column.key])
        except ValueError as exc:
            problems.append((column.key, str(exc)))
    due = _due(reader, cells, problems)
    if due:
        if "due" not in names:
            problems.append(("due_rule", "cette nature de clause n'a pas d'échéance."))
        else:
            params["due"] = due
    for key, message in problems:
        error(key, message)
    clause = ClauseInput(
        key=_plain(cells.get("key", "")),
        kind=kind,
        article=_plain(cells.get("article", "")),
        params=params,
    )
    cleaned, errors = clean_clause(clause)
    headers = {"key": "key", "kind": "kind", "article": "article"}
    for name, messages in errors.items():
        for message in messages:
            if name in headers:
                error(headers[name], message)
            else:
                row.errors.append(where(CLAUSES_SHEET, row.line) + message)
    row.clause = cleaned
    return row
