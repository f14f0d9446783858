"""The funder's consolidation (``reperes.reporting.consolidation``) on the seed 001 demo: the
eight Pas-de-Calais 2022 submissions give the seed's per-service figures and totals, and the
warnings the seed's own table deserves."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reperes.demo.seeds import seed_001
from reperes.partners.models import Organisation
from reperes.reporting import consolidation
from reperes.reporting.reports import TOTAL

D = Decimal


@pytest.fixture(scope="module")
def pas_de_calais(django_db_setup, django_db_blocker):
    from django.core.management import call_command

    from reperes.demo.loader import load_demo
    from reperes.people import demo as people_demo
    from reperes.reporting import demo as reporting_demo

    with django_db_blocker.unblock():
        load_demo()
        people_demo.load()
        reporting_demo.load()
        reporting_demo.load()  # idempotent: a second run changes nothing
        yield Organisation.objects.get(name=seed_001.DEPARTEMENT)
        call_command("flush", interactive=False, verbosity=0)


def _tables(funder):
    result = consolidation.build(funder, 2022)
    return result, {t.key: t for t in result.tables}


@pytest.mark.django_db
def test_totals_are_the_seeds(pas_de_calais):
    result, tables = _tables(pas_de_calais)
    assert len(result.rows) == 8
    collective = tables["consolidation-actions-collectives"]
    assert collective.cells[collective.rows.index(TOTAL)] == (D(124), D(2882), D(200))
    assert collective.cell("SPS Maurice Schumann", "Nombre de jeunes concernés") == D(369)
    assert collective.cell("SPS Arras", "Nombre de familles") is None  # NR
    hours = tables["consolidation-heures"]
    assert hours.cell("SPS Arras", "Total") == D(12968)
    assert hours.cell("SPS Boulogne", "Accompagnements individuels") is None
    assert hours.cell(TOTAL, "Total") == D(12968 + 6136 + 13164 + 7758 + 4894 + 4836 + 4398 + 7410)
    teams = tables["consolidation-equipes"]
    assert teams.cell("SPS Arras", "Travailleurs sociaux (éducateurs, animateurs)") == D("3.83")


@pytest.mark.django_db
def test_sources_and_submissions_are_validated(pas_de_calais):
    result, _tables_ = _tables(pas_de_calais)
    assert {row.source for row in result.rows} == {consolidation.SOURCE_SUBMISSION}


@pytest.mark.django_db
def test_etaples_and_lievin_are_flagged_as_copied(pas_de_calais):
    result, _ = _tables(pas_de_calais)
    copied = {row.label for row in result.rows if any(f.check == "identical" for f in row.findings)}
    assert copied == {"SPS Etaples", "SPS Liévin"}


@pytest.mark.django_db
def test_hours_implausible_for_the_staff_in_post(pas_de_calais):
    result, _ = _tables(pas_de_calais)
    implausible = {
        row.label for row in result.rows if any(f.check == "hours" for f in row.findings)
    }
    # Arras 12 968 h for 3,83 ETP, Boulogne 13 164 h for 5, Calais 7 758 h for 4, Oignies
    # 7 410 h for 3: all above 1,1 × 1 607 h per ETP of social workers.
    assert implausible == {"SPS Arras", "SPS Boulogne", "SPS Calais", "SPS Oignies"}


@pytest.mark.django_db
def test_harnes_text_cell_is_nr_with_its_note(pas_de_calais):
    result, _ = _tables(pas_de_calais)
    harnes = next(row for row in result.rows if row.label == "SPS Harnes")
    assert harnes.values["hours.writing"] is None
    assert harnes.notes["hours.writing"] == "Dans les accompagnements individuels"
    assert "Écrits professionnels" in harnes.nr
