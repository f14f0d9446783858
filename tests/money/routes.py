"""The money app in the role × URL matrix (tests/test_permissions.py).

Convention A's money is seen by the members of its parties (Département, commune, operator A,
and the Département's DPO); everyone else gets a 404. Writes: the funding (evolution rate,
restitution) by the funder agents of its funders (Département, commune); a schedule's
instalments and payments by the agents of its payer only; a call for funds by the agents of
its payer or payee. Read-only members get a 403.
"""

from __future__ import annotations

from tests.matrix import PERSONAS, SEES_A, api_routes, convention_page


def _writers(*writers: str) -> dict[str, int]:
    return {p: (200 if p in writers else 403) if p in SEES_A else 404 for p in PERSONAS}


ROUTES = {
    "money:convention": ("convention", convention_page()),
    "money:evolution": ("convention", _writers("departement_agent", "commune_agent")),
    "money:restitution": ("convention", _writers("departement_agent", "commune_agent")),
    # The monthly schedule is paid by the Département.
    "money:generate": ("money_schedule", _writers("departement_agent")),
    "money:payment": ("money_schedule", _writers("departement_agent")),
    # The call for funds goes from the Département (payee) to the commune (payer).
    "money:call_create": ("money_call_schedule", _writers("departement_agent", "commune_agent")),
    "money:call_pdf": ("money_call", convention_page()),
    "money:notice_pdf": ("money_paid_instalment", convention_page()),
}

API_ROUTES = api_routes(
    ("funding", "money_funding", convention_page()),
    ("instalment", "money_paid_instalment", convention_page()),
)


def make_targets(world) -> dict[str, int]:
    from datetime import date
    from decimal import Decimal

    from reperes.money import actions
    from reperes.money.enums import ScheduleKind
    from tests.money.factories import PaymentScheduleFactory, make_funding, world_parties

    convention = world["conventions"]["a"]
    departement, commune, operator = world_parties(world, "departement", "commune", "operator_a")
    funding = make_funding(
        convention,
        2024,
        Decimal("12000.00"),
        "Dotation 2024",
        actions.ShareInput(party=departement, percent=Decimal(95)),
        actions.ShareInput(party=commune, percent=Decimal(5)),
    )
    monthly = PaymentScheduleFactory(
        convention=convention, payer=departement, payee=operator, kind=ScheduleKind.MONTHLY
    )
    january = actions.generate_instalments(monthly, 2024)[0]
    paid = actions.record_payment(january, date(2024, 1, 10), january.amount, "Mandat 1")
    calls = PaymentScheduleFactory(
        convention=convention, payer=commune, payee=departement, kind=ScheduleKind.CALL_FOR_FUNDS
    )
    call = actions.issue_call_for_funds(calls, 2024, date(2024, 2, 1))
    return {
        "money_funding": funding.pk,
        "money_schedule": monthly.pk,
        "money_call_schedule": calls.pk,
        "money_call": call.pk,
        "money_paid_instalment": paid.pk,
    }
