"""Forms for a clause's parameters (any kind of the catalogue) and for the amendment that
changes a clause. The parameters are checked by the catalogue (``catalogue.clean``), whose
French messages are shown beside the field they concern; what was typed is kept."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms

from reperes.rules import due as due_rules

from . import catalogue
from .forms import DATE_WIDGET, AvenantForm

if TYPE_CHECKING:  # django-stubs' own helper package, installed with the type checker only
    from django_stubs_ext import StrOrPromise

DUE_FIELDS = ("rule", "month", "day", "year_offset", "value", "unit", "body")
MONTH_CHOICES = [("", "—")] + [(str(i), name) for i, name in enumerate(due_rules.MONTH_NAMES, 1)]
YEAR_CHOICES = [("-1", "N-1"), ("0", "N"), ("1", "N+1"), ("2", "N+2")]
RULE_CHOICES = [("", "—")] + [(rule, due_rules.RULE_LABELS[rule]) for rule in due_rules.RULES]
UNIT_CHOICES = [(unit, due_rules.UNIT_LABELS[unit]) for unit in due_rules.UNITS]
NUMBER = {"inputmode": "numeric"}


def _due_field_name(param: catalogue.Param, part: str) -> str:
    return f"{param.name}_{part}"


def _due_fields(param: catalogue.Param) -> dict[str, forms.Field]:
    label = param.label
    return {
        _due_field_name(param, "rule"): forms.ChoiceField(
            label=f"{label} : comment elle est fixée", choices=RULE_CHOICES, required=False
        ),
        _due_field_name(param, "day"): forms.CharField(
            label=f"{label} : jour", required=False, widget=forms.TextInput(attrs=NUMBER)
        ),
        _due_field_name(param, "month"): forms.ChoiceField(
            label=f"{label} : mois", choices=MONTH_CHOICES, required=False
        ),
        _due_field_name(param, "year_offset"): forms.ChoiceField(
            label=f"{label} : année (N = l'année dont parle le document)",
            choices=YEAR_CHOICES,
            required=False,
            initial="1",
        ),
        _due_field_name(param, "value"): forms.CharField(
            label=f"{label} : délai", required=False, widget=forms.TextInput(attrs=NUMBER)
        ),
        _due_field_name(param, "unit"): forms.ChoiceField(
            label=f"{label} : unité du délai", choices=UNIT_CHOICES, required=False
        ),
        _due_field_name(param, "body"): forms.CharField(
            label=f"{label} : instance (avant chaque réunion)", required=False, max_length=200
        ),
    }


def _field(param: catalogue.Param) -> forms.Field:
    label = param.label + (
        "" if param.required or param.type == catalogue.BOOL else " (facultatif)"
    )
    common: dict[str, Any] = {"label": label, "required": False, "help_text": param.help}
    if param.type == catalogue.BOOL:
        return forms.BooleanField(**common)
    if param.type == catalogue.CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *param.options()], **common)
    if param.type == catalogue.CHOICES:
        return forms.MultipleChoiceField(
            choices=param.options(), widget=forms.CheckboxSelectMultiple, **common
        )
    if param.type in (catalogue.INT, catalogue.DECIMAL):
        return forms.CharField(widget=forms.TextInput(attrs=NUMBER), **common)
    if param.type == catalogue.TEXT:
        return forms.CharField(max_length=500, **common)
    raise ValueError(param.type)


class ClauseParamsForm(forms.Form):
    """The parameters of one clause of ``kind``; ``initial`` takes the clause's ``params``
    (as stored). After ``is_valid()``, ``params`` holds them cleaned by the catalogue.

    Reusable wherever a clause is entered (use a ``prefix`` when several are on one page)."""

    article = forms.CharField(
        label="Article de la convention",
        required=False,
        max_length=100,
        help_text="Ex. « art. 6 ».",
    )

    def __init__(
        self,
        data: Any = None,
        *,
        kind: str,
        params: Mapping[str, Any] | None = None,
        article: str = "",
        **kwargs: Any,
    ) -> None:
        self.kind = catalogue.KINDS[kind]
        kwargs.setdefault("initial", {}).update(self.initial_of(params or {}), article=article)
        super().__init__(data, **kwargs)
        for param in self.kind.params:
            if param.type == catalogue.DUE:
                self.fields.update(_due_fields(param))
            else:
                self.fields[param.name] = _field(param)
        self.params: dict[str, Any] = {}

    def initial_of(self, params: Mapping[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for param in self.kind.params:
            value = params.get(param.name)
            if param.type == catalogue.DUE:
                for part in DUE_FIELDS:
                    part_value = (value or {}).get(part)
                    if part_value is not None:
                        initial[_due_field_name(param, part)] = str(part_value)
            elif value is not None:
                initial[param.name] = value
        return initial

    def raw_params(self) -> dict[str, Any]:
        data = self.cleaned_data
        params: dict[str, Any] = {}
        for param in self.kind.params:
            if param.type == catalogue.DUE:
                due = {part: data.get(_due_field_name(param, part)) for part in DUE_FIELDS}
                params[param.name] = {k: v for k, v in due.items() if v not in (None, "")} or None
            else:
                params[param.name] = data.get(param.name)
        return params

    def _field_of(self, message: str) -> str | None:
        for param in self.kind.params:
            if message.startswith(f"« {param.label} »"):
                if param.type == catalogue.DUE:
                    return _due_field_name(param, "rule")
                return param.name
        return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        params, errors = catalogue.clean(self.kind.code, self.raw_params())
        for message in errors:
            self.add_error(self._field_of(message), message)
        self.params = params
        return data

    @property
    def param_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name != "article"]

    @property
    def param_groups(self) -> list[tuple[StrOrPromise, list[Any], str]]:
        """The fields by parameter, for the template: ``(legend, fields, help)``; a due rule
        or a multiple choice is a group of its own (a fieldset), other parameters have none."""
        groups: list[tuple[StrOrPromise, list[Any], str]] = []
        for param in self.kind.params:
            if param.type == catalogue.DUE:
                names = [_due_field_name(param, part) for part in DUE_FIELDS]
                groups.append((param.label, [self[n] for n in names], param.help))
            elif param.type == catalogue.CHOICES:
                groups.append((self.fields[param.name].label or "", [self[param.name]], param.help))
            else:
                groups.append(("", [self[param.name]], ""))
        return groups


class ClauseAmendmentForm(AvenantForm):
    """The avenant: its number, object, dates; the clause changes from ``effective_on``."""

    effective_on = forms.DateField(
        label="Prend effet le",
        widget=DATE_WIDGET,
        help_text="La clause change à compter de ce jour ; les périodes antérieures gardent "
        "la règle d'alors.",
        error_messages={"required": "Indiquez la date à laquelle l'avenant prend effet."},
    )


class ClauseKeyForm(forms.Form):
    key = forms.SlugField(
        label="Référence de la clause (facultatif)",
        required=False,
        max_length=60,
        help_text="Lettres sans accent, chiffres et tirets ; laissée vide, Repères en propose une.",
        error_messages={
            "invalid": "La référence ne contient que des lettres sans accent, des chiffres, "
            "des tirets et des soulignés."
        },
    )
