"""Periodic schedules: the year's grant in equal parts (quarterly: four times 25 %), created by
a named action, generated idempotently like the others."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reperes.core.models import AuditEntry
from reperes.money import actions
from reperes.money.enums import ScheduleKind
from reperes.rules.schedules import periodic_instalments
from tests.money.factories import FundingFactory, FundingShareFactory

D = Decimal


def test_quarterly_is_four_quarters_of_25_percent():
    items = periodic_instalments(2027, D("100000.01"), months=3, day=15)
    assert [i.due_on for i in items] == [
        date(2027, 1, 15),
        date(2027, 4, 15),
        date(2027, 7, 15),
        date(2027, 10, 15),
    ]
    assert [i.amount for i in items] == [D("25000.01"), D("25000.00"), D("25000.00"), D("25000.00")]
    assert items[0].label == "Versement du 1er trimestre 2027 (25\u202f%)"
    assert items[3].label == "Versement du 4e trimestre 2027 (25\u202f%)"


def test_semester_and_yearly_and_monthly():
    assert [i.due_on for i in periodic_instalments(2027, D("10"), months=6, day=31)] == [
        date(2027, 1, 31),
        date(2027, 7, 31),
    ]
    (single,) = periodic_instalments(2027, D("10"), months=12)
    assert single.label == "Versement annuel 2027"
    assert single.amount == D("10.00")
    assert len(periodic_instalments(2027, D("12"), months=1)) == 12
    with pytest.raises(ValueError, match="Périodicité inconnue"):
        periodic_instalments(2027, D("12"), months=4)


@pytest.mark.django_db
def test_create_and_generate_a_quarterly_schedule(world):
    convention = world["conventions"]["a"]
    pilot = convention.parties.get(role="pilot")
    operator = convention.parties.get(role="operator")
    agent = world["users"]["departement_agent"]
    funding = FundingFactory(convention=convention, year=2025, total=D("80000"))
    FundingShareFactory(funding=funding, party=pilot, stated_amount=D("80000"))

    with pytest.raises(ValidationError) as error:
        actions.create_schedule(
            agent, convention, kind=ScheduleKind.PERIODIC, payer=pilot, payee=operator
        )
    assert "périodicité" in str(error.value)
    assert not convention.payment_schedules.exists()

    schedule = actions.create_schedule(
        agent,
        convention,
        kind=ScheduleKind.PERIODIC,
        payer=pilot,
        payee=operator,
        period_months=3,
        due_day=10,
        article="6",
    )
    assert AuditEntry.objects.filter(action="money.create_schedule").count() == 1
    first = actions.generate_instalments(schedule, 2025, actor=agent)
    again = actions.generate_instalments(schedule, 2025, actor=agent)
    assert [(i.slot, i.due_on, i.amount) for i in first] == [
        ("q1", date(2025, 1, 10), D("20000.00")),
        ("q2", date(2025, 4, 10), D("20000.00")),
        ("q3", date(2025, 7, 10), D("20000.00")),
        ("q4", date(2025, 10, 10), D("20000.00")),
    ]
    assert [i.pk for i in again] == [i.pk for i in first]
