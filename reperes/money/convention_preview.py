"""What money adds to the preview of a convention (``reperes.conventions.preview``): the payments
its schedules plan. Registered from ``MoneyConfig.ready``: conventions, below money, never
imports it."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from reperes.conventions import clauses
from reperes.conventions.models import Convention
from reperes.conventions.preview import PAYMENT, Item
from reperes.rules.allocation import format_eur

from .actions.payments import planned_instalments
from .models import PaymentSchedule


def planned_payments(convention: Convention, years: list[int]) -> tuple[list[Item], list[str]]:
    """The instalments of each schedule of ``convention`` over ``years``, and, instead, why a
    year cannot be planned."""
    items, problems = [], []
    schedules = PaymentSchedule.objects.filter(convention=convention).select_related(
        "convention", "payer__organisation", "payee__organisation"
    )
    for schedule in schedules:
        article = f"art. {schedule.article}" if schedule.article else ""
        source = clauses.source_label(convention, article) + f" — {schedule.get_kind_display()}"
        for year in years:
            try:
                planned = planned_instalments(schedule, year)
            except ValidationError as exc:
                problems.append(f"{schedule.payer.organisation}, {year} : {' '.join(exc.messages)}")
                continue
            for label, due_on, amount, condition in planned:
                detail = (
                    f"{format_eur(amount)} — {schedule.payer.organisation} à "
                    f"{schedule.payee.organisation}"
                )
                title = label if due_on is not None else f"{label} ({condition})"
                items.append(Item(PAYMENT, title, due_on, source, detail))
    return items, problems
