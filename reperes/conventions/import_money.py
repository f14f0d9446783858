"""The « Échéanciers » sheet of the conventions workbook (optional): one row per payer of a
convention — who pays whom, the yearly amount, how (monthly, periodic, on a call for funds), the
due day and the article. Written through the set-up's own actions (``actions_setup``: the
payer's share of each year's funding, its schedule and its instalments), found again by
convention and payer so that a second import changes nothing.

The advance and prorated balance (which needs a planned staffing and a prorata reading) is set
up on the money pages, not imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from reperes.core.cells import Column

from .enums import PeriodMonths, ScheduleKind
from .import_rows import _plain, _Reader

SCHEDULES_SHEET = "Échéanciers"
IMPORTED_KINDS = ("monthly", "periodic", "call_for_funds")
SCHEDULE_COLUMNS = (
    Column("convention", "Référence de la convention", True),
    Column("payer", "Payeur", True, "L'organisation qui verse, partie à la convention."),
    Column("payee", "Bénéficiaire", help="Vide : l'opérateur."),
    Column("annual", "Montant annuel", True, "En euros, par année de la convention."),
    Column(
        "kind",
        "Modalité",
        True,
        "Dotation mensuelle, Versements périodiques à parts égales, ou Versement unique sur "
        "appel de fonds.",
    ),
    Column("period_months", "Périodicité", help="Versements périodiques : mois, trimestre…"),
    Column("due_day", "Jour d'échéance", help="Jour du mois (1 à 31) ; vide : le 1er."),
    Column("article", "Article", help="L'article qui fixe le versement."),
)


@dataclass
class ScheduleRow:
    line: int
    reference: str = ""
    payer: int | None = None  # organisation ids
    payee: int | None = None
    values: dict[str, Any] = field(default_factory=dict)
    existing: Any = None  # the PaymentSchedule found again
    status: str = ""
    errors: list[str] = field(default_factory=list)


def _amount(value: Any) -> Decimal:
    text = _plain(value).replace("\u00a0", "").replace(" ", "").replace("€", "").replace(",", ".")
    try:
        amount = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise ValueError("un montant en euros est attendu, par exemple 120000,00.") from exc
    if not amount.is_finite() or amount <= 0 or amount > Decimal("1000000000"):
        raise ValueError("le montant annuel doit être positif.")
    return amount


def read_schedule(reader: _Reader, raw: dict[str, Any]) -> ScheduleRow:
    row = ScheduleRow(line=raw["line"])
    cells = raw["cells"]
    headers = {c.key: c.header for c in SCHEDULE_COLUMNS}
    read = reader.cells_of(SCHEDULES_SHEET, SCHEDULE_COLUMNS, row, cells)
    row.reference = _plain(cells.get("convention", ""))
    payer, payee = read("payer", reader.organisation), read("payee", reader.organisation)
    row.payer = payer.pk if payer else None
    row.payee = payee.pk if payee else None
    kinds = [(c, label) for c, label in ScheduleKind.choices if c in IMPORTED_KINDS]
    periods = [(str(v), label) for v, label in PeriodMonths.choices]
    period = read("period_months", reader.choice, periods, {"mois": "1", "trimestre": "3"})
    row.values = {
        "annual": read("annual", _amount),
        "kind": read("kind", reader.choice, kinds),
        "period_months": int(period) if period else None,
        "due_day": read("due_day", reader.integer) or 1,
        "article": read("article", lambda v: reader.text(_plain(v), 30)) or "",
    }
    if row.values["kind"] == "periodic" and row.values["period_months"] is None:
        row.errors.append(
            reader.where(SCHEDULES_SHEET, row.line, headers["period_months"])
            + "indiquez la périodicité des versements périodiques."
        )
    if row.values["kind"] != "periodic":
        row.values["period_months"] = None
    if not 1 <= row.values["due_day"] <= 31:
        row.errors.append(
            reader.where(SCHEDULES_SHEET, row.line, headers["due_day"])
            + "le jour d'échéance est compris entre 1 et 31."
        )
    return row


def check_schedules(reader: _Reader, convention_row: Any) -> None:
    """Payer and payee are parties of the convention; one schedule per payer; each found
    again (by convention and payer) and compared. Money's schedules and shares are read
    through the relations money declares (``payment_schedules``, ``funding_shares``)."""
    parties = {p.organisation_id: p.role for p in convention_row.parties}
    operator = next((o for o, role in parties.items() if role == "operator"), None)
    seen: dict[int, int] = {}
    for row in convention_row.schedules:
        where = reader.where(SCHEDULES_SHEET, row.line)
        row.payee = row.payee or operator
        if row.payer not in parties or row.payee not in parties:
            row.errors.append(where + "le payeur et le bénéficiaire sont parties à la convention.")
        elif row.payer == row.payee:
            row.errors.append(where + "le payeur et le bénéficiaire doivent être différents.")
        elif row.payer in seen:
            row.errors.append(where + f"ce payeur a déjà son échéancier ligne {seen[row.payer]}.")
        seen.setdefault(row.payer or 0, row.line)
        if row.errors:
            continue
        existing = convention_row.existing
        schedule = (
            existing.payment_schedules.filter(payer__organisation=row.payer)
            .select_related("payee")
            .first()
            if existing is not None
            else None
        )
        row.existing = schedule
        if schedule is None:
            row.status = "create"
            continue
        amounts = set(
            schedule.payer.funding_shares.filter(funding__convention=existing).values_list(
                "stated_amount", flat=True
            )
        )
        same = (
            schedule.kind == row.values["kind"]
            and schedule.payee.organisation_id == row.payee
            and schedule.period_months == row.values["period_months"]
            and schedule.due_day == row.values["due_day"]
            and schedule.article == row.values["article"]
            and amounts == {row.values["annual"]}
        )
        row.status = "unchanged" if same else "update"


def write_schedules(actor: Any, convention: Any, rows: list[ScheduleRow]) -> None:
    from django.utils import timezone

    from . import actions_setup
    from .models import Party
    from .preview import span

    start, end, _note = span(convention, timezone.localdate())
    years = actions_setup.period_years(start, end)
    for row in rows:
        if row.status not in ("create", "update"):
            continue
        if row.existing is not None:
            actions_setup.remove_payments(actor, convention, row.existing.pk)
        party = {p.organisation_id: p for p in Party.objects.filter(convention=convention)}
        actions_setup.save_payments(
            actor,
            convention,
            payer=party[row.payer or 0],
            payee=party[row.payee or 0],
            annual=row.values["annual"],
            kind=row.values["kind"],
            years=years,
            period_months=row.values["period_months"],
            due_day=row.values["due_day"],
            article=row.values["article"],
        )
