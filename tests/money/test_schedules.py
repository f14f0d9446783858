"""Instalments generated from the rules: monthly (seed 001), one payment on a call for funds
(seed 002), advance and prorated balance from the staff register (seed 004)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reperes.core.models import AuditEntry
from reperes.money import actions
from reperes.money.actions import ShareInput
from reperes.money.enums import (
    InstalmentSlot,
    InstalmentStatus,
    ProrataReadingChoices,
    ScheduleKind,
)
from reperes.money.models import Instalment
from reperes.rules.schedules import StaffSpell
from tests.factories import ConventionFactory, PartyFactory, ServiceFactory
from tests.money.factories import PaymentScheduleFactory, chenove_call, drome, fund
from tests.people.factories import StaffMemberFactory

D = Decimal
pytestmark = pytest.mark.django_db


def monthly_setup(total=D("12631.63")):
    convention = ConventionFactory(tacit=True)
    departement = PartyFactory(convention=convention, role="pilot")
    operator = PartyFactory(convention=convention, role="operator")
    fund(convention, 2024, total, payer=departement, label="Dotation 2024")
    schedule = PaymentScheduleFactory(
        convention=convention, payer=departement, payee=operator, kind=ScheduleKind.MONTHLY
    )
    return schedule


def test_monthly_instalments_sum_to_the_annual_amount():
    schedule = monthly_setup()
    rows = actions.generate_instalments(schedule, 2024)
    assert len(rows) == 12
    assert sum(r.amount for r in rows) == D("12631.63")
    assert {r.amount for r in rows} == {D("1052.64"), D("1052.63")}
    assert rows[0].label == "Dotation mensuelle de janvier 2024"
    assert rows[3].label == "Dotation mensuelle d'avril 2024"
    assert [r.due_on for r in rows[:2]] == [date(2024, 1, 1), date(2024, 2, 1)]


def test_generation_is_idempotent_and_keeps_paid_instalments():
    schedule = monthly_setup()
    first = actions.generate_instalments(schedule, 2024)
    entries = AuditEntry.objects.count()
    second = actions.generate_instalments(schedule, 2024)
    assert [r.pk for r in second] == [r.pk for r in first]
    assert Instalment.objects.filter(schedule=schedule).count() == 12
    assert AuditEntry.objects.count() == entries  # nothing changed, nothing written

    january = first[0]
    actions.record_payment(january, date(2024, 1, 8), january.amount, today=date(2024, 2, 1))
    funding = schedule.convention.fundings.get()
    fund(schedule.convention, 2024, D("24000.00"), payer=schedule.payer, label=funding.label)
    third = actions.generate_instalments(schedule, 2024)
    assert [r.pk for r in third] == [r.pk for r in first]
    january.refresh_from_db()
    assert january.amount == D("1052.64")
    assert january.paid_amount == D("1052.64")
    assert {r.amount for r in third[1:]} == {D("2000.00")}


def test_generation_refuses_an_unknown_amount_in_french():
    schedule = monthly_setup()
    with pytest.raises(ValidationError) as exc:
        actions.generate_instalments(schedule, 2031)
    assert exc.value.messages == [
        "Aucun financement n'est enregistré pour 2031 : le montant à verser n'est pas connu."
    ]
    convention = schedule.convention
    actions.save_funding(
        convention,
        2025,
        total=None,
        label="Dotation 2025",
        shares=[ShareInput(party=schedule.payer, percent=D(95))],
    )
    with pytest.raises(ValidationError) as exc:
        actions.generate_instalments(schedule, 2025)
    assert "n'est pas connu" in exc.value.messages[0]
    assert not schedule.instalments.filter(year=2025).exists()


def test_call_for_funds_instalment_waits_for_the_call():
    convention = ConventionFactory()
    metropole = PartyFactory(convention=convention, role="pilot")
    ccas = PartyFactory(convention=convention, role="co_funder")
    schedule = chenove_call(convention, ccas, metropole)
    (instalment,) = actions.generate_instalments(schedule, 2017)
    assert instalment.due_on is None
    assert instalment.amount == D("1224.00")
    assert instalment.status_on(date(2030, 1, 1)) == InstalmentStatus.PLANNED

    call = actions.issue_call_for_funds(schedule, 2017, date(2017, 10, 2))
    instalment.refresh_from_db()
    assert call.number == "2017-001"
    assert call.amount == D("1224.00")
    assert call.addressee == ccas
    assert instalment.due_on == date(2017, 10, 2)
    assert call.pay_by == date(2017, 11, 1)
    assert instalment.status_on(date(2017, 11, 1)) == InstalmentStatus.DUE
    assert instalment.status_on(date(2017, 11, 2)) == InstalmentStatus.LATE
    with pytest.raises(ValidationError) as exc:
        actions.issue_call_for_funds(schedule, 2017, date(2017, 11, 2))
    assert exc.value.messages == [
        "Un appel de fonds a déjà été émis pour 2017 : n° 2017-001 du 02/10/2017."
    ]


# --- Drôme (seed 004 art. 6) ---------------------------------------------------------------------


def drome_setup(**schedule_values):
    service = ServiceFactory()
    convention = ConventionFactory(service=service)
    departement = PartyFactory(convention=convention, role="pilot")
    commune = PartyFactory(convention=convention, role="operator")
    schedule = drome(convention, departement, commune, **schedule_values)
    return schedule, service


def register_2024(service):
    """2024 (366 days), 6 ETP planned = 2 196 ETP-days. Real: 4 educators all year (1 464),
    one arriving 1 July (184), one at half time leaving 31 March (45,5); the secretary and the
    head of service do not count. 1 693,5 / 2 196 = 77,117 %."""
    for _ in range(4):
        StaffMemberFactory(service=service, arrival=date(2020, 9, 1))
    StaffMemberFactory(service=service, arrival=date(2024, 7, 1))
    StaffMemberFactory(
        service=service, fte=D("0.5"), arrival=date(2019, 1, 7), departure=date(2024, 3, 31)
    )
    StaffMemberFactory(service=service, secretary=True, arrival=date(2015, 1, 1))
    StaffMemberFactory(service=service, director=True, arrival=date(2015, 1, 1))
    # Gone before 2024: ignored.
    StaffMemberFactory(service=service, arrival=date(2019, 1, 1), departure=date(2023, 12, 31))


def test_drome_advance_and_balance_prorated_from_the_register():
    schedule, service = drome_setup()
    register_2024(service)

    advance, balance = actions.generate_instalments(schedule, 2024)

    assert advance.slot == InstalmentSlot.ADVANCE
    assert advance.amount == D("147000.00")
    assert advance.due_on == date(2024, 3, 31)
    assert not advance.refused_reason
    assert "4,5 ETP" in advance.condition
    assert balance.slot == InstalmentSlot.BALANCE
    # 98 000 × 0,771174863388 = 75 575,14 (only the balance is prorated: retained reading).
    assert balance.amount == D("75575.14")
    assert balance.due_on == date(2024, 12, 31)
    assert "1 693,5" in balance.condition.replace("\u202f", " ")


def test_drome_whole_grant_reading_deducts_the_advance():
    schedule, service = drome_setup(prorata_reading=ProrataReadingChoices.WHOLE_GRANT)
    register_2024(service)
    advance, balance = actions.generate_instalments(schedule, 2024)
    # 245 000 × 0,771174863388 = 188 937,84, minus the advance.
    assert (advance.amount, balance.amount) == (D("147000.00"), D("41937.84"))


def test_drome_no_advance_when_nobody_is_in_post_on_31_march():
    schedule, service = drome_setup()
    StaffMemberFactory(service=service, arrival=date(2024, 4, 15))
    StaffMemberFactory(service=service, arrival=date(2024, 4, 15))

    advance, balance = actions.generate_instalments(schedule, 2024)

    assert advance.amount == D("0.00")
    assert advance.refused_reason.startswith("Pas d'avance : 0 ETP en poste au 31/03/2024")
    assert advance.status_on(date(2025, 1, 1)) == InstalmentStatus.NOT_DUE
    # Without an advance, the whole grant is settled at the balance, prorated:
    # 2 × 261 days / 2 196 → 245 000 × 522 / 2 196.
    assert balance.amount == D("58237.70")
    with pytest.raises(ValidationError) as exc:
        actions.record_payment(advance, date(2024, 5, 1), D("1"), today=date(2024, 6, 1))
    assert "n'est pas due" in exc.value.messages[0]

    # The register is corrected (an educator was in post since January): the advance appears.
    StaffMemberFactory(service=service, arrival=date(2024, 1, 2))
    advance2, _ = actions.generate_instalments(schedule, 2024)
    assert advance2.pk == advance.pk
    assert advance2.amount == D("147000.00")
    assert advance2.refused_reason == ""


def test_drome_paid_advance_is_kept_when_the_register_changes():
    schedule, service = drome_setup()
    member = StaffMemberFactory(service=service, arrival=date(2020, 1, 1))
    advance, _ = actions.generate_instalments(schedule, 2024)
    actions.record_payment(advance, date(2024, 3, 20), advance.amount, today=date(2024, 4, 1))
    member.arrival = date(2024, 6, 1)
    member.save()

    advance2, balance = actions.generate_instalments(schedule, 2024)

    assert advance2.pk == advance.pk
    assert advance2.amount == D("147000.00")
    assert advance2.refused_reason == ""
    assert advance2.status_on(date(2024, 4, 1)) == "paid"
    assert Instalment.objects.filter(schedule=schedule, year=2024).count() == 2


def test_drome_spells_can_be_fed_directly():
    schedule, _ = drome_setup(advance_check="year_start")
    spells = [StaffSpell(D("1"), date(2023, 1, 1)) for _ in range(6)]
    advance, balance = actions.generate_instalments(schedule, 2023, spells=spells)
    assert (advance.amount, balance.amount) == (D("147000.00"), D("98000.00"))
    assert "au 01/01/2023" in advance.condition


def test_drome_needs_the_planned_fte():
    schedule, service = drome_setup(planned_fte=None)
    StaffMemberFactory(service=service)
    with pytest.raises(ValidationError) as exc:
        actions.generate_instalments(schedule, 2024)
    assert "ETP prévus" in exc.value.messages[0]


def test_drome_planned_fte_from_the_staffing_table():
    from tests.people.factories import StaffingLineFactory

    schedule, service = drome_setup(planned_fte=None)
    StaffingLineFactory(service=service, year=2024, planned_fte=D("6"))
    register_2024(service)
    _, balance = actions.generate_instalments(schedule, 2024)
    assert balance.amount == D("75575.14")
