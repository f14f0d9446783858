"""The clause catalogue: every kind of term a convention may hold that creates a duty or a rule,
with its parameters and the values conventions usually give them (citing where they come from).

A ``Clause`` (``reperes.conventions.models``) is one of these kinds with its parameters and the
article it comes from. Nothing in a code path knows a convention's dates, rates or documents:
they are the clauses' parameters; the *suggested* values here only pre-fill the set-up form.

Kinds kept elsewhere on the convention (and not repeated here): payment schedules
(``money.PaymentSchedule``), governance bodies (``governance.Body``), statistical secrecy
(``Convention.secrecy_threshold``), period, renewal, notice and termination (``TermsFields``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from reperes.conventions.enums import DocumentKind, PartyRole, StaffCategory
from reperes.rules import due as due_rules

# Parameter types.
TEXT = "text"
INT = "int"
DECIMAL = "decimal"
BOOL = "bool"
CHOICE = "choice"
CHOICES = "choices"  # several of a list
DUE = "due"  # a due-date rule (reperes.rules.due)


# The report models a report clause may name (key → a model with its ``title``): reporting,
# above conventions, registers them from ``ReportingConfig.ready``; until then, none.
_REPORT_MODELS: list[Mapping[str, Any]] = [{}]


def use_report_models(models: Mapping[str, Any]) -> None:
    """Register the mapping of report models a report clause may name."""
    _REPORT_MODELS[0] = models


def _report_models() -> list[tuple[str, str]]:
    return [(key, model.title) for key, model in _REPORT_MODELS[0].items()]


def _report_model_title(key: str) -> str:
    model = _REPORT_MODELS[0].get(key)
    return model.title if model is not None else key


def _is_report_model(key: str) -> bool:
    """A library model is known without the database; a composed one is looked up."""
    return key in _REPORT_MODELS[0]


PERIODICITY_CHOICES = [(p, due_rules.PERIODICITY_LABELS[p]) for p in due_rules.PERIODICITIES]
ROLE_CHOICES = list(PartyRole.choices)
UNIT_CHOICES = [("days", "jours"), ("months", "mois"), ("years", "ans")]
APPROVAL_SUBJECTS = [
    ("investment", "Projets d'investissement"),
    ("loan", "Projets d'emprunt"),
    ("staffing", "Modification du tableau des effectifs"),
    ("recruitment", "Recrutements"),
    ("other", "Autre engagement"),
]
END_OF_DATA = [
    ("destroy", "Destruction des données"),
    ("return", "Restitution des données"),
    ("return_and_destroy", "Restitution puis destruction de toutes les copies"),
]


@dataclass(frozen=True)
class Param:
    name: str
    label: str
    type: str
    required: bool = True
    choices: Sequence[tuple[str, str]] | Callable[[], Sequence[tuple[str, str]]] = ()
    help: str = ""
    bounds: tuple[int, int] | None = None  # an INT's limits when a text sets them
    # A CHOICE checked one value at a time (long or stored lists: the report models).
    accepts: Callable[[str], bool] | None = None

    def options(self) -> list[tuple[str, str]]:
        return list(self.choices() if callable(self.choices) else self.choices)


@dataclass(frozen=True)
class Suggestion:
    """Usual parameters of a kind, and where they come from."""

    label: str
    params: Mapping[str, Any]
    source: str


@dataclass(frozen=True)
class ClauseKind:
    code: str
    label: str
    help: str
    params: tuple[Param, ...]
    # The parameters that say *which* duty the clause is about: two binding clauses of the same
    # kind and identity are the same duty (when their other parameters differ, they disagree).
    identity: tuple[str, ...] = ()
    suggestions: tuple[Suggestion, ...] = field(default=())

    def param(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)


DOCUMENT = "document"
REPORT = "report"
PRIOR_APPROVAL = "prior_approval"
QUALIFICATION = "qualification"
MINIMUM_STAFF = "minimum_staff"
DATA_PROTECTION = "data_protection"
EVALUATION = "evaluation"

# Art. 9 of the Pas-de-Calais model (seed 001): offered as a suggestion, and the demo's clause.
PAS_DE_CALAIS_DATA_PROTECTION: Mapping[str, Any] = {
    "nominative": True,
    "data": "Nom, prénom, adresse postale, numéro de téléphone du jeune",
    "breach_hours": 24,
    "breach_to": PartyRole.PILOT,
    "end": "return_and_destroy",
    "written_proof": True,
    "subprocessing": False,
}


def _sent_by_operator(
    label: str, subject: dict[str, Any], periodicity: str, due: dict[str, Any], source: str
) -> Suggestion:
    """A document or report the operator sends once per period (every suggestion below)."""
    params = {**subject, "owner": PartyRole.OPERATOR, "periodicity": periodicity, "due": due}
    return Suggestion(label, params, source)


def _document(
    label: str, document: str, periodicity: str, due: dict[str, Any], source: str
) -> Suggestion:
    return _sent_by_operator(label, {"document": document}, periodicity, due, source)


def _report(
    label: str, model: str, periodicity: str, due: dict[str, Any], source: str
) -> Suggestion:
    return _sent_by_operator(label, {"model": model}, periodicity, due, source)


def _on_day(day: int, month: int, *, year_offset: int) -> dict[str, Any]:
    """Due on a day of the year, ``year_offset`` years after the one the duty is about."""
    return {"rule": due_rules.DAY_OF_YEAR, "month": month, "day": day, "year_offset": year_offset}


def _months_after(months: int) -> dict[str, Any]:
    """Due a number of months after the period ends."""
    return {"rule": due_rules.AFTER_PERIOD, "value": months, "unit": due_rules.MONTHS}


def _days_before(days: int, body: str) -> dict[str, Any]:
    """Due a number of days before each meeting of ``body``."""
    return {"rule": due_rules.BEFORE_MEETING, "value": days, "unit": due_rules.DAYS, "body": body}


_DOCUMENT_SUGGESTIONS = (
    _document(
        "Budget prévisionnel de l'année suivante, pour le 31 octobre",
        DocumentKind.BUDGET_FORECAST,
        due_rules.YEAR,
        _on_day(31, 10, year_offset=-1),
        "Convention type du Pas-de-Calais, art. 8.2",
    ),
    _document(
        "Compte administratif de l'année précédente, avant le 30 avril",
        DocumentKind.YEAR_END_ACCOUNTS,
        due_rules.YEAR,
        _on_day(30, 4, year_offset=1),
        "Convention type du Pas-de-Calais, art. 3 et 8.2",
    ),
    _document(
        "Comptes certifiés par un commissaire aux comptes, avant le 30 avril",
        DocumentKind.CERTIFIED_STATEMENTS,
        due_rules.YEAR,
        _on_day(30, 4, year_offset=1),
        "Convention type du Pas-de-Calais, art. 8.2",
    ),
    _document(
        "État des effectifs de l'année, avant le 30 novembre",
        DocumentKind.STAFF_STATEMENT,
        due_rules.YEAR,
        _on_day(30, 11, year_offset=0),
        "Convention de la Drôme, art. 6",
    ),
    _document(
        "Actualisation annuelle du diagnostic territorial",
        DocumentKind.DIAGNOSTIC,
        due_rules.YEAR,
        _on_day(31, 12, year_offset=0),
        "Convention type du Pas-de-Calais, art. 2.2",
    ),
    _document(
        "Compte rendu financier, six mois après la clôture de l'exercice",
        DocumentKind.FINANCIAL_REPORT,
        due_rules.YEAR,
        _months_after(6),
        "Loi n° 2000-321 du 12 avril 2000, art. 10, et arrêté du 11 octobre 2006 (subventions)",
    ),
)

_REPORT_SUGGESTIONS = (
    _report(
        "Rapport d'activité de l'année, au plus tard le 30 avril suivant",
        "rapport-annuel-sps",
        due_rules.YEAR,
        _on_day(30, 4, year_offset=1),
        "Convention type du Pas-de-Calais, art. 3",
    ),
    _report(
        "Rapport d'activité N-1 au plus tard le 30 avril N",
        "rapport-drome",
        due_rules.YEAR,
        _on_day(30, 4, year_offset=1),
        "Convention de la Drôme, art. 8 et 10",
    ),
    _report(
        "Bilan annuel présenté au début de l'année suivante",
        "bilan-annuel",
        due_rules.YEAR,
        _on_day(31, 3, year_offset=1),
        "Convention de Meurthe-et-Moselle, art. 6 et annexe 1",
    ),
    _report(
        "Reporting d'activité en amont de chaque conseil pédagogique (lu : la veille)",
        "conseil-pedagogique",
        due_rules.MEETING,
        _days_before(1, "Conseil pédagogique"),
        "Convention de Meurthe-et-Moselle, annexe 1",
    ),
    _report(
        "Suivi trimestriel des accompagnements",
        "suivi-trimestriel",
        due_rules.QUARTER,
        _months_after(1),
        "Convention de Meurthe-et-Moselle, annexe 1",
    ),
)

_DUE_PARAMS = (
    Param(
        "periodicity",
        "Période couverte",
        CHOICE,
        choices=PERIODICITY_CHOICES,
        help="La période dont parle chaque document ou rapport.",
    ),
    Param("due", "Échéance", DUE),
)

KINDS: dict[str, ClauseKind] = {
    kind.code: kind
    for kind in (
        ClauseKind(
            DOCUMENT,
            "Document à transmettre",
            "Un document que l'une des parties adresse aux autres à échéance fixe.",
            (
                Param("document", "Document", CHOICE, choices=list(DocumentKind.choices)),
                Param("title", "Intitulé précis", TEXT, required=False),
                Param("owner", "Partie qui le transmet", CHOICE, choices=ROLE_CHOICES),
                Param(
                    "recipients",
                    "Destinataires",
                    CHOICES,
                    required=False,
                    choices=ROLE_CHOICES,
                    help="Par défaut : les autres signataires.",
                ),
                *_DUE_PARAMS,
            ),
            identity=("document",),
            suggestions=_DOCUMENT_SUGGESTIONS,
        ),
        ClauseKind(
            REPORT,
            "Rapport à produire",
            "Un rapport d'activité établi sur un modèle de Repères, pour une période donnée.",
            (
                Param(
                    "model",
                    "Modèle de rapport",
                    CHOICE,
                    choices=_report_models,
                    accepts=_is_report_model,
                ),
                Param("title", "Intitulé précis", TEXT, required=False),
                Param("owner", "Partie qui le produit", CHOICE, choices=ROLE_CHOICES),
                Param("recipients", "Destinataires", CHOICES, required=False, choices=ROLE_CHOICES),
                *_DUE_PARAMS,
            ),
            identity=("model",),
            suggestions=_REPORT_SUGGESTIONS,
        ),
        ClauseKind(
            PRIOR_APPROVAL,
            "Accord écrit préalable",
            "Ce que l'opérateur ne peut engager sans l'accord écrit d'une partie, et ce qu'il "
            "en coûte sans accord.",
            (
                Param("subjects", "Objets soumis à accord", CHOICES, choices=APPROVAL_SUBJECTS),
                Param("approver", "Partie qui donne son accord", CHOICE, choices=ROLE_CHOICES),
                Param("consequence", "Conséquence d'un défaut d'accord", TEXT, required=False),
            ),
            identity=(),
            suggestions=(
                Suggestion(
                    "Investissements, emprunts et tableau des effectifs, sans quoi la "
                    "tarification ne les prend pas en charge",
                    {
                        "subjects": ["investment", "loan", "staffing"],
                        "approver": PartyRole.PILOT,
                        "consequence": "Les conséquences financières ne sont pas prises en "
                        "charge dans la tarification.",
                    },
                    "Convention type du Pas-de-Calais, art. 8.2",
                ),
            ),
        ),
        ClauseKind(
            QUALIFICATION,
            "Qualification du personnel",
            "Le personnel sans le diplôme requis doit l'obtenir (par exemple par la VAE) dans "
            "un délai compté depuis la mise en œuvre de la convention ou l'arrivée.",
            (
                Param(
                    "category", "Catégorie concernée", CHOICE, choices=list(StaffCategory.choices)
                ),
                Param("delay_value", "Délai", INT),
                Param("delay_unit", "Unité du délai", CHOICE, choices=UNIT_CHOICES),
                Param("means", "Moyen", TEXT, required=False),
            ),
            identity=("category",),
            suggestions=(
                Suggestion(
                    "VAE dans les deux ans de la mise en œuvre de la convention",
                    {
                        "category": StaffCategory.SOCIAL_WORKER,
                        "delay_value": 2,
                        "delay_unit": "years",
                        "means": "Validation des acquis de l'expérience",
                    },
                    "Convention de la Drôme, art. 5",
                ),
            ),
        ),
        ClauseKind(
            MINIMUM_STAFF,
            "Effectif minimum",
            "Un effectif en ETP sous lequel un versement (l'avance, le solde) est réduit ou "
            "suspendu.",
            (
                Param("category", "Catégorie", CHOICE, choices=list(StaffCategory.choices)),
                Param("fte", "ETP minimum", DECIMAL),
                Param("condition", "Ce qui en dépend", TEXT, required=False),
            ),
            identity=("category",),
            suggestions=(
                Suggestion(
                    "Six postes d'éducateurs financés",
                    {
                        "category": StaffCategory.SOCIAL_WORKER,
                        "fte": "6",
                        "condition": "Le solde est versé au prorata de la présence réelle.",
                    },
                    "Convention de la Drôme, art. 6",
                ),
            ),
        ),
        ClauseKind(
            DATA_PROTECTION,
            "Protection des données personnelles",
            "Ce que l'opérateur peut traiter pour le compte d'une partie, combien de temps, "
            "dans quel délai une violation est notifiée et ce que deviennent les données à la fin.",
            (
                Param("nominative", "Données nominatives autorisées", BOOL),
                Param("data", "Données traitées", TEXT, required=False),
                Param("retention_value", "Durée de conservation", INT, required=False),
                Param("retention_unit", "Unité", CHOICE, required=False, choices=UNIT_CHOICES),
                Param(
                    "log_retention_months",
                    "Conservation du journal des accès (mois)",
                    INT,
                    required=False,
                    help="Entre 6 et 12 mois (recommandation CNIL) ; 12 mois à défaut.",
                    bounds=(6, 12),
                ),
                Param("breach_hours", "Notification d'une violation (heures)", INT),
                Param("breach_to", "Partie notifiée", CHOICE, choices=ROLE_CHOICES),
                Param("end", "Sort des données à la fin", CHOICE, choices=END_OF_DATA),
                Param("written_proof", "Preuve écrite de la destruction", BOOL),
                Param("subprocessing", "Sous-traitance autorisée", BOOL),
            ),
            suggestions=(
                Suggestion(
                    "Sous-traitance pour le compte du Département, violation notifiée sous 24 h, "
                    "destruction justifiée par écrit",
                    PAS_DE_CALAIS_DATA_PROTECTION,
                    "Convention type du Pas-de-Calais, art. 9",
                ),
            ),
        ),
        ClauseKind(
            EVALUATION,
            "Évaluation externe",
            "Évaluation du service par un organisme accrédité, à un rythme donné et au plus "
            "tard un délai avant la fin de l'autorisation.",
            (
                Param("every_years", "Rythme (années)", INT),
                Param("years_before_end", "Au plus tard, années avant la fin d'autorisation", INT),
                Param("owner", "Partie qui la fait réaliser", CHOICE, choices=ROLE_CHOICES),
            ),
            suggestions=(
                Suggestion(
                    "Quinquennale, au plus tard deux ans avant la fin d'autorisation",
                    {"every_years": 5, "years_before_end": 2, "owner": PartyRole.OPERATOR},
                    "Convention type du Pas-de-Calais, art. 8.3 (CASF art. D 312-203)",
                ),
            ),
        ),
    )
}

CHOICES_OF_KINDS = [(kind.code, kind.label) for kind in KINDS.values()]


def clean(kind_code: str, params: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The parameters of a clause of ``kind_code``, typed, with what is wrong in French.

    Unknown parameters are dropped; missing optional ones are left out."""
    kind = KINDS.get(kind_code)
    if kind is None:
        return {}, [f"Nature de clause inconnue : « {kind_code} »."]
    cleaned: dict[str, Any] = {}
    errors: list[str] = []
    for param in kind.params:
        raw = params.get(param.name)
        empty = raw is None or raw == "" or raw == []
        if empty:
            if param.type == BOOL:
                cleaned[param.name] = False
            elif param.required:
                errors.append(f"« {param.label} » est obligatoire.")
            continue
        value, error = _typed(param, raw)
        if error:
            errors.append(f"« {param.label} » : {error}")
        else:
            cleaned[param.name] = value
    return cleaned, errors


def _typed(param: Param, raw: Any) -> tuple[Any, str]:
    if param.type == TEXT:
        text = str(raw).strip()
        return (text, "") if len(text) <= 500 else (None, "500 caractères au plus.")
    if param.type == INT:
        try:
            value = int(str(raw).strip())
        except ValueError:
            return None, "un nombre entier est attendu."
        if param.bounds:
            low, high = param.bounds
            return (value, "") if low <= value <= high else (None, f"entre {low} et {high}.")
        return (value, "") if 0 <= value <= 10_000 else (None, "nombre hors des limites.")
    if param.type == DECIMAL:
        try:
            number = Decimal(str(raw).strip().replace(",", "."))
        except InvalidOperation:
            return None, "un nombre est attendu."
        if not number.is_finite() or number < 0 or number > 10_000:
            return None, "nombre hors des limites."
        return str(number), ""
    if param.type == BOOL:
        if isinstance(raw, bool):
            return raw, ""
        return str(raw).strip().lower() in ("1", "true", "on", "oui", "yes"), ""
    if param.type == CHOICE and param.accepts is not None:
        choice = str(raw)
        return (choice, "") if param.accepts(choice) else (None, f"valeur inconnue « {choice} ».")
    options = {code for code, _label in param.options()}
    if param.type == CHOICE:
        choice = str(raw)
        return (choice, "") if choice in options else (None, f"valeur inconnue « {choice} ».")
    if param.type == CHOICES:
        values = [raw] if isinstance(raw, str) else list(raw)
        unknown = [str(v) for v in values if str(v) not in options]
        if unknown:
            return None, "valeur inconnue « " + ", ".join(unknown) + " »."
        return sorted({str(v) for v in values}), ""
    if param.type == DUE:
        if not isinstance(raw, Mapping):
            return None, "règle d'échéance attendue."
        rule = due_rules.Due.from_params(_due_ints(raw))
        problems = rule.errors()
        if problems:
            return None, problems[0]
        return _due_dict(rule), ""
    return None, "type de paramètre inconnu."


def _due_ints(raw: Mapping[str, Any]) -> dict[str, Any]:
    result = dict(raw)
    for name in ("month", "day", "year_offset", "value"):
        value = result.get(name)
        if value in (None, ""):
            result[name] = None if name != "year_offset" else 0
            continue
        try:
            result[name] = int(str(value).strip())
        except ValueError:
            result[name] = -999
    return result


def _due_dict(rule: due_rules.Due) -> dict[str, Any]:
    if rule.rule == due_rules.DAY_OF_YEAR:
        return {
            "rule": rule.rule,
            "month": rule.month,
            "day": rule.day,
            "year_offset": rule.year_offset,
        }
    result: dict[str, Any] = {"rule": rule.rule, "value": rule.value, "unit": rule.unit}
    if rule.rule == due_rules.BEFORE_MEETING:
        result["body"] = rule.body.strip()
    return result


def describe(kind_code: str, params: Mapping[str, Any]) -> str:
    """The clause in one French sentence (« Budget prévisionnel — le 31 octobre de l'année
    N-1 »)."""
    kind = KINDS.get(kind_code)
    if kind is None:
        return kind_code

    def label_of(name: str) -> str:
        value = params.get(name)
        param = kind.param(name)
        if param.accepts is not None and isinstance(value, str):
            return _report_model_title(value)
        # Any key: the value is looked up as stored, and shown as is when it is not an option.
        options: dict[Any, str] = dict(param.options())
        if isinstance(value, list):
            return ", ".join(str(options.get(v, v)) for v in value)
        return str(options.get(value, value if value is not None else ""))

    due = due_rules.Due.from_params(params.get("due") or {})
    if kind_code == DOCUMENT:
        what = params.get("title") or label_of("document")
        return f"{what} — {label_of('periodicity')}, dû {due.describe()}"
    if kind_code == REPORT:
        what = params.get("title") or label_of("model")
        return f"{what} — {label_of('periodicity')}, dû {due.describe()}"
    if kind_code == PRIOR_APPROVAL:
        return f"Accord écrit préalable ({label_of('approver')}) : {label_of('subjects')}"
    if kind_code == QUALIFICATION:
        unit = dict(UNIT_CHOICES).get(params.get("delay_unit", ""), "")
        return (
            f"{label_of('category')} sans le diplôme requis : qualification dans les "
            f"{params.get('delay_value')} {unit}"
        )
    if kind_code == MINIMUM_STAFF:
        return f"{label_of('category')} : au moins {params.get('fte')} ETP"
    if kind_code == DATA_PROTECTION:
        nominative = (
            "données nominatives autorisées"
            if params.get("nominative")
            else "aucune donnée nominative"
        )
        return (
            f"{nominative} ; violation notifiée sous {params.get('breach_hours')} h "
            f"({label_of('breach_to')}) ; à la fin : {label_of('end')}"
        )
    if kind_code == EVALUATION:
        return (
            f"Évaluation externe tous les {params.get('every_years')} ans, au plus tard "
            f"{params.get('years_before_end')} ans avant la fin de l'autorisation"
        )
    return kind.label


def identity(kind_code: str, params: Mapping[str, Any]) -> tuple[Any, ...]:
    """What makes two clauses the same duty (for the disagreement warning)."""
    kind = KINDS[kind_code]
    return (kind_code, *(str(params.get(name)) for name in kind.identity))
