"""Where a figure of the funder's consolidation comes from (issue 16, « Every figure traceable »:
« a funder sees the provenance down to the submission or the service's count, never below the
secrecy layer »).

One cell of one service's row of a consolidation table (``reperes.reporting.consolidation``),
read in the tables as they are published (``views_submissions.published_consolidation``, after
statistical secrecy): the published figure as shown — a withheld cell (« s ») says only that it
is withheld — and its source:

- the service's validated submission: its year, who sent it and when, who validated it and when,
  and the submitted value (a number, « NR », or « compris dans … » with the service's note);
- the service's own count (no validated submission): « calculé à partir des saisies de terrain
  du service » with the indicator's definition in words — never the records;
- the service's staffing table of the year (the team's FTE, people app);
- nothing at all: the figure is unknown (« NR »).

No record, no pseudonym, no figure below the secrecy layer is read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.urls import reverse

from reperes.fieldwork.enums import PasDeCalaisColumn
from reperes.people.enums import StaffCategory

from . import consolidation, secrecy
from .enums import SubmissionStatus
from .models import Submission
from .provenance import definition
from .provenance_records import UnknownCell

RECORDS = "calculé à partir des saisies de terrain du service"
STAFFING = "tableau des effectifs du service pour l'année (personnel prévu, en ETP)"
NONE = "ni remontée validée ni saisie de terrain pour l'année : chiffre non renseigné"

# The column codes of each consolidation table, by column label (``consolidation.tables``).
_COLUMNS: dict[str, dict[str, str]] = {
    "consolidation-jeunes": {
        "Jeunes rencontrés": "youths.met",
        "Jeunes accompagnés": "youths.accompanied",
    },
    "consolidation-heures": {
        **{column.label: f"hours.{column.value}" for column in PasDeCalaisColumn},
        "Total": "hours",
    },
    "consolidation-actions-collectives": {
        "Nombre d'actions collectives": "collective.actions",
        "Nombre de jeunes concernés": "collective.youths",
        "Nombre de familles": "collective.families",
    },
    "consolidation-equipes": {
        **{c.label: f"staff.fte.{c.value}" for c in StaffCategory},
        "Total": "staff.fte",
    },
}
STAFF_TABLE = "consolidation-equipes"


@dataclass(frozen=True)
class Step:
    """One step of the submission's life: what, when, by whom (a name, « — » when unknown)."""

    what: str
    at: datetime | None
    by: str


@dataclass(frozen=True)
class ConsolidationFigure:
    """One published cell of a service's row and where it comes from. When ``withheld``,
    nothing but its place is filled in."""

    table: Any
    service: Any
    column_label: str
    value: Any
    withheld: bool
    code: str = ""
    source: str = ""
    submission: Submission | None = None
    sent: Step | None = None
    validated: Step | None = None
    note: str = ""
    definition: str = ""
    unit: str = ""

    @property
    def reading(self) -> str:
        """What the submission says of the figure: a number, « NR » or « compris dans … »."""
        if self.value is None:
            return "le service ne l'a pas renseigné (« NR »)"
        if isinstance(self.value, str) and self.value.startswith("compris dans"):
            return f"le service l'a {self.value}"
        return "le chiffre remonté par le service"


def column_code(table_key: str, column_label: str) -> str:
    code = _COLUMNS.get(table_key, {}).get(column_label)
    if code is None:
        raise UnknownCell("Cette colonne n'existe pas dans le tableau.")
    return code


def link(funder_pk: int, year: int, table_key: str, row: int, column: int) -> str:
    """The provenance page of one cell: the funder, the year, the table, two indexes."""
    return (
        reverse("reporting:consolidation_provenance", kwargs={"pk": funder_pk})
        + f"?annee={year}&tableau={table_key}&ligne={row}&colonne={column}"
    )


def _name(user: Any) -> str:
    if user is None:
        return "une personne non enregistrée"
    return user.get_full_name() or user.get_username()


def _steps(submission: Submission) -> tuple[Step, Step]:
    """The last sending and the validation, as the submission records them (``send_submission``
    and ``validate_submission`` set them with the log's events)."""
    return (
        Step("Envoi", submission.sent_at, _name(submission.sent_by)),
        Step("Validation", submission.decided_at, _name(submission.decided_by)),
    )


def _validated_submission(service: Any, year: int) -> Submission | None:
    """The submission ``consolidation.build`` read for the service: the last validated one
    of the year in the same order."""
    found = None
    for submission in Submission.objects.filter(
        service=service, year=year, status=SubmissionStatus.VALIDATED
    ).select_related("sent_by", "decided_by", "convention"):
        found = submission
    return found


def figure(result: Any, tables: list[Any], key: str, row: int, column: int) -> ConsolidationFigure:
    """The published cell (``row``, ``column``) of the table ``key`` of ``result`` (a
    ``consolidation.Consolidation``) in ``tables`` (the same tables, published) and its source.
    Only the services' rows have one: the total row adds them up."""
    table = next((t for t in tables if t.key == key), None)
    if table is None:
        raise UnknownCell("Ce tableau n'est pas dans la consolidation.")
    if not 0 <= row < len(result.rows) or table.rows[row] != result.rows[row].label:
        raise UnknownCell("Cette ligne n'est pas celle d'un service.")
    if not 0 <= column < len(table.columns):
        raise UnknownCell("Cette colonne n'existe pas dans le tableau.")
    line = result.rows[row]
    column_label = table.columns[column]
    value = table.cells[row][column]
    if secrecy.is_withheld(value):
        return ConsolidationFigure(table, line.service, column_label, value, withheld=True)
    code = column_code(key, column_label)
    text, unit = definition(code)
    common: dict[str, Any] = {
        "table": table,
        "service": line.service,
        "column_label": column_label,
        "value": value,
        "withheld": False,
        "code": code,
        "definition": text,
        "unit": unit,
        "note": line.notes.get(code, ""),
    }
    if key == STAFF_TABLE and consolidation._staffing([line.service], result.year):
        return ConsolidationFigure(**common, source=STAFFING)
    if line.source == consolidation.SOURCE_SUBMISSION:
        submission = _validated_submission(line.service, result.year)
        if submission is not None:
            sent, validated = _steps(submission)
            return ConsolidationFigure(
                **common,
                source=consolidation.SOURCE_SUBMISSION,
                submission=submission,
                sent=sent,
                validated=validated,
            )
    if line.source == consolidation.SOURCE_RECORDS:
        return ConsolidationFigure(**common, source=RECORDS)
    return ConsolidationFigure(**common, source=NONE)
