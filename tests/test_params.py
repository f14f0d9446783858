"""The query-parameter helper (reperes/core/params.py): bounded values, French 400s."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import QueryDict

from reperes.core import params
from reperes.core.params import BadParameter


def q(text: str) -> QueryDict:
    return QueryDict(text)


def test_absent_or_empty_gives_the_default():
    assert params.id_param(q(""), "partenaire") is None
    assert params.id_param(q("partenaire="), "partenaire") is None
    assert params.year_param(q("annee="), default=2025) == 2025
    assert params.date_param(q(""), "date", date(2025, 1, 1)) == date(2025, 1, 1)
    assert params.choice_param(q("etat="), "etat", ["a"], "a") == "a"


def test_valid_values_are_parsed():
    assert params.id_param(q("partenaire=12"), "partenaire") == 12
    assert params.year_param(q("annee=2025")) == 2025
    assert params.date_param(q("date=2025-10-01"), "date") == date(2025, 10, 1)
    assert params.date_range_param(q("periode=2025-01-01_2025-03-31")) == (
        date(2025, 1, 1),
        date(2025, 3, 31),
    )
    assert params.int_param(q("n=-3"), "n", minimum=-5) == -3
    assert params.choice_param(q("etat=b"), "etat", ["a", "b"]) == "b"


@pytest.mark.parametrize(
    ("reader", "query"),
    [
        (lambda d: params.id_param(d, "partenaire"), "partenaire=99999999999999999999"),
        (lambda d: params.id_param(d, "partenaire"), "partenaire=0"),
        (lambda d: params.id_param(d, "partenaire"), "partenaire=-1"),
        (lambda d: params.id_param(d, "partenaire"), "partenaire=abc"),
        (lambda d: params.id_param(d, "partenaire"), "partenaire=%D9%A3"),  # Arabic-Indic 3
        (lambda d: params.year_param(d), "annee=0"),
        (lambda d: params.year_param(d), "annee=99999"),
        (lambda d: params.year_param(d), "annee=20x5"),
        (lambda d: params.date_param(d, "date"), "date=9999-12-31"),
        (lambda d: params.date_param(d, "date"), "date=2025-02-30"),
        (lambda d: params.date_range_param(d), "periode=9999-12-31_9999-12-31"),
        (lambda d: params.date_range_param(d), "periode=2025-03-31_2025-01-01"),
        (lambda d: params.date_range_param(d), "periode=2025"),
        (lambda d: params.int_param(d, "n"), "n=--5"),
        (lambda d: params.choice_param(d, "etat", ["a"]), "etat=z"),
        (lambda d: params.text_param(d, "q", 10), "q=" + "x" * 11),
    ],
)
def test_malformed_values_are_refused_in_french(reader, query):
    with pytest.raises(BadParameter) as refusal:
        reader(q(query))
    assert "paramètre" in refusal.value.message or "période" in refusal.value.message


def test_text_drops_control_characters():
    assert params.text_param(q("q=a%00b"), "q") == "ab"


HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("departement_agent", f"/conventions/?partenaire={HUGE}"),
        ("departement_agent", f"/conventions/?commune={HUGE}"),
        ("educator_a", f"/terrain/jeunes/?quartier={HUGE}"),
        ("educator_a", f"/terrain/jeunes/accompagnements/?problematique={HUGE}"),
        ("departement_agent", "/echeances/?annee=0"),
        ("departement_agent", "/?date=9999-12-31"),
    ],
)
def test_the_issues_malformed_filters_are_a_french_400(client, world, persona, url):
    """Issue 9 point 8: each of these answered 500."""
    client.force_login(world["users"][persona])
    response = client.get(url)
    assert response.status_code == 400
    assert "Demande incorrecte" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/reports/abc/",
        "/api/v1/consolidations/abc/",
        f"/api/v1/reports/{HUGE}/",
        f"/api/v1/consolidations/{HUGE}/",
    ],
)
def test_non_numeric_or_huge_ids_on_the_api_are_404(client, world, url):
    client.force_login(world["users"]["departement_agent"])
    assert client.get(url).status_code == 404


def test_a_far_period_or_year_zero_on_the_reports_is_never_a_500(client, world):
    client.force_login(world["users"]["departement_agent"])
    service = world["services"]["a"].pk
    funder = world["orgs"]["departement"].pk
    for url in (
        f"/rapports/service/{service}/?periode=9999-12-31_9999-12-31",
        f"/rapports/service/{service}/?annee=0",
        f"/api/v1/reports/{service}/?periode=9999-12-31_9999-12-31",
        f"/rapports/remontees/consolidation/{funder}/?annee=0",
        f"/api/v1/consolidations/{funder}/?annee=0",
    ):
        assert client.get(url).status_code < 500, url


def test_a_bad_parameter_is_a_french_400_page(client, world):
    client.force_login(world["users"]["departement_agent"])
    response = client.get("/echeances/?annee=0")
    assert response.status_code == 400
    assert "année sur quatre chiffres" in response.content.decode()


def test_a_bad_parameter_on_the_api_is_a_json_400(client, world):
    client.force_login(world["users"]["departement_agent"])
    response = client.get("/api/v1/conventions/?date=9999-12-31")
    assert response.status_code == 400
