"""Demo governance (``reperes.demo.build.governance``), on top of the five seed conventions."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.test import override_settings

from reperes.conventions.models import Convention
from reperes.demo.build import governance as demo
from reperes.demo.loader import load_demo
from reperes.governance.compliance import body_rows, with_related
from reperes.governance.enums import BodyKind
from reperes.governance.models import Body
from reperes.governance.rules import State
from tests.demo.clock import STORY_END, on

pytestmark = pytest.mark.django_db

AFTER_2025 = date(2026, 3, 1)


@pytest.fixture
def loaded():
    with on(STORY_END):  # the seeds' story: its 2024 and 2025 meetings are over
        load_demo()
        demo.load()


def _counts():
    """The rows of every model of the governance app."""
    return {m.__name__: m.objects.count() for m in apps.get_app_config("governance").get_models()}


def _rows(prefix: str, year: int):
    bodies = with_related(Body.objects.filter(convention__source__startswith=prefix))
    return {r.body.name: r.compliance for r in body_rows(bodies, year, AFTER_2025)}


@pytest.mark.usefixtures("loaded")
def test_loading_twice_changes_nothing():
    before = _counts()
    stamps = list(Body.objects.values_list("updated_at", flat=True))
    demo.load()
    assert _counts() == before
    assert list(Body.objects.values_list("updated_at", flat=True)) == stamps


def _check_seed_000_bodies_and_the_overdue_conseil_pedagogique():
    convention = Convention.objects.get(source__startswith="Seed 000")
    copil = convention.bodies.get(kind=BodyKind.COMITE_PILOTAGE)
    assert copil.seats.count() == 8  # art. 6: eight members
    assert copil.organiser.role == "operator"  # invitations and minutes by the association
    assert (copil.meetings_per_year, copil.minimum) == (1, True)
    conseil = convention.bodies.get(kind=BodyKind.CONSEIL_PEDAGOGIQUE)
    assert (conseil.meetings_per_year, conseil.minimum) == (2, False)
    assert conseil.document_requirements.get().title == "Reporting d'activité"
    assert _rows("Seed 000", 2024)[conseil.name].state is State.MET
    result = _rows("Seed 000", 2025)[conseil.name]
    assert result.state is State.OVERDUE
    assert result.summary == "1 réunion manquante sur 2"


def _check_seed_001_each_instance_has_its_three_bodies():
    instances = Convention.objects.filter(source__startswith="Seed 001 — convention type")
    assert instances.count() == 8
    for convention in instances:
        kinds = sorted(convention.bodies.values_list("kind", flat=True))
        assert kinds == ["comite_financeurs", "comite_pilotage", "rencontre_mds_sps"]
        financeurs = convention.bodies.get(kind=BodyKind.COMITE_FINANCEURS)
        communes = convention.parties.filter(role="co_funder").count()
        assert financeurs.seats.count() == communes + 2
        assert financeurs.organiser.role == "operator"  # « à l'initiative du SPS »
    # Unsigned in the demo: nothing is owed yet.
    assert {c.state for c in _rows("Seed 001", 2025).values()} == {State.NOT_REQUIRED}


def _check_seed_003_seats_and_unknown_period():
    copil = Body.objects.get(
        convention__source__startswith="Seed 003", kind=BodyKind.COMITE_PILOTAGE
    )
    by_kind = {}
    for seat in copil.seats.select_related("organisation"):
        by_kind[seat.organisation.kind] = by_kind.get(seat.organisation.kind, 0) + seat.count
    assert by_kind == {"commune": 4, "caf": 4, "ccas": 2}
    assert copil.organiser.organisation.kind == "commune"  # « à l'initiative de la Ville »
    rows = _rows("Seed 003", 2024)
    assert rows["Comité de pilotage"].state is State.UNKNOWN
    assert rows["Comité technique"].state is State.NO_RULE


def _check_seed_004_suivi_local_every_two_months():
    rows = _rows("Seed 004", 2025)
    suivi = Body.objects.get(kind=BodyKind.COMITE_SUIVI_LOCAL)
    assert (suivi.meetings_per_year, suivi.regular_interval) == (6, True)
    assert suivi.chair == "Le Conseiller départemental concerné"
    assert rows["Comité de suivi local"].state is State.OVERDUE
    assert rows["Commission départementale de la prévention spécialisée"].state is State.MET
    assert _rows("Seed 004", 2024)["Comité de suivi local"].state is State.MET


@pytest.mark.usefixtures("loaded")
def test_the_bodies_of_each_seed():
    # One load for the four seeds: loading the demo takes seconds.
    _check_seed_000_bodies_and_the_overdue_conseil_pedagogique()
    _check_seed_001_each_instance_has_its_three_bodies()
    _check_seed_003_seats_and_unknown_period()
    _check_seed_004_suivi_local_every_two_months()


def test_nothing_without_the_conventions_and_never_where_the_demo_is_off():
    demo.load()
    assert _counts() == dict.fromkeys(_counts(), 0)
    with override_settings(DEMO_ALLOWED=False), pytest.raises(RuntimeError):
        demo.load()
