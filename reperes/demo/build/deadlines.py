"""Demo deadlines: generated from the seed conventions' clauses (entered as data by
``reperes.demo``), then a synthetic history of what was done before this year."""

from __future__ import annotations

from datetime import date, timedelta

from reperes.deadlines.actions import generate_all
from reperes.deadlines.enums import ObligationKind as K
from reperes.deadlines.models import Obligation
from reperes.demo import timeline


def load() -> None:
    today = timeline.load_day()
    generate_all(today)
    # Synthetic history: what fell due before this year was done; this year's items stay as
    # they are so that the calendar shows something late and something to come.
    for obligation in Obligation.objects.filter(
        done_on=None,
        due_on__lt=date(today.year, 1, 1),
        kind__in=[K.ACTIVITY_REPORT, K.STAFF_STATEMENT, K.ANNUAL_REVIEW],
    ):
        obligation.done_on = obligation.due_on - timedelta(days=3)
        obligation.evidence = (
            "Transmis par courriel à la direction enfance famille (donnée de démonstration)."
        )
        obligation.save(update_fields=["done_on", "evidence"])
