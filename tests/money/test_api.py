"""Read-only API of the money: same visibility as the pages, amounts as strings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from reperes.money import actions
from reperes.money.actions import ShareInput
from tests.money.factories import make_funding, world_parties

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def money_a(world):
    convention = world["conventions"]["a"]
    departement, commune = world_parties(world, "departement", "commune")
    funding = make_funding(
        convention,
        2024,
        D("7500.00"),
        "Dotation 2024",
        ShareInput(party=departement, percent=D(95)),
        ShareInput(party=commune, percent=D(3), amount=D("375.00")),
    )
    from reperes.money.enums import ScheduleKind
    from tests.money.factories import PaymentScheduleFactory

    schedule = PaymentScheduleFactory(
        convention=convention, payer=departement, payee=commune, kind=ScheduleKind.MONTHLY
    )
    rows = actions.generate_instalments(schedule, 2024)
    actions.record_payment(rows[0], date(2024, 1, 3), rows[0].amount, "Mandat 1")
    return funding


def test_fundings_are_scoped_and_amounts_are_strings(client, world, money_a):
    client.force_login(world["users"]["commune_agent"])
    data = client.get(reverse("api:funding-list")).json()
    assert [f["year"] for f in data["results"]] == [2024]
    funding = data["results"][0]
    assert funding["total"] == "7500.00"
    assert [a["amount"] for a in funding["allocation"]] == ["7125.00", "375.00"]
    assert {w["kind"] for w in funding["warnings"]} == {"percent_sum", "amount_vs_percent"}
    assert funding["shares"][1]["stated_percent"] == "3.000"

    client.force_login(world["users"]["outsider"])
    assert client.get(reverse("api:funding-list")).json()["results"] == []
    url = reverse("api:funding-detail", kwargs={"pk": money_a.pk})
    assert client.get(url).status_code == 404


@pytest.mark.usefixtures("money_a")
def test_instalments_with_computed_status(client, world):
    client.force_login(world["users"]["educator_a"])
    url = reverse("api:instalment-list")
    data = client.get(url, {"date": "2024-02-15"}).json()
    assert data["count"] == 12
    first, second, third = data["results"][:3]
    assert (first["status"], first["amount"], first["paid_amount"]) == ("paid", "593.75", "593.75")
    assert (second["status"], second["status_label"]) == ("due", "À verser")
    assert third["status"] == "planned"
    assert first["payer"] == "Département de Test"
    assert client.get(url, {"date": "15/02/2024"}).status_code == 400

    client.force_login(world["users"]["educator_b"])
    assert client.get(url).json()["count"] == 0
