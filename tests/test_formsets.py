"""core.formsets.InputFormSet: the rows' inputs without the empty rows, and two rows naming
the same thing (whatever the case) refused in French."""

from __future__ import annotations

import pytest
from django import forms

from reperes.core.formsets import InputFormSet, formset_of


class RowForm(forms.Form):
    name = forms.CharField(required=False)

    def to_input(self) -> str | None:
        return self.cleaned_data.get("name") or None


class Named:
    def __init__(self, name: str) -> None:
        self.name = name


class NamedRowForm(forms.Form):
    name = forms.CharField(required=False)

    def to_input(self) -> Named | None:
        name = self.cleaned_data.get("name")
        return Named(name) if name else None


class UniqueNames(InputFormSet):
    duplicate_of = "name"
    duplicate_message = "Un même nom figure deux fois."


def _formset(formset, form, *names):
    data = {"form-TOTAL_FORMS": str(len(names)), "form-INITIAL_FORMS": "0"}
    data |= {f"form-{i}-name": name for i, name in enumerate(names)}
    return forms.formset_factory(form, formset=formset)(data)


def test_inputs_leave_out_the_empty_rows_and_keep_the_order():
    formset = _formset(InputFormSet, RowForm, "Lille", "", "Arras")
    assert formset.is_valid()
    assert formset.inputs() == ["Lille", "Arras"]


@pytest.mark.parametrize(
    ("names", "valid"),
    [(("Maire", "", "Directeur"), True), (("Maire", "maire"), False), (("Maire", "Maire"), False)],
)
def test_two_rows_naming_the_same_thing_are_refused(names, valid):
    formset = _formset(UniqueNames, NamedRowForm, *names)
    assert formset.is_valid() is valid
    assert formset.non_form_errors() == ([] if valid else ["Un même nom figure deux fois."])


def test_without_duplicate_of_the_same_name_twice_is_kept():
    formset = _formset(InputFormSet, RowForm, "Maire", "Maire")
    assert formset.is_valid()
    assert formset.inputs() == ["Maire", "Maire"]


def test_formset_of_refuses_more_rows_than_its_maximum():
    formset = formset_of(RowForm, InputFormSet, extra=1, max_num=2)
    assert formset.extra == 1
    data = {"form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "0"}
    data |= {f"form-{i}-name": name for i, name in enumerate(["a", "b", "c"])}
    too_many = formset(data)
    assert not too_many.is_valid()
    assert too_many.non_form_errors() == ["Veuillez soumettre au plus 2 formulaires."]
