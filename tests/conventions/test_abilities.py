"""``get_abilities(user, convention)`` answers for that convention: an editor's role writes
only on the conventions its organisation is a party to."""

from __future__ import annotations

import pytest

from reperes.conventions.abilities import get_abilities
from tests.factories import ConventionFactory, OrganisationFactory, PartyFactory

pytestmark = pytest.mark.django_db

EDITS = ("amend", "sign", "record_event", "upload")


def test_a_party_editor_edits_its_convention(world):
    abilities = get_abilities(world["users"]["departement_agent"], world["conventions"]["a"])
    assert all(abilities[name] for name in EDITS)
    assert abilities["create"]


def test_an_editor_who_is_no_party_does_not_edit_it(world):
    """The commune agent is a party to convention A, not to convention B."""
    commune_agent = world["users"]["commune_agent"]
    assert all(get_abilities(commune_agent, world["conventions"]["a"])[e] for e in EDITS)
    on_b = get_abilities(commune_agent, world["conventions"]["b"])
    assert not any(on_b[name] for name in EDITS)
    assert on_b["create"]  # creating a convention of its own stays open to its role


def test_a_director_edits_the_convention_of_their_operator_only(world):
    director = world["users"]["director_a"]
    other = ConventionFactory(title="Convention tierce")
    funder = OrganisationFactory(kind="caf", name="CAF tierce")
    PartyFactory(convention=other, organisation=funder, role="pilot", order=0)
    PartyFactory(convention=other, organisation=world["orgs"]["operator_b"], role="operator")
    assert get_abilities(director, world["conventions"]["a"])["amend"]
    assert not get_abilities(director, other)["amend"]


def test_without_a_convention_the_role_decides(world):
    assert get_abilities(world["users"]["commune_agent"])["create"]
    assert not get_abilities(world["users"]["educator_a"])["create"]
    assert not get_abilities(world["users"]["educator_b"], None)["amend"]
