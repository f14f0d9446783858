"""A form's fields by kind: django-stubs types ``form.fields`` as plain ``Field``s, so setting a
choice list or a queryset on one needs its real kind. Each helper checks it, and says which
field is wrong when a form is changed and the field no longer is of that kind."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a choice field")
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a model choice field")
    return field


SPACES = (" ", "\u00a0", "\u202f")


class FrenchDecimalField(forms.CharField):
    """A number typed the French way: « 1 224,50 », « 1224.5 », « 245 000 € », « -1,5 »."""

    default_error_messages = {"invalid": "Saisissez un nombre, par exemple 1 224,50."}

    def __init__(self, *, places: int = 2, suffix: str = "€", **kwargs: Any) -> None:
        self.places = places
        self.suffix = suffix
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # a CharField cleaned to a Decimal
        text = super().to_python(value)
        if not text:
            return None
        for char in (*SPACES, self.suffix, "%"):
            text = text.replace(char, "")
        text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if number != number.quantize(Decimal(1).scaleb(-self.places)):
            raise ValidationError(
                f"Indiquez au plus {self.places} chiffres après la virgule.", code="places"
            )
        return number
