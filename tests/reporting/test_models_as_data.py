"""The five models of the seeds are data (``reporting/model_data``), read by one engine: fed the
figures the Python builders of 9815d51 were fed, they give the same sections, cell for cell
(``tests/reporting/fixtures/previous_outputs.json``, 3 services × 2 periods × 5 models)."""

from __future__ import annotations

import copy

import pytest

from reperes.reporting.model_engine import build_sections
from reperes.reporting.report_models import library, validate

from .previous_outputs import cases, figures, sections_json

# The differences issue 16 made on purpose. « Jeunes rencontrés » added encounters (the street
# contacts) to persons (the youths first met): the presence tables now count contacts, in
# encounters, without a total; the key figures and the Drôme youths keep persons apart from
# encounters (a new « drome_contacts » table).
UNITS = "contacts (rencontres) et personnes séparés"
CHANGED: dict[tuple[str, str], str] = {
    **{
        (model, f"{prefix}_{table}"): UNITS
        for model, prefix in (
            ("conseil-pedagogique", "presence"),
            ("bilan-annuel", "review_presence"),
        )
        for table in ("contacts", "age_gender", "places")
    },
    ("bilan-annuel", "review_key"): UNITS,
    ("rapport-drome", "drome_youths"): UNITS,
    ("rapport-drome", "drome_contacts"): UNITS,
}


def _without_changes(model: str, sections: list[dict]) -> list[dict]:
    """The sections less the tables changed on purpose, and less each table's ``population``
    (it counted encounters and persons together; it now counts the youths met, persons)."""
    kept = copy.deepcopy(sections)
    for section in kept:
        section["tables"] = [t for t in section["tables"] if (model, t["key"]) not in CHANGED]
        section["charts"] = [c for c in section["charts"] if (model, c[1]) not in CHANGED]
        for table in section["tables"]:
            table.pop("population")
    return kept


def test_the_changed_tables_exist_and_differ():
    """Each difference declared above is real (a stale entry would hide nothing)."""
    case = next(c for c in cases() if c["period"] == "2025" and "Longwy" in c["service"])
    data = figures(case["figures"])
    for model, key in CHANGED:
        got = {
            t["key"]: t
            for s in sections_json(build_sections(library()[model], data, {}, ()))
            for t in s["tables"]
        }
        before = {t["key"]: t for s in case["outputs"][model] for t in s["tables"]}
        assert key in got, key
        if key in before:
            assert got[key] != before[key], key


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
    spec["sections"][1]["blocks"][2]["rows"] = "gender"
    spec["sections"][2]["charts"][0]["table"] = "drome_time"
    errors = validate(spec)
    assert "Partie 1 : type de tableau inconnu." in errors
    assert "Partie 2 : indicateur inconnu « youths.nowhere »." in errors
    assert "Partie 2 : les lignes doivent être une dimension de ce qui est compté." in errors
    assert "Partie 3 : un graphique doit dessiner un tableau de la partie." in errors
    assert validate({"sections": []}) == ["Le modèle n'a aucune partie : ajoutez-en une."]
