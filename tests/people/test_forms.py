"""The personnel forms' dates say in French what is missing or wrong."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from reperes.people.forms import DecisionForm, DepartureForm, FinancialDocumentForm


@pytest.mark.parametrize(
    ("form", "name", "missing"),
    [
        (DepartureForm, "departure", "Indiquez le dernier jour travaillé."),
        (DecisionForm, "decided_on", "Indiquez la date de la décision."),
        (FinancialDocumentForm, "received_on", "Indiquez la date de réception."),
    ],
)
def test_a_date_left_empty_or_mistyped_is_refused_in_french(form, name, missing):
    field = form.base_fields[name]
    assert field.clean("2025-03-31") == date(2025, 3, 31)
    with pytest.raises(ValidationError) as empty:
        field.clean("")
    assert empty.value.messages == [missing]
    with pytest.raises(ValidationError) as mistyped:
        field.clean("31 février")
    assert mistyped.value.messages == ["Saisissez une date valide."]
    assert field.widget.input_type == "date"
