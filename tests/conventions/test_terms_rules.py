"""The cross-field rules of a convention's terms (conventions/forms.py, TERMS_RULES) are checked
in order on the form's data, which an error empties of its field: a field refused once is not
refused again by a later rule (the behaviour of the sequential checks they replace)."""

from __future__ import annotations

from django import forms

from reperes.conventions.forms import TermsValidationMixin


class TermsForm(TermsValidationMixin, forms.Form):
    period_kind = forms.CharField()
    starts_on = forms.DateField(required=False)
    starts_at_signature = forms.BooleanField(required=False)
    ends_on = forms.DateField(required=False)
    term_value = forms.IntegerField(required=False)
    term_unit = forms.CharField(required=False)
    max_renewals = forms.IntegerField(required=False)

    def clean(self):
        data = super().clean()
        self.check_terms(data)
        return data


def test_a_zero_term_is_refused_once_as_missing():
    form = TermsForm({"period_kind": "term", "term_value": "0", "term_unit": "year"})
    assert not form.is_valid()
    assert form.errors["term_value"] == ["Indiquez la durée de la période."]


def test_a_tacit_renewal_with_an_end_before_its_start_is_refused_once_for_its_end():
    form = TermsForm(
        {
            "period_kind": "tacit_renewal",
            "term_value": "1",
            "term_unit": "year",
            "starts_on": "2024-01-01",
            "ends_on": "2023-01-01",
        }
    )
    assert not form.is_valid()
    assert form.errors["ends_on"] == [
        "Une convention reconduite tacitement n'a pas de date de fin fixe."
    ]


def test_a_fixed_period_wants_an_end_and_a_start():
    form = TermsForm({"period_kind": "fixed"})
    assert not form.is_valid()
    assert form.errors["ends_on"] == ["Une période à dates fixes doit avoir une date de fin."]
    assert "Indiquez la date de début" in form.errors["starts_on"][0]


def test_a_delay_wants_its_value_and_its_unit():
    form = TermsForm({"period_kind": "term", "term_value": "2"})
    assert not form.is_valid()
    assert form.errors["term_unit"] == ["Un délai doit avoir une valeur et une unité."]
