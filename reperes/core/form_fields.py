"""A form's fields by kind: django-stubs types ``form.fields`` as plain ``Field``s, so setting a
choice list or a queryset on one needs its real kind. Each helper checks it, and says which
field is wrong when a form is changed and the field no longer is of that kind."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DECIMAL_ATTRS = {"inputmode": "decimal", "autocomplete": "off"}


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


def localized_decimal(
    label: str,
    *,
    max_value: Decimal | None,
    max_digits: int,
    error_messages: dict[str, str],
    required: bool = False,
    help_text: str = "",
) -> forms.DecimalField:
    """A quantity typed the French way (« 1,5 »), in a text input so that the comma is accepted
    everywhere: not negative, two decimal places. ``error_messages``: the French messages that
    say what the quantity is (invalid, min_value, max_value…), over the common ones."""
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_value=max_value,
        max_digits=max_digits,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs=DECIMAL_ATTRS),
        error_messages={
            "max_decimal_places": "Deux décimales au plus.",
            "max_digits": "Nombre trop grand.",
            "max_whole_digits": "Nombre trop grand.",
            **error_messages,
        },
    )


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


class WorkbookUploadForm(forms.Form):
    """The form of a workbook to import, one field « fichier » (``workbook_field``): refused
    over ``REPERES_IMPORT_MAX_BYTES`` before it is read, then checked whole by ``check`` (the
    importer's ``check_upload``), whose refusal, of kind ``refused``, is the field's error.
    After ``is_valid()``: ``rows``, what ``check`` read, and ``content``, the file's bytes."""

    refused: type[Exception] = ValidationError
    content: bytes = b""
    rows: Any

    def check(self, name: str, content: bytes) -> Any:
        raise NotImplementedError

    def clean_fichier(self) -> Any:
        upload = self.cleaned_data["fichier"]
        limit = settings.REPERES_IMPORT_MAX_BYTES
        if upload.size > limit:  # refused before it is read
            raise ValidationError(
                f"Le fichier dépasse la taille autorisée ({limit // (1024 * 1024)} Mo)."
            )
        content = upload.read()
        try:
            self.rows = self.check(upload.name or "", content)
        except self.refused as refusal:
            raise ValidationError(str(refusal)) from refusal
        self.content = content
        return upload


def workbook_field(label: str, help_text: str, accept: str) -> forms.FileField:
    """The « fichier » field of a ``WorkbookUploadForm``: ``accept``, the extensions offered."""
    return forms.FileField(
        label=label,
        help_text=help_text,
        widget=forms.ClearableFileInput(attrs={"accept": accept}),
        error_messages={
            "required": "Choisissez le fichier à importer.",
            "empty": "Le fichier est vide.",
        },
    )
