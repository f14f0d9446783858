"""Factories of the deadlines app."""

from __future__ import annotations

from datetime import date

import factory

from reperes.deadlines.models import Obligation
from tests.factories import ConventionFactory


class ObligationFactory(factory.django.DjangoModelFactory):
    """An activity report of 2024 due on 30 April 2025, as the deadline pages list it."""

    class Meta:
        model = Obligation

    convention = factory.SubFactory(ConventionFactory)
    key = factory.Sequence(lambda n: f"test:{n}")
    kind = "activity_report"
    title = "Rapport d'activité (2024)"
    year = 2024
    due_on = date(2025, 4, 30)
