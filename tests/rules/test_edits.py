"""reperes.rules.edits: when an edit is stale, and which fields changed in between."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reperes.rules.edits import Change, changes_between, is_stale
from tests.properties import examples

SETTINGS = examples(150)

names = st.lists(st.sampled_from("abcdefgh"), unique=True, min_size=1)
values = st.one_of(st.none(), st.integers(-3, 3), st.text(max_size=3))


def test_a_form_opened_on_the_current_version_is_not_stale():
    assert not is_stale(4, 4)
    assert is_stale(3, 4)


def test_the_changed_fields_in_the_form_order_with_both_values():
    labels = {"job": "Fonction", "fte": "ETP", "name": "Nom"}
    before = {"job": ("a", "A"), "fte": ("1", "1,00"), "name": ("x", "X")}
    now = {"job": ("b", "B"), "fte": ("1", "1,00"), "name": ("y", "Y")}
    assert changes_between(labels, before, now) == [
        Change("job", "Fonction", "A", "B"),
        Change("name", "Nom", "X", "Y"),
    ]


def test_without_a_snapshot_every_field_is_listed():
    labels = {"job": "Fonction", "fte": "ETP"}
    now = {"job": ("b", "B"), "fte": ("1", "1,00")}
    assert [c.now for c in changes_between(labels, None, now)] == ["B", "1,00"]


@SETTINGS
@given(st.data(), names)
def test_exactly_the_fields_whose_value_moved_are_listed(data, fields):
    labels = {name: name.upper() for name in fields}
    before = {name: (data.draw(values), "avant") for name in fields}
    now = {name: (data.draw(values), "après") for name in fields}
    listed = [change.field for change in changes_between(labels, before, now)]
    assert listed == [name for name in fields if before[name][0] != now[name][0]]
    assert changes_between(labels, before, before) == []
