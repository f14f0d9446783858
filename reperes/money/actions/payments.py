"""Actions on payments: instalments generated from the rules, payments, calls for funds,
restitutions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from reperes.conventions.models import Convention
from reperes.core.models import audit
from reperes.core.saving import save_checked
from reperes.rules.allocation import format_eur, format_percent
from reperes.rules.schedules import (
    StaffSpell,
    monthly_instalments,
    periodic_instalments,
    single_payment,
)

from ..enums import InstalmentSlot, ScheduleKind
from ..models import (
    CallForFunds,
    Instalment,
    PaymentSchedule,
    Restitution,
)
from ..prorata import annual_amount, balance_condition, prorata_inputs, result_for
from ..words import de_nom
from ._common import MONTH_SLOTS, as_cents, fr_date, set_if_changed

# --- Schedules ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Wanted:
    slot: str
    label: str
    due_on: date | None
    amount: Decimal
    condition: str = ""
    refused_reason: str = ""


def _periodic_slot(months: int, index: int) -> InstalmentSlot:
    if months == 1:
        return MONTH_SLOTS[index]
    if months == 3:
        return InstalmentSlot(f"q{index + 1}")
    if months == 6:
        return InstalmentSlot(f"s{index + 1}")
    return InstalmentSlot.SINGLE


@transaction.atomic
def create_schedule(
    actor: Any,
    convention: Convention,
    *,
    kind: str,
    payer: Any,
    payee: Any,
    label: str = "",
    article: str = "",
    due_day: int = 1,
    period_months: int | None = None,
    source: str = "",
) -> PaymentSchedule:
    """A new payment schedule of ``convention`` (monthly, periodic, call for funds), checked
    in French: payer and payee are two different parties of the convention. The advance and
    prorated balance, which needs a planned staffing and a prorata reading, is set up with the
    money pages."""
    if kind not in {ScheduleKind.MONTHLY, ScheduleKind.PERIODIC, ScheduleKind.CALL_FOR_FUNDS}:
        raise ValidationError("Choisissez une modalité de versement.")
    schedule = PaymentSchedule(
        convention=convention,
        kind=kind,
        payer=payer,
        payee=payee,
        label=label.strip(),
        article=article.strip(),
        due_day=due_day,
        period_months=period_months if kind == ScheduleKind.PERIODIC else None,
        source=source.strip(),
    )
    save_checked(schedule)
    audit(actor, "money.create_schedule", schedule, f"Échéancier créé : {schedule}")
    return schedule


def _wanted(
    schedule: PaymentSchedule, year: int, spells: Sequence[StaffSpell] | None
) -> list[_Wanted]:
    if schedule.kind == ScheduleKind.MONTHLY:
        annual = annual_amount(schedule, year)
        return [
            _Wanted(slot, item.label, item.due_on, item.amount, item.condition)
            for slot, item in zip(
                MONTH_SLOTS,
                monthly_instalments(year, annual, day=schedule.due_day),
                strict=True,
            )
        ]
    if schedule.kind == ScheduleKind.PERIODIC:
        months = schedule.period_months or 12
        annual = annual_amount(schedule, year)
        items = periodic_instalments(year, annual, months=months, day=schedule.due_day)
        return [
            _Wanted(_periodic_slot(months, index), item.label, item.due_on, item.amount)
            for index, item in enumerate(items)
        ]
    if schedule.kind == ScheduleKind.CALL_FOR_FUNDS:
        annual = annual_amount(schedule, year)
        label = f"Participation {year} {de_nom(schedule.payer.organisation.name)}"
        payee = de_nom(schedule.payee.organisation.name)
        article = f" (article {schedule.article})" if schedule.article else ""
        condition = f"Versement en une fois sur appel de fonds {payee}{article}."
        call = schedule.calls.filter(year=year).first()
        if call is None:
            return [_Wanted(InstalmentSlot.SINGLE, label, None, annual, condition)]
        (item,) = single_payment(annual, call.issued_on, label, condition=condition)
        return [_Wanted(InstalmentSlot.SINGLE, item.label, item.due_on, item.amount, condition)]
    inputs = prorata_inputs(schedule, year, spells=spells)
    result = result_for(schedule, inputs)
    # An advance-and-balance schedule states its rate (a database constraint).
    assert schedule.advance_percent is not None
    rate = format_percent(schedule.advance_percent, None)
    if result.advance is not None:
        advance = _Wanted(
            InstalmentSlot.ADVANCE,
            result.advance.label,
            result.advance.due_on,
            result.advance.amount,
            result.advance.condition,
        )
    else:
        advance = _Wanted(
            InstalmentSlot.ADVANCE,
            f"Avance de {rate} de la dotation {year}",
            inputs.advance_due_on,
            Decimal("0.00"),
            refused_reason=result.advance_refused_reason,
        )
    balance = _Wanted(
        InstalmentSlot.BALANCE,
        f"Solde de la dotation {year}",
        inputs.balance_due_on,
        result.balance,
        balance_condition(inputs, result),
    )
    return [advance, balance]


def planned_instalments(
    schedule: PaymentSchedule, year: int
) -> list[tuple[str, date | None, Decimal, str]]:
    """What ``generate_instalments`` would create for ``year``, without writing anything (the
    set-up preview and the operator's review): (label, due date, amount, condition). French
    ``ValidationError`` when the amount cannot be known yet (no funding, no staff register)."""
    return [
        (w.label, w.due_on, w.amount, w.condition or w.refused_reason)
        for w in _wanted(schedule, year, None)
    ]


@transaction.atomic
def generate_instalments(
    schedule: PaymentSchedule,
    year: int,
    *,
    actor: Any = None,
    spells: Sequence[StaffSpell] | None = None,
) -> list[Instalment]:
    """Create the year's instalments from the rules (``reperes.rules.schedules``).

    Idempotent: an instalment is identified by (schedule, year, slot); a paid or partially paid
    one is kept as it is; an unpaid one is updated to what the rules say now (amount, due date,
    condition — the Drôme balance follows the staff register); one the rules no longer produce
    is removed if unpaid. For the Drôme advance, when the condition fails on the check date the
    advance row is kept with a zero amount and the refusal reason (status « non due »).
    ``spells`` replaces the staff register (tests, simulations).
    """
    schedule = (
        PaymentSchedule.objects.select_for_update()
        .select_related("convention", "payer__organisation", "payee__organisation")
        .get(pk=schedule.pk)
    )
    wanted = _wanted(schedule, year, spells)
    existing = {i.slot: i for i in schedule.instalments.filter(year=year)}
    counts = {"created": 0, "updated": 0, "kept": 0, "deleted": 0}
    for item in wanted:
        instalment = existing.pop(item.slot, None)
        values: dict[str, Any] = {
            "label": item.label,
            "due_on": item.due_on,
            "amount": item.amount,
            "condition": item.condition,
            "refused_reason": item.refused_reason,
        }
        if instalment is None:
            save_checked(Instalment(schedule=schedule, year=year, slot=item.slot, **values))
            counts["created"] += 1
        elif instalment.paid_on is not None:
            counts["kept"] += 1
        elif set_if_changed(instalment, **values):
            counts["updated"] += 1
    for instalment in existing.values():
        if instalment.paid_on is None:
            instalment.delete()
            counts["deleted"] += 1
    if counts["created"] or counts["updated"] or counts["deleted"]:
        audit(
            actor,
            "money.generate_instalments",
            schedule,
            f"Échéances {year} de « {schedule} » : {counts['created']} créée(s), "
            f"{counts['updated']} mise(s) à jour, {counts['kept']} versée(s) conservée(s), "
            f"{counts['deleted']} supprimée(s)",
            year=year,
            **counts,
        )
    return list(schedule.instalments.filter(year=year))


@transaction.atomic
def record_payment(
    instalment: Instalment,
    paid_on: date,
    amount: Decimal,
    reference: str = "",
    *,
    actor: Any = None,
    today: date | None = None,
) -> Instalment:
    """Record a payment (or a part of one) on an instalment. Several payments add up; the
    instalment keeps the date of the last one and every reference."""
    instalment = Instalment.objects.select_for_update().get(pk=instalment.pk)
    amount = as_cents(amount, "amount", "Montant versé")
    today = today or timezone.localdate()
    if amount <= 0:
        raise ValidationError({"amount": "Le montant versé doit être positif."})
    if instalment.refused_reason:
        raise ValidationError(
            f"Cette échéance n'est pas due : {instalment.refused_reason} Aucun versement ne peut "
            "y être enregistré."
        )
    if paid_on.year < instalment.year:
        raise ValidationError(
            {
                "paid_on": f"Un versement au titre de {instalment.year} ne peut pas être daté de "
                f"{paid_on.year} : l'échéance porte sur l'année {instalment.year}."
            }
        )
    if paid_on > today:
        raise ValidationError(
            {
                "paid_on": f"Un versement ne peut pas être daté dans le futur (après le {fr_date(today)})."
            }
        )
    if amount > instalment.remaining:
        raise ValidationError(
            {
                "amount": f"Le montant versé ({format_eur(amount)}) dépasse ce qui reste dû sur "
                f"l'échéance ({format_eur(instalment.remaining)})."
            }
        )
    reference = reference.strip()
    instalment.paid_amount = (instalment.paid_amount or Decimal("0.00")) + amount
    instalment.paid_on = max(paid_on, instalment.paid_on) if instalment.paid_on else paid_on
    if reference:
        instalment.reference = (
            f"{instalment.reference} ; {reference}" if instalment.reference else reference
        )[:200]
    save_checked(instalment)
    audit(
        actor,
        "money.record_payment",
        instalment,
        f"Versement de {format_eur(amount)} le {fr_date(paid_on)} — {instalment.label}",
        amount=str(amount),
        paid_on=paid_on.isoformat(),
        reference=reference,
    )
    return instalment


def _next_call_number(convention: Convention, year: int) -> str:
    count = CallForFunds.objects.filter(convention=convention, year=year).count()
    return f"{year}-{count + 1:03d}"


@transaction.atomic
def issue_call_for_funds(
    schedule: PaymentSchedule,
    year: int,
    issued_on: date,
    *,
    number: str = "",
    actor: Any = None,
) -> CallForFunds:
    """Issue the call for funds of ``year`` to the schedule's payer (seed 002 art. 6). The
    instalment it calls becomes due on the day of issue (« dès adoption et notification »)."""
    schedule = PaymentSchedule.objects.select_related("convention", "payer__organisation").get(
        pk=schedule.pk
    )
    if schedule.kind != ScheduleKind.CALL_FOR_FUNDS:
        raise ValidationError("Cet échéancier ne procède pas par appel de fonds.")
    previous = schedule.calls.filter(year=year).first()
    if previous is not None:
        raise ValidationError(
            f"Un appel de fonds a déjà été émis pour {year} : n° {previous.number} du "
            f"{fr_date(previous.issued_on)}."
        )
    instalment = schedule.instalments.filter(year=year, slot=InstalmentSlot.SINGLE).first()
    amount = instalment.remaining if instalment is not None else annual_amount(schedule, year)
    if amount <= 0:
        raise ValidationError(f"Rien ne reste à appeler pour {year} : la participation est versée.")
    call = CallForFunds(
        convention=schedule.convention,
        schedule=schedule,
        year=year,
        number=number.strip() or _next_call_number(schedule.convention, year),
        issued_on=issued_on,
        amount=amount,
        addressee=schedule.payer,
    )
    save_checked(call)
    generate_instalments(schedule, year, actor=actor)
    audit(
        actor,
        "money.call_for_funds",
        call,
        f"Appel de fonds n° {call.number} de {format_eur(amount)} à {schedule.payer.organisation}",
        amount=str(amount),
        year=year,
    )
    return call


@transaction.atomic
def record_restitution(
    convention: Convention,
    year: int,
    amount: Decimal,
    reason: str,
    requested_on: date,
    *,
    schedule: PaymentSchedule | None = None,
    received_on: date | None = None,
    actor: Any = None,
) -> Restitution:
    """Record a restitution the funder asks for (seed 004 art. 6, last paragraph)."""
    amount = as_cents(amount, "amount", "Montant à restituer")
    if amount <= 0:
        raise ValidationError({"amount": "Le montant à restituer doit être positif."})
    if schedule is not None and schedule.convention_id != convention.pk:
        raise ValidationError({"schedule": "Cet échéancier relève d'une autre convention."})
    restitution = Restitution(
        convention=convention,
        schedule=schedule,
        year=year,
        amount=amount,
        reason=reason,
        requested_on=requested_on,
        received_on=received_on,
    )
    save_checked(restitution)
    audit(
        actor,
        "money.restitution",
        restitution,
        f"Restitution {year} de {format_eur(amount)} demandée le {fr_date(requested_on)}",
        amount=str(amount),
    )
    return restitution
