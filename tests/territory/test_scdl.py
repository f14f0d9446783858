"""Open data of subsidies (SCDL « Subventions »): rows from the fundings and the schedules a
funder pays, validated against the table schema with frictionless; SIRET numbers checked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from reperes.money.models import Funding, FundingShare, PaymentSchedule
from reperes.rules.siret import luhn_valid, siret_error, with_check_digit
from reperes.territory import scdl

pytestmark = pytest.mark.django_db

DEPARTEMENT_SIRET = with_check_digit("2226000170001")
OPERATOR_SIRET = with_check_digit("7750000010001")


@pytest.fixture
def subsidy(world):
    convention = world["conventions"]["a"]
    convention.signed_on = date(2023, 1, 15)
    convention.reference = "2023-601"
    convention.save()
    departement, operator = world["orgs"]["departement"], world["orgs"]["operator_a"]
    departement.siret, operator.siret = DEPARTEMENT_SIRET, OPERATOR_SIRET
    departement.save()
    operator.save()
    pilot = convention.parties.get(role="pilot")
    commune_party = convention.parties.get(role="co_funder")
    operator_party = convention.parties.get(role="operator")
    for year, total in ((2024, Decimal("100000.00")), (2025, Decimal("20000.00"))):
        funding = Funding.objects.create(
            convention=convention, year=year, total=total, label="Dotation"
        )
        FundingShare.objects.create(funding=funding, party=pilot, stated_percent=Decimal("95"))
        FundingShare.objects.create(
            funding=funding, party=commune_party, stated_percent=Decimal("5")
        )
    PaymentSchedule.objects.create(
        convention=convention, kind="monthly", payer=pilot, payee=operator_party
    )
    return convention


@pytest.mark.usefixtures("subsidy")
def test_rows_validate_and_small_subsidies_are_flagged(world):
    rows = scdl.subsidies_of(world["orgs"]["departement"])
    assert [r.values["montant"] for r in rows] == ["95000.00", "19000.00"]
    big, small = rows
    assert big.mandatory
    assert not small.mandatory
    assert "Publication facultative" in small.notes[0]
    assert small.publishable  # still exported
    assert big.values["dateConvention"] == "2023-01-15"
    assert big.values["idBeneficiaire"] == OPERATOR_SIRET
    assert big.values["conditionsVersement"] == "échelonné"
    text = scdl.to_csv(rows)
    assert text.count("\n") == 3  # header and two rows
    assert scdl.validate_csv(text) == []


@pytest.mark.usefixtures("subsidy")
def test_a_broken_row_fails_the_schema(world):
    rows = scdl.subsidies_of(world["orgs"]["departement"])
    rows[0].values["idAttribuant"] = "1234"
    rows[0].values["pourcentageSubvention"] = "1.50"
    errors = scdl.validate_csv(scdl.to_csv(rows))
    assert any("idAttribuant" in e for e in errors)
    assert any("pourcentageSubvention" in e for e in errors)


@pytest.mark.usefixtures("subsidy")
def test_missing_siret_or_amount_is_not_published(world):
    operator = world["orgs"]["operator_a"]
    operator.siret = ""
    operator.save()
    rows = scdl.subsidies_of(world["orgs"]["departement"])
    assert not any(r.publishable for r in rows)
    assert "SIRET du bénéficiaire" in rows[0].problems[0]
    assert scdl.to_csv(rows).count("\n") == 1


@pytest.mark.usefixtures("subsidy")
def test_page_and_csv_for_the_funder(client, world):
    client.force_login(world["users"]["departement_agent"])
    page = client.get(reverse("territory:subsidies"))
    assert "Facultative" in page.content.decode()
    assert page.context["errors"] == []
    csv = client.get(reverse("territory:subsidies_csv"))
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode().splitlines()[0].startswith("nomAttribuant,idAttribuant")
    client.force_login(world["users"]["commune_agent"])  # pays nothing by schedule
    assert client.get(reverse("territory:subsidies_csv")).content.decode().count("\n") == 1


def test_organisation_siret_is_checked_in_french(world):
    organisation = world["orgs"]["operator_a"]
    organisation.siret = with_check_digit("7750000010001")[:-1] + (
        "0" if with_check_digit("7750000010001")[-1] != "0" else "1"
    )
    with pytest.raises(ValidationError, match="clé de contrôle"):
        organisation.full_clean()
    organisation.siret = "12345"
    with pytest.raises(ValidationError, match="14 chiffres"):
        organisation.full_clean()
    organisation.siret = OPERATOR_SIRET
    organisation.full_clean()


@given(st.text(alphabet="0123456789", min_size=13, max_size=13))
def test_check_digit_makes_a_valid_siret(first):
    siret = with_check_digit(first)
    assert luhn_valid(siret)
    if not siret.startswith("356000000"):
        assert siret_error(siret) is None
        # Any single changed digit breaks the key.
        wrong = siret[:5] + str((int(siret[5]) + 1) % 10) + siret[6:]
        assert siret_error(wrong) is not None


def test_la_poste_exception():
    # 3 + 5 + 6 + 1 = 15, a multiple of 5; the Luhn key would refuse it.
    assert not luhn_valid("35600000000010")
    assert siret_error("35600000000010") is None
    assert siret_error("35600000000011") is not None
