"""The composition, documents and attendance formsets: empty rows left out, the same member,
document or person twice refused (whatever the case), an empty attendance sheet refused."""

from __future__ import annotations

import pytest

from reperes.governance.forms import AttendanceFormSet, RequirementFormSet, SeatFormSet

pytestmark = pytest.mark.django_db


def _formset(formset, field, names, **kwargs):
    data = {"form-TOTAL_FORMS": str(len(names)), "form-INITIAL_FORMS": "0"}
    data |= {f"form-{i}-{field}": name for i, name in enumerate(names)}
    return formset(data, **kwargs)


@pytest.fixture
def with_convention(world):
    return {"form_kwargs": {"convention": world["conventions"]["a"]}}


@pytest.mark.parametrize(
    ("formset", "field", "duplicate", "needs_convention"),
    [
        (SeatFormSet, "label", "Un même membre figure deux fois dans la composition.", True),
        (RequirementFormSet, "title", "Un même document est demandé deux fois.", False),
        (
            AttendanceFormSet,
            "name",
            "Une même personne figure deux fois sur la feuille de présence.",
            True,
        ),
    ],
)
def test_rows_named_twice_are_refused_and_empty_rows_left_out(
    with_convention, formset, field, duplicate, needs_convention
):
    kwargs = with_convention if needs_convention else {}
    twice = _formset(formset, field, ["Le maire", "", "le Maire"], **kwargs)
    assert not twice.is_valid()
    assert twice.non_form_errors() == [duplicate]
    once = _formset(formset, field, ["Le maire", "", "La directrice"], **kwargs)
    assert once.is_valid(), once.errors
    assert [getattr(i, field) for i in once.inputs()] == ["Le maire", "La directrice"]


def test_an_empty_attendance_sheet_is_refused(with_convention):
    empty = _formset(AttendanceFormSet, "name", ["", ""], **with_convention)
    assert not empty.is_valid()
    assert empty.non_form_errors() == [
        "La feuille de présence est vide : indiquez au moins une personne."
    ]
