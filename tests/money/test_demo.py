"""The money demo: the seeds' figures as written, idempotent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps

from reperes.conventions.models import Convention
from reperes.demo.build import money as demo
from reperes.demo.loader import load_demo
from reperes.demo.seeds import seed_000, seed_002, seed_004
from reperes.money.enums import InstalmentStatus, ScheduleKind
from reperes.money.funding import funding_view
from reperes.money.models import (
    CallForFunds,
    Funding,
    InKindContribution,
    Instalment,
    OtherFunding,
    PaymentSchedule,
)
from reperes.rules.allocation import WarningKind

D = Decimal


def counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.mark.django_db
def test_money_demo():
    load_demo()
    demo.load()
    before = counts()
    demo.load()
    assert counts() == before

    # Seed 004: 245 000 € a year, 735 000 € over 2023-2025; advance and prorated balance.
    drome = Convention.objects.get(source=seed_004.SOURCE)
    fundings = Funding.objects.filter(convention=drome)
    assert [f.total for f in fundings] == [D("245000.00")] * 3
    assert sum(f.total for f in fundings) == D("735000.00")
    schedule = PaymentSchedule.objects.get(convention=drome)
    instalments = list(Instalment.objects.filter(schedule=schedule))
    assert len(instalments) == 6
    assert all(i.amount == D("147000.00") for i in instalments if i.slot == "advance")
    statuses = {i.status_on(date(2026, 11, 23)) for i in instalments}
    assert {InstalmentStatus.PAID, InstalmentStatus.PARTIAL, InstalmentStatus.LATE} <= statuses
    statuses = {i.status_on(date(2025, 6, 30)) for i in instalments}
    assert InstalmentStatus.PLANNED in statuses
    assert all(i.amount <= D("98000.00") for i in instalments if i.slot == "balance")

    # Seed 002: the stated shares, their warnings, the cost lines, one call for funds.
    dijon = Convention.objects.get(source=seed_002.SOURCE)
    view = funding_view(Funding.objects.get(convention=dijon))
    assert view.total == D("17500.00")
    assert view.allocation.balanced
    assert sum(line.amount for line in view.cost_lines) == D("17500.00")
    kinds = [w.kind for w in view.warnings]
    assert kinds.count(WarningKind.PERCENT_SUM) == 1
    assert kinds.count(WarningKind.AMOUNT_VS_PERCENT) == 5
    amounts = {r.share.label: r.amount for r in view.rows}
    assert amounts == {
        "CCAS et Caisse des écoles": D("7500.00"),
        "Chenôve": D("1224.00"),
        "Dijon": D("4738.00"),
        "Longvic": D("792.00"),
        "Quetigny": D("330.00"),
        "Talant": D("416.00"),
        "Le Grand Dijon": D("10000.00"),
    }
    assert (
        PaymentSchedule.objects.filter(convention=dijon, kind=ScheduleKind.CALL_FOR_FUNDS).count()
        == 5
    )
    call = CallForFunds.objects.get(convention=dijon)
    assert (call.number, call.amount) == ("2017-001", D("1224.00"))

    # Seed 001: 95 % / 5 %, the communes' split blank, no total, monthly, nothing invented.
    pas_de_calais = Funding.objects.filter(convention__source__startswith=demo.SEED_001_INSTANCE)
    assert pas_de_calais.count() == 8
    missing = 0
    for funding in pas_de_calais:
        view = funding_view(funding)
        assert funding.total is None
        assert not view.total_known
        assert all(row.amount is None for row in view.rows)
        missing += sum(w.kind == WarningKind.MISSING for w in view.warnings)
    assert missing == 16  # the 16 co-funding communes
    monthly = PaymentSchedule.objects.filter(kind=ScheduleKind.MONTHLY)
    assert monthly.count() == 8
    assert not Instalment.objects.filter(schedule__in=monthly).exists()

    # Seed 000: rooms lent free (not valued), four other resources sought, no amounts.
    herserange = Convention.objects.get(source=seed_000.SOURCE)
    rooms = InKindContribution.objects.get(convention=herserange)
    assert rooms.valued_amount is None
    assert "titre gracieux" in rooms.description
    others = OtherFunding.objects.filter(convention=herserange)
    assert others.count() == 4
    assert not others.exclude(amount=None).exists()
