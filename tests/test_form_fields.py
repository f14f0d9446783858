"""core.form_fields: a form's field by kind, refused when it is not of that kind."""

import pytest
from django import forms

from reperes.core.form_fields import choice_field, model_choice_field
from reperes.partners.models import Organisation


class _Form(forms.Form):
    name = forms.CharField()
    kind = forms.ChoiceField(choices=())
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())


def test_choice_field_returns_the_forms_own_field():
    form = _Form()
    choice_field(form, "kind").choices = [("a", "A")]
    assert list(form.fields["kind"].choices) == [("a", "A")]
    # A model choice field is a choice field too.
    assert choice_field(form, "organisation") is form.fields["organisation"]


def test_model_choice_field_returns_the_forms_own_field():
    form = _Form()
    queryset = Organisation.objects.filter(pk=0)
    model_choice_field(form, "organisation").queryset = queryset
    assert form.fields["organisation"].queryset.query.__str__() == queryset.query.__str__()


@pytest.mark.parametrize(
    ("helper", "name"),
    [(choice_field, "name"), (model_choice_field, "name"), (model_choice_field, "kind")],
)
def test_a_field_of_another_kind_is_refused(helper, name):
    with pytest.raises(TypeError, match=f"_Form.{name} is not"):
        helper(_Form(), name)
