"""What money tells the staff page (``reperes.people.terms``): a payment schedule whose balance
is prorated on the real presence of educators (advance then balance, seed 004 art. 6) makes
that presence count. Registered from ``MoneyConfig.ready``: people, below money, never imports
it."""

from __future__ import annotations

from reperes.conventions import clauses
from reperes.conventions.models import Convention

from .enums import ScheduleKind
from .models import PaymentSchedule


def prorated_on_presence(conventions: list[Convention]) -> list[str]:
    """The sources (« Convention « … », art. … ») of the schedules of ``conventions`` whose
    balance is prorated on presence."""
    schedules = PaymentSchedule.objects.filter(
        convention__in=[c.pk for c in conventions], kind=ScheduleKind.ADVANCE_BALANCE
    ).select_related("convention")
    sources = []
    for schedule in schedules:
        article = schedule.article.strip()
        if article and not article.lower().startswith("art"):
            article = f"art. {article}"
        sources.append(clauses.source_label(schedule.convention, article))
    return sources
