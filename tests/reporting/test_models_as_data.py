"""The five models of the seeds are data (``reporting/model_data``), read by one engine: fed the
figures the Python builders of 9815d51 were fed, they give the same sections, cell for cell
(``tests/reporting/fixtures/previous_outputs.json``, 3 services × 2 periods × 5 models)."""

from __future__ import annotations

import copy

import pytest

from reperes.reporting.model_engine import build_sections
from reperes.reporting.report_models import library, validate

from .previous_outputs import cases, figures, sections_json

# Differences the fixes of issue 16 made on purpose, by (model, table key, field): none yet.
CHANGED: dict[tuple[str, str], str] = {}


def _without_changes(model: str, sections: list[dict]) -> list[dict]:
    kept = copy.deepcopy(sections)
    for section in kept:
        section["tables"] = [t for t in section["tables"] if (model, t["key"]) not in CHANGED]
    return kept


@pytest.mark.parametrize("case", cases(), ids=lambda c: f"{c['service']}-{c['period']}")
def test_the_seed_models_as_data_give_the_builders_outputs(case):
    data = figures(case["figures"])
    assert set(case["outputs"]) == set(library())
    for key, expected in case["outputs"].items():
        got = sections_json(build_sections(library()[key], data, {}, case["sectors"]))
        assert _without_changes(key, got) == _without_changes(key, expected), key


def test_the_fixture_holds_figures_worth_comparing():
    """A comparison over empty reports would prove nothing: the fixture's cells are not all
    zero, and every model has tables."""
    numbers = [
        cell
        for case in cases()
        for sections in case["outputs"].values()
        for section in sections
        for table in section["tables"]
        for line in table["cells"]
        for cell in line
        if isinstance(cell, int) and cell > 0
    ]
    assert len(numbers) > 500


@pytest.mark.parametrize("key", sorted(library()))
def test_the_library_models_are_valid_data(key):
    assert validate(library()[key]) == []


def test_validation_names_what_is_wrong_in_french():
    spec = copy.deepcopy(library()["rapport-drome"])
    spec["sections"][0]["blocks"][0]["type"] = "inconnu"
    spec["sections"][1]["blocks"][0]["codes"].append("youths.nowhere")
    spec["sections"][1]["blocks"][1]["rows"] = "gender"
    spec["sections"][2]["charts"][0]["table"] = "drome_time"
    errors = validate(spec)
    assert "Partie 1 : type de tableau inconnu." in errors
    assert "Partie 2 : indicateur inconnu « youths.nowhere »." in errors
    assert "Partie 2 : les lignes doivent être une dimension de ce qui est compté." in errors
    assert "Partie 3 : un graphique doit dessiner un tableau de la partie." in errors
    assert validate({"sections": []}) == ["Le modèle n'a aucune partie : ajoutez-en une."]
