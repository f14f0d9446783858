"""Factories of the money app, with traits for the business states.

Shares, schedules and calls need parties *of the same convention*: ``drome`` builds the seed 004
shape (Département → commune, 245 000 € a year, advance and prorated balance) on any convention
with a pilot and a second party.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from reperes.money.enums import InstalmentSlot, ScheduleKind
from reperes.money.models import (
    CallForFunds,
    Funding,
    FundingShare,
    Instalment,
    PaymentSchedule,
)
from tests.factories import ConventionFactory, PartyFactory

D = Decimal


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    convention = factory.SubFactory(ConventionFactory)
    year = 2024
    total = D("245000.00")
    label = factory.LazyAttribute(lambda o: f"Dotation annuelle {o.year}")
    source = "Convention de test, article 6"

    class Params:
        unknown_total = factory.Trait(total=None)


class FundingShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingShare

    funding = factory.SubFactory(FundingFactory)
    party = factory.LazyAttribute(
        lambda o: PartyFactory(convention=o.funding.convention, role="pilot")
    )
    stated_amount = factory.LazyAttribute(lambda o: o.funding.total)


class PaymentScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentSchedule

    convention = factory.SubFactory(ConventionFactory)
    kind = ScheduleKind.MONTHLY
    payer = factory.LazyAttribute(lambda o: PartyFactory(convention=o.convention, role="pilot"))
    payee = factory.LazyAttribute(lambda o: PartyFactory(convention=o.convention, role="operator"))
    article = "6"

    class Params:
        advance_balance = factory.Trait(
            kind=ScheduleKind.ADVANCE_BALANCE, planned_fte=D("6"), advance_percent=D("60")
        )
        call_for_funds = factory.Trait(kind=ScheduleKind.CALL_FOR_FUNDS)


class InstalmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instalment

    schedule = factory.SubFactory(PaymentScheduleFactory)
    year = 2024
    slot = InstalmentSlot.M01
    label = "Dotation mensuelle de janvier 2024"
    due_on = date(2024, 1, 1)
    amount = D("1000.00")

    class Params:
        paid = factory.Trait(
            paid_on=date(2024, 1, 5), paid_amount=D("1000.00"), reference="Mandat 1"
        )
        partly_paid = factory.Trait(paid_on=date(2024, 1, 5), paid_amount=D("400.00"))


class CallForFundsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallForFunds

    schedule = factory.SubFactory(PaymentScheduleFactory, call_for_funds=True)
    convention = factory.SelfAttribute("schedule.convention")
    year = 2017
    number = factory.Sequence(lambda n: f"2017-{n + 1:03d}")
    issued_on = date(2017, 10, 2)
    amount = D("1224.00")
    addressee = factory.SelfAttribute("schedule.payer")


def make_funding(convention, year, total, label, *shares, **options):
    """``convention``'s funding of ``year`` as the funding page saves it: ``total`` split into
    ``shares`` (``ShareInput``); ``options`` are save_funding's others (cost lines, source…)."""
    from reperes.money.actions import save_funding

    return save_funding(convention, year, total=total, label=label, shares=shares, **options)


def fund(convention, year, total, *, payer, label):
    """``convention``'s funding of ``year``: ``total``, all of it paid by the party ``payer``."""
    from reperes.money.actions import ShareInput

    make_funding(convention, year, total, label, ShareInput(party=payer, amount=total))


def drome(convention, payer, payee, years=(2023, 2024, 2025), **schedule_values):
    """Seed 004 art. 6 on ``convention``: 245 000 € a year, 60 % advance, prorated balance."""
    for year in years:
        fund(convention, year, D("245000.00"), payer=payer, label=f"Dotation annuelle {year}")
    values = {"planned_fte": D("6"), "advance_percent": D("60"), **schedule_values}
    return PaymentScheduleFactory(
        convention=convention,
        payer=payer,
        payee=payee,
        kind=ScheduleKind.ADVANCE_BALANCE,
        **values,
    )


def chenove_call(convention, payer, payee):
    """Seed 005's 2017 PRE: 7 500 €, of which the CCAS (``payer``) owes 16 % (1 224 €) to the
    metropole (``payee``), paid against a call for funds. Returns the schedule."""
    from reperes.money.actions import ShareInput

    make_funding(
        convention,
        2017,
        D("7500.00"),
        "PRE",
        ShareInput(party=payer, percent=D(16), amount=D("1224.00")),
        ShareInput(party=payee, amount=D("6276.00")),
    )
    return PaymentScheduleFactory(
        convention=convention, payer=payer, payee=payee, kind=ScheduleKind.CALL_FOR_FUNDS
    )


def world_parties(world, *keys, convention="a"):
    """The parties of one of the world's conventions that the world's organisations ``keys``
    (``"departement"``, ``"commune"``, ``"operator_a"``...) hold, in that order."""
    parties = {p.organisation_id: p for p in world["conventions"][convention].parties.all()}
    return tuple(parties[world["orgs"][key].pk] for key in keys)


def pas_de_calais_shares(departement, communes):
    """Seed 001 art. 8.1: Département 95 %, communes 5 % of the total, their split left blank."""
    from reperes.money.actions import ShareInput
    from reperes.money.enums import ChildrenPercentOf

    communes_share = ShareInput(
        label="Communes",
        percent=D(5),
        children_percent_of=ChildrenPercentOf.TOTAL,
        children=tuple(ShareInput(party=commune) for commune in communes),
    )
    return [ShareInput(party=departement, percent=D(95)), communes_share]
