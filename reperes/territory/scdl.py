"""Open data of the subsidies a funder grants through Repères, in the SCDL « Subventions » format
(OpenDataFrance; décret n° 2017-779 du 5 mai 2017 and arrêté du 17 novembre 2017), checked
against the table schema kept in ``schemas/scdl-subventions.json`` with ``frictionless``.

One row per payment schedule the funder pays and per year of funding: the amount is the
funder's share of that year (``reperes.money.funding``), never a guess — a share that cannot be
turned into euros (unknown total) is listed as not publishable, with the reason.

The publication is mandatory above 23 000 € a year (loi n° 2000-321 du 12 avril 2000, art. 10,
and décret n° 2001-495 du 6 juin 2001, art. 1): a smaller subsidy is still exported, flagged
« publication facultative ». That threshold is the law's, not a convention's.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("schemas") / "scdl-subventions.json"
COLUMNS = (
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "referenceDecision",
    "nomBeneficiaire",
    "idBeneficiaire",
    "objet",
    "montant",
    "nature",
    "conditionsVersement",
    "datesPeriodeVersement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
)
#: Décret n° 2001-495 du 6 juin 2001, art. 1 (pris pour l'article 10 de la loi n° 2000-321).
MANDATORY_ABOVE = Decimal("23000")
STAGGERED = {"monthly", "advance_balance", "periodic"}


@dataclass
class SubsidyRow:
    values: dict[str, str]
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    mandatory: bool = True

    @property
    def publishable(self) -> bool:
        return not self.problems


def _decimal(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def _decision(convention: Any, organisation: Any) -> Any:
    """The funder's deliberation that empowers its signature, when recorded."""
    from reperes.conventions.models import Signatory

    signatory = (
        Signatory.objects.filter(party__convention=convention, party__organisation=organisation)
        .exclude(deliberation=None)
        .select_related("deliberation")
        .first()
    )
    return signatory.deliberation if signatory is not None else None


def _payment_dates(schedule: Any, year: int) -> str:
    dues = sorted(i.due_on for i in schedule.instalments.all() if i.year == year and i.due_on)
    if not dues:
        return f"{year}-01-01/{year}-12-31"
    if len(dues) == 1 or schedule.kind not in STAGGERED:
        return dues[0].isoformat()
    return f"{dues[0].isoformat()}/{dues[-1].isoformat()}"


def _row(schedule: Any, funding: Any, view: Any) -> SubsidyRow:
    convention = schedule.convention
    attribuant = schedule.payer.organisation
    beneficiary = schedule.payee.organisation
    amount = view.amount_for_party(schedule.payer_id)
    decision = _decision(convention, attribuant)
    row = SubsidyRow(values={})
    if convention.signed_on is not None:
        day = convention.signed_on
    elif decision is not None and decision.decided_on is not None:
        day = decision.decided_on
        row.notes.append(
            "Date de signature non renseignée : date de la délibération de l'attribuant."
        )
    else:
        day = None
        row.problems.append("Date de la convention inconnue (ni signature ni délibération).")
    if amount is None:
        row.problems.append("Montant inconnu pour cette année (parts sans montant total).")
    elif amount <= MANDATORY_ABOVE:
        row.mandatory = False
        row.notes.append(
            "Publication facultative : subvention annuelle d'au plus 23 000 € "
            "(décret n° 2001-495, art. 1)."
        )
    for label, organisation in (("de l'attribuant", attribuant), ("du bénéficiaire", beneficiary)):
        if not organisation.siret:
            row.problems.append(f"Numéro SIRET {label} ({organisation}) non renseigné.")
    reference = convention.reference or (decision.reference if decision is not None else "")
    objet = f"{convention.short_title or convention.title} — {funding.label}"
    if str(funding.year) not in funding.label:
        objet += f", année {funding.year}"
    row.values = {
        "nomAttribuant": attribuant.name,
        "idAttribuant": attribuant.siret,
        "dateConvention": day.isoformat() if day else "",
        "referenceDecision": reference,
        "nomBeneficiaire": beneficiary.name,
        "idBeneficiaire": beneficiary.siret,
        "objet": objet[:256],
        "montant": _decimal(amount) if amount is not None else "",
        "nature": "aide en numéraire",
        "conditionsVersement": "échelonné" if schedule.kind in STAGGERED else "unique",
        "datesPeriodeVersement": _payment_dates(schedule, funding.year),
        "idRAE": "",
        "notificationUE": "non",
        # One beneficiary per schedule: the whole amount is theirs.
        "pourcentageSubvention": "1.00",
    }
    return row


def subsidies_of(organisation: Any) -> list[SubsidyRow]:
    """The subsidies ``organisation`` grants: the schedules it pays, for each year funded."""
    from reperes.money.funding import funding_view
    from reperes.money.models import Funding, PaymentSchedule

    schedules = (
        PaymentSchedule.objects.filter(payer__organisation=organisation)
        .select_related("convention", "payer__organisation", "payee__organisation")
        .prefetch_related("instalments")
        .order_by("convention__title", "pk")
    )
    rows = []
    for schedule in schedules:
        fundings = Funding.objects.filter(convention=schedule.convention_id).prefetch_related(
            "shares", "cost_lines"
        )
        for funding in fundings.order_by("year"):
            rows.append(_row(schedule, funding, funding_view(funding)))
    return rows


def to_csv(rows: list[SubsidyRow]) -> str:
    """The publishable rows, comma-separated, UTF-8, in the schema's column order."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        if row.publishable:
            writer.writerow(row.values)
    return out.getvalue()


_KINDS = {
    "type-error": "la valeur « {cell} » n'est pas du type attendu",
    "constraint-error": "la valeur « {cell} » ne respecte pas le schéma",
    "missing-cell": "valeur manquante",
    "extra-cell": "valeur en trop",
    "missing-label": "colonne manquante",
    "incorrect-label": "colonne inattendue",
    "blank-row": "ligne vide",
}


def _french(error: Any) -> str:
    """frictionless's error in French, its own precision (the rule broken) after."""
    template = _KINDS.get(error.type)
    if template is None:
        return str(error.note or error.title)
    text = template.format(cell=getattr(error, "cell", ""))
    return f"{text} ({error.note})" if error.note else text


def validate_csv(text: str) -> list[str]:
    """The schema's errors on ``text`` (empty when valid), in French, one per problem."""
    from frictionless import Resource, Schema

    schema = Schema.from_descriptor(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    resource = Resource(text.encode("utf-8"), format="csv", encoding="utf-8", schema=schema)
    report = resource.validate()
    messages = []
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field_name = getattr(error, "field_name", "")
            where = f"ligne {row}" if row else "en-tête"
            if field_name:
                where += f", colonne « {field_name} »"
            messages.append(f"{where} : {_french(error)}")
    for error in report.errors:
        messages.append(_french(error))
    return messages
