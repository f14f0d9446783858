"""Recording payments: statuses follow, errors are French, everything is audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reperes.core.models import AuditEntry
from reperes.money import actions
from reperes.money.enums import InstalmentStatus
from reperes.money.models import LATE_AFTER_DAYS
from tests.money.factories import InstalmentFactory

D = Decimal
pytestmark = pytest.mark.django_db
TODAY = date(2024, 6, 1)


@pytest.mark.parametrize(
    ("on", "status"),
    [
        (date(2023, 12, 31), InstalmentStatus.PLANNED),
        (date(2024, 1, 1), InstalmentStatus.DUE),
        (date(2024, 1, 31), InstalmentStatus.DUE),  # 30 days of grace
        (date(2024, 2, 1), InstalmentStatus.LATE),
    ],
)
def test_status_of_an_unpaid_instalment(on, status):
    assert LATE_AFTER_DAYS == 30
    assert InstalmentFactory.build(schedule=None).status_on(on) == status


def test_paid_and_partly_paid_statuses():
    assert InstalmentFactory.build(schedule=None, paid=True).status_on(date(2030, 1, 1)) == "paid"
    assert (
        InstalmentFactory.build(schedule=None, partly_paid=True).status_on(date(2030, 1, 1))
        == "partial"
    )


def test_recording_payments_updates_the_status_and_audits(world):
    instalment = InstalmentFactory()
    agent = world["users"]["departement_agent"]

    actions.record_payment(
        instalment, date(2024, 1, 10), D("400"), "Mandat 12", actor=agent, today=TODAY
    )
    instalment.refresh_from_db()
    assert instalment.status_on(TODAY) == InstalmentStatus.PARTIAL
    assert instalment.remaining == D("600.00")

    actions.record_payment(
        instalment, date(2024, 2, 3), D("600.00"), "Mandat 31", actor=agent, today=TODAY
    )
    instalment.refresh_from_db()
    assert instalment.status_on(TODAY) == InstalmentStatus.PAID
    assert instalment.paid_amount == D("1000.00")
    assert instalment.paid_on == date(2024, 2, 3)
    assert instalment.reference == "Mandat 12 ; Mandat 31"
    entries = AuditEntry.objects.filter(action="money.record_payment", actor=agent)
    assert entries.count() == 2
    assert entries.first().data["amount"] == "600.00"


@pytest.mark.parametrize(
    ("paid_on", "amount", "field", "message"),
    [
        (date(2024, 1, 10), D("-5"), "amount", "Le montant versé doit être positif."),
        (date(2024, 1, 10), D("0"), "amount", "Le montant versé doit être positif."),
        (
            date(2024, 1, 10),
            D("1000.01"),
            "amount",
            "Le montant versé (1\u202f000,01\u00a0€) dépasse ce qui reste dû sur l'échéance "
            "(1\u202f000,00\u00a0€).",
        ),
        (
            date(2023, 12, 28),
            D("10"),
            "paid_on",
            "Un versement au titre de 2024 ne peut pas être daté de 2023 : l'échéance porte sur "
            "l'année 2024.",
        ),
        (
            date(2024, 6, 2),
            D("10"),
            "paid_on",
            "Un versement ne peut pas être daté dans le futur (après le 01/06/2024).",
        ),
        (
            date(2024, 1, 10),
            D("10.001"),
            "amount",
            "Montant versé : indiquez des euros et des centimes au plus.",
        ),
    ],
)
def test_payment_errors_are_french_and_write_nothing(paid_on, amount, field, message):
    instalment = InstalmentFactory()
    with pytest.raises(ValidationError) as exc:
        actions.record_payment(instalment, paid_on, amount, today=TODAY)
    assert exc.value.message_dict[field] == [message]
    instalment.refresh_from_db()
    assert instalment.paid_amount is None
    assert not AuditEntry.objects.filter(action="money.record_payment").exists()


def test_overpaying_a_partly_paid_instalment_is_refused():
    instalment = InstalmentFactory(partly_paid=True)
    with pytest.raises(ValidationError) as exc:
        actions.record_payment(instalment, date(2024, 3, 1), D("600.01"), today=TODAY)
    assert "reste dû sur l'échéance (600,00\u00a0€)" in exc.value.message_dict["amount"][0]
