"""A convention's money as its guided set-up and its import write it
(``conventions/setup_parts.py``): registered from ``MoneyConfig.ready``. The set-up has checked
the draft and opened the transaction before it calls these."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from reperes.conventions import setup_parts
from reperes.conventions.models import Convention, Party
from reperes.core.models import audit

from .actions import ShareInput, create_schedule, generate_instalments, save_funding
from .models import Funding, FundingShare, PaymentSchedule


def save_payments(
    actor: Any,
    convention: Convention,
    *,
    payer: Party,
    payee: Party,
    annual: Decimal,
    kind: str,
    years: Iterable[int],
    period_months: int | None = None,
    due_day: int = 1,
    article: str = "",
) -> Any:
    """The payer's yearly amount for each year of the period (its share of the funding), its
    schedule (``money.actions.create_schedule``) and the instalments the schedule generates
    (``money.actions.generate_instalments``)."""
    years = sorted(set(years))
    if not years:
        raise ValidationError("Indiquez d'abord la période de la convention (étape « Période »).")
    if payer.convention_id != convention.pk or payee.convention_id != convention.pk:
        raise ValidationError("Le payeur et le bénéficiaire doivent être parties à la convention.")
    if annual is None or annual <= 0:
        raise ValidationError({"annual": "Le montant annuel doit être positif."})
    existing = PaymentSchedule.objects.filter(convention=convention, payer=payer).first()
    if existing is not None:
        if existing.instalments.exists():
            raise ValidationError(
                f"{payer.organisation} a déjà un échéancier : retirez-le pour le remplacer."
            )
        existing.delete()  # a shape without amounts (a copy): the amounts complete it
    for year in years:
        funding = Funding.objects.filter(convention=convention, year=year).first()
        shares = [
            ShareInput(party=s.party, amount=s.stated_amount)
            for s in (funding.shares.select_related("party") if funding else [])
            if s.party_id is not None and s.party_id != payer.pk
        ]
        shares.append(ShareInput(party=payer, amount=annual))
        total = sum((s.amount or Decimal("0.00") for s in shares), Decimal("0.00"))
        save_funding(
            convention,
            year,
            total=total,
            label=f"Financement {year}",
            shares=shares,
            actor=actor,
            reason="Mise en place de la convention",
        )
    schedule = create_schedule(
        actor,
        convention,
        kind=kind,
        payer=payer,
        payee=payee,
        article=article,
        due_day=due_day,
        period_months=period_months,
    )
    for year in years:
        generate_instalments(schedule, year, actor=actor)
    return schedule


def remove_payments(actor: Any, convention: Convention, schedule_id: int) -> None:
    """Remove a schedule of the draft, its instalments and its payer's share of the funding
    (none of its instalments paid)."""
    schedule = PaymentSchedule.objects.filter(convention=convention, pk=schedule_id).first()
    if schedule is None:
        raise ValidationError("Cet échéancier n'existe plus.")
    if schedule.instalments.filter(paid_on__isnull=False).exists():
        raise ValidationError("Un versement est enregistré sur cet échéancier : il est conservé.")
    payer = schedule.payer
    schedule.delete()
    FundingShare.objects.filter(funding__convention=convention, party=payer).delete()
    for funding in Funding.objects.filter(convention=convention):
        amounts = [s.stated_amount or Decimal("0.00") for s in funding.shares.all()]
        if not amounts:
            funding.delete()
            continue
        funding.total = sum(amounts, Decimal("0.00"))
        funding.full_clean()
        funding.save()
    audit(actor, "convention.setup.payments.remove", convention, f"Échéancier retiré ({payer})")


def copy_schedules(
    _actor: Any, source: Convention, convention: Convention, new_party: Mapping[int, Party]
) -> None:
    """The shape of each schedule (who pays whom, how), not its amounts: the new convention's
    funding is entered at the money step."""
    for schedule in PaymentSchedule.objects.filter(convention=source):
        payer = setup_parts.mapped_party(schedule.payer, new_party, convention)
        payee = setup_parts.mapped_party(schedule.payee, new_party, convention)
        if payer is None or payee is None or payer == payee:
            continue
        copy = PaymentSchedule(
            convention=convention,
            payer=payer,
            payee=payee,
            **{
                f: getattr(schedule, f)
                for f in (
                    "kind",
                    "label",
                    "article",
                    "due_day",
                    "period_months",
                    "advance_percent",
                    "min_fte_for_advance",
                    "planned_fte",
                    "prorata_reading",
                    "advance_check",
                )
                if hasattr(schedule, f)
            },
        )
        copy.full_clean()
        copy.save()


def register() -> None:
    setup_parts.writes(setup_parts.SAVE_PAYMENTS)(save_payments)
    setup_parts.writes(setup_parts.REMOVE_PAYMENTS)(remove_payments)
    setup_parts.copies(copy_schedules)
