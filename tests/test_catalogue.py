"""The clause catalogue (``reperes.conventions.catalogue``): typed parameters, French errors,
suggestions that are valid and cite their source."""

import pytest

from reperes.conventions import catalogue


def test_every_suggestion_is_valid_and_cites_its_source():
    for kind in catalogue.KINDS.values():
        assert kind.suggestions, f"{kind.code} suggests nothing"
        for suggestion in kind.suggestions:
            cleaned, errors = catalogue.clean(kind.code, suggestion.params)
            assert errors == [], (kind.code, suggestion.label, errors)
            assert suggestion.source.strip()
            assert catalogue.describe(kind.code, cleaned)


def test_clean_types_the_parameters_and_drops_unknown_ones():
    cleaned, errors = catalogue.clean(
        "document",
        {
            "document": "financial_report",
            "owner": "operator",
            "periodicity": "year",
            "due": {"rule": "after_period", "value": "6", "unit": "months"},
            "recipients": ["pilot", "co_funder", "pilot"],
            "injected": "<script>",
        },
    )
    assert errors == []
    assert cleaned == {
        "document": "financial_report",
        "owner": "operator",
        "periodicity": "year",
        "due": {"rule": "after_period", "value": 6, "unit": "months"},
        "recipients": ["co_funder", "pilot"],
    }


def test_errors_are_in_french_and_name_the_parameter():
    _cleaned, errors = catalogue.clean(
        "qualification",
        {"category": "astronaut", "delay_value": "deux", "delay_unit": "years"},
    )
    assert errors == [
        "« Catégorie concernée » : valeur inconnue « astronaut ».",
        "« Délai » : un nombre entier est attendu.",
    ]
    _cleaned, errors = catalogue.clean("document", {})
    assert "« Document » est obligatoire." in errors
    assert "« Échéance » est obligatoire." in errors
    assert catalogue.clean("tarot", {}) == ({}, ["Nature de clause inconnue : « tarot »."])


def test_a_due_rule_is_checked():
    _cleaned, errors = catalogue.clean(
        "report",
        {
            "model": "rapport-drome",
            "owner": "operator",
            "periodicity": "year",
            "due": {"rule": "day_of_year", "month": "2", "day": "31"},
        },
    )
    assert errors == ["« Échéance » : Le mois de février n'a pas de 31."]


@pytest.mark.parametrize("value", ["1e999", "-3", "NaN", "abc"])
def test_decimals_refuse_what_is_not_a_sane_number(value):
    _cleaned, errors = catalogue.clean("minimum_staff", {"category": "social_worker", "fte": value})
    assert len(errors) == 1
    assert errors[0].startswith("« ETP minimum » :")


def test_identity_tells_the_same_duty():
    budget = {"document": "budget_forecast", "due": {"rule": "day_of_year", "month": 10, "day": 31}}
    other_date = {**budget, "due": {"rule": "day_of_year", "month": 9, "day": 30}}
    accounts = {**budget, "document": "year_end_accounts"}
    assert catalogue.identity("document", budget) == catalogue.identity("document", other_date)
    assert catalogue.identity("document", budget) != catalogue.identity("document", accounts)


@pytest.mark.parametrize(
    ("value", "error"), [("5", True), ("6", False), ("12", False), ("13", True)]
)
def test_the_access_log_is_kept_six_to_twelve_months(value, error):
    """CNIL recommendation on access logs: 6 to 12 months."""
    base = {
        "nominative": True,
        "breach_hours": 24,
        "breach_to": "pilot",
        "end": "destroy",
        "log_retention_months": value,
    }
    cleaned, errors = catalogue.clean("data_protection", base)
    if error:
        assert errors == ["« Conservation du journal des accès (mois) » : entre 6 et 12."]
    else:
        assert errors == []
        assert cleaned["log_retention_months"] == int(value)


def test_report_clauses_name_the_models_reporting_registers(db):
    """Reporting, above conventions, registers its report models with the catalogue from
    ``ReportingConfig.ready``: a report clause offers and accepts them, and only them."""
    from reperes.reporting.report_models import library

    (model,) = [p for p in catalogue.KINDS["report"].params if p.name == "model"]
    offered = dict(model.options())
    assert set(library()) <= set(offered)
    assert offered["rapport-drome"]
    params = {
        "owner": "operator",
        "periodicity": "year",
        "due": {"rule": "day_of_year", "month": "3", "day": "31"},
    }
    assert catalogue.clean("report", {**params, "model": "rapport-drome"})[1] == []
    _cleaned, errors = catalogue.clean("report", {**params, "model": "rapport-inconnu"})
    assert errors
