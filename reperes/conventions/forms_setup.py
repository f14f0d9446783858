"""Forms of the guided set-up of a convention (``views_setup``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from django import forms

from reperes.core.form_fields import FrenchDecimalField, choice_field, model_choice_field
from reperes.rules import due as due_rules
from reperes.rules.due import REGULAR_COUNTS

from . import catalogue
from .actions_setup import COPY, ORIGINS, TEMPLATE
from .enums import BodyKind, PartyRole, PeriodMonths
from .forms import (
    DATE_WIDGET,
    EDITABLE_TERMS_FIELDS,
    BasePartyFormSet,
    PartyForm,
    TermsValidationMixin,
    _at_least_floor,
)
from .models import Convention, ConventionTemplate, Party

if TYPE_CHECKING:
    from reperes.partners.models import Service

NUMBER = {"inputmode": "numeric", "size": "6"}


class StartForm(forms.Form):
    origin = forms.ChoiceField(
        label="Point de départ", choices=ORIGINS, widget=forms.RadioSelect, initial="scratch"
    )
    template = forms.ModelChoiceField(
        queryset=ConventionTemplate.objects.none(),
        label="Convention type",
        required=False,
        empty_label="Choisissez une convention type",
        help_text="La nouvelle convention hérite de ses clauses.",
    )
    source = forms.ModelChoiceField(
        queryset=Convention.objects.none(),
        label="Convention à recopier",
        required=False,
        empty_label="Choisissez une convention",
        help_text="Parties, période, clauses, instances et échéanciers sont recopiés ; les "
        "montants se saisissent à nouveau.",
    )
    title = forms.CharField(label="Intitulé de la convention", max_length=400)
    short_title = forms.CharField(
        label="Intitulé court", max_length=150, required=False, help_text="Ex. « Nord 2026-2028 »."
    )
    service: forms.ModelChoiceField[Service] = forms.ModelChoiceField(
        queryset=None,
        label="Service de prévention spécialisée concerné",
        empty_label="Choisissez le service",
        help_text="Son organisme gestionnaire est partie à la convention : c'est lui qui "
        "l'accepte ou la refuse.",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from reperes.partners.models import Service

        from .actions_setup import FUNDER_ROLES

        super().__init__(*args, **kwargs)
        model_choice_field(self, "template").queryset = ConventionTemplate.objects.visible_to(user)
        model_choice_field(self, "source").queryset = Convention.objects.filter(
            parties__organisation_id=user.organisation_id, parties__role__in=FUNDER_ROLES
        ).distinct()
        model_choice_field(self, "service").queryset = Service.objects.filter(
            operator__isnull=False
        ).select_related("operator")
        self.fields["service"].label_from_instance = lambda s: f"{s} — {s.operator}"  # type: ignore[attr-defined]  # a ModelChoiceField, labelled per form

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("origin") == TEMPLATE and not data.get("template"):
            self.add_error("template", "Choisissez la convention type de départ.")
        if data.get("origin") == COPY and not data.get("source"):
            self.add_error("source", "Choisissez la convention à recopier.")
        return data


class SetupPartyForm(PartyForm):
    """A party row: an empty row (no organisation) is ignored, so its role starts empty too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "role").choices = [("", "—"), *PartyRole.choices]


# The parties already there, and two empty rows to add one.
# cast: formset_factory subclasses the formset it is given; django-stubs' type forgets which.
SetupPartyFormSet = cast(
    type[BasePartyFormSet],
    forms.formset_factory(
        SetupPartyForm, formset=BasePartyFormSet, extra=2, max_num=20, validate_max=True
    ),
)


class ServiceForm(forms.Form):
    service: forms.ModelChoiceField[Service] = forms.ModelChoiceField(
        queryset=None,
        label="Service concerné",
        help_text="Son organisme gestionnaire doit figurer parmi les parties, avec le rôle "
        "« Opérateur ».",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from reperes.partners.models import Service

        super().__init__(*args, **kwargs)
        model_choice_field(self, "service").queryset = Service.objects.filter(
            operator__isnull=False
        ).select_related("operator")
        self.fields["service"].label_from_instance = lambda s: f"{s} — {s.operator}"  # type: ignore[attr-defined]  # a ModelChoiceField, labelled per form


class TermsForm(TermsValidationMixin, forms.ModelForm):
    class Meta:
        model = Convention
        fields = ["object", *EDITABLE_TERMS_FIELDS]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "object": forms.Textarea(attrs={"rows": 3}),
        }

    # The page's groups of fields (conventions/setup_terms.html): the legend of each group, by
    # the field that opens it; a group runs, in the form's order, to the next one.
    LEGENDS = {
        "object": "Objet",
        "period_kind": "Période",
        "withdrawal_notice_value": "Dénonciation et résiliation",
    }

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        groups: list[tuple[str, list[forms.BoundField]]] = []
        for field in self:
            if field.name in self.LEGENDS:
                groups.append((self.LEGENDS[field.name], []))
            groups[-1][1].append(field)
        return groups

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_terms(data)
        return data


KIND_CHOICES = [
    ("monthly", "Dotation mensuelle"),
    ("periodic", "Versements périodiques à parts égales (trimestriels, semestriels…)"),
    ("call_for_funds", "Versement unique sur appel de fonds"),
]


class PaymentsForm(forms.Form):
    payer: forms.ModelChoiceField[Party] = forms.ModelChoiceField(
        queryset=None, label="Payeur", empty_label=None
    )
    payee: forms.ModelChoiceField[Party] = forms.ModelChoiceField(
        queryset=None, label="Bénéficiaire", empty_label=None
    )
    annual = forms.CharField(
        label="Montant annuel (€)",
        help_text="Ce que le payeur verse chaque année de la convention, par exemple 180 000.",
    )
    kind = forms.ChoiceField(label="Modalité", choices=KIND_CHOICES, widget=forms.RadioSelect)
    period_months = forms.TypedChoiceField(
        label="Rythme des versements périodiques",
        coerce=int,
        required=False,
        choices=[],
        help_text="Chaque versement est une part égale du montant annuel (quatre fois 25 % "
        "pour un rythme trimestriel).",
    )
    due_day = forms.IntegerField(
        label="Jour d'échéance",
        min_value=1,
        max_value=31,
        initial=1,
        help_text="Jour du mois (du premier mois de chaque période) où le versement est dû.",
    )
    article = forms.CharField(
        label="Article qui fixe le versement", max_length=30, required=False, help_text="Ex. « 6 »."
    )

    def __init__(self, *args: Any, convention: Convention, **kwargs: Any) -> None:
        from .actions_setup import FUNDER_ROLES

        super().__init__(*args, **kwargs)
        parties = convention.parties.select_related("organisation")
        model_choice_field(self, "payer").queryset = parties.filter(role__in=FUNDER_ROLES)
        model_choice_field(self, "payee").queryset = parties
        operator = parties.filter(role=PartyRole.OPERATOR).first()
        if operator is not None:
            self.fields["payee"].initial = operator.pk
        choice_field(self, "period_months").choices = [("", "—"), *PeriodMonths.choices]
        for name in ("payer", "payee"):
            self.fields[name].label_from_instance = lambda p: (  # type: ignore[attr-defined]  # a ModelChoiceField, labelled per form
                f"{p.organisation} ({p.get_role_display()})"
            )

    def clean_annual(self) -> Any:
        return FrenchDecimalField(label="").clean(self.cleaned_data.get("annual"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == "periodic" and not data.get("period_months"):
            self.add_error("period_months", "Choisissez le rythme des versements.")
        if data.get("payer") and data.get("payer") == data.get("payee"):
            self.add_error("payee", "Le payeur et le bénéficiaire doivent être différents.")
        return data


class BodyForm(forms.Form):
    kind = forms.ChoiceField(label="Nature", choices=[])
    name = forms.CharField(label="Nom", max_length=200, help_text="Ex. « Comité de pilotage ».")
    organiser: forms.ModelChoiceField[Party] = forms.ModelChoiceField(
        queryset=None, label="Organisée par", empty_label=None
    )
    meetings_per_year = forms.IntegerField(
        label="Réunions par an", min_value=1, max_value=52, required=False
    )
    minimum = forms.BooleanField(label="Au moins (sinon : exactement)", required=False)
    regular_interval = forms.BooleanField(
        label="À intervalle régulier (ex. « tous les six mois »)", required=False
    )
    frequency_text = forms.CharField(
        label="Rythme tel qu'écrit",
        max_length=200,
        required=False,
        help_text="Ex. « deux fois par an ».",
    )
    chair = forms.CharField(label="Présidence", max_length=300, required=False)

    def __init__(self, *args: Any, convention: Convention, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = BodyKind.choices
        model_choice_field(self, "organiser").queryset = convention.parties.select_related(
            "organisation"
        )
        self.fields["organiser"].label_from_instance = lambda p: str(p.organisation)  # type: ignore[attr-defined]  # a ModelChoiceField, labelled per form

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        count = data.get("meetings_per_year")
        if data.get("minimum") and not count:
            self.add_error("meetings_per_year", "« Au moins » suppose un nombre de réunions.")
        if data.get("regular_interval") and count not in REGULAR_COUNTS:
            self.add_error(
                "regular_interval",
                "Un intervalle régulier suppose 1, 2, 3, 4, 6 ou 12 réunions par an.",
            )
        return data


class SecrecyForm(forms.Form):
    secrecy_threshold = forms.IntegerField(
        label="Seuil du secret statistique",
        min_value=2,
        help_text="Un effectif de 1 à ce seuil moins un n'est pas diffusé hors du service.",
    )
    secrecy_zone_floor = forms.IntegerField(
        label="Effectif minimal d'une zone",
        min_value=1,
        help_text="Un territoire qui compte moins de personnes est regroupé avec d'autres.",
    )

    def clean_secrecy_threshold(self) -> int:
        return _at_least_floor("secrecy_threshold", self.cleaned_data.get("secrecy_threshold"))

    def clean_secrecy_zone_floor(self) -> int:
        return _at_least_floor("secrecy_zone_floor", self.cleaned_data.get("secrecy_zone_floor"))


# --- Clauses of the catalogue ---------------------------------------------------------------

DUE_FIELDS = ("rule", "month", "day", "year_offset", "value", "unit", "body")
YEAR_OFFSETS = [(-1, "N-1"), (0, "N"), (1, "N+1"), (2, "N+2")]


def _field_for(param: catalogue.Param) -> forms.Field:
    label = param.label
    if param.type == catalogue.BOOL:
        return forms.BooleanField(label=label, required=False, help_text=param.help)
    if param.type == catalogue.CHOICE:
        return forms.ChoiceField(
            label=label,
            required=param.required,
            choices=[("", "—"), *param.options()],
            help_text=param.help,
        )
    if param.type == catalogue.CHOICES:
        return forms.MultipleChoiceField(
            label=label,
            required=param.required,
            choices=param.options(),
            widget=forms.CheckboxSelectMultiple,
            help_text=param.help,
        )
    attrs = NUMBER if param.type in (catalogue.INT, catalogue.DECIMAL) else {}
    return forms.CharField(
        label=label,
        required=param.required,
        max_length=500,
        widget=forms.TextInput(attrs=attrs),
        help_text=param.help,
    )


def _due_fields() -> dict[str, forms.Field]:
    return {
        "due_rule": forms.ChoiceField(
            label="L'échéance est fixée par",
            choices=[("", "—"), *due_rules.RULE_LABELS.items()],
        ),
        "due_month": forms.TypedChoiceField(
            label="Mois (jour fixe)",
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", "—"), *((i + 1, m) for i, m in enumerate(due_rules.MONTH_NAMES))],
        ),
        "due_day": forms.CharField(
            label="Jour (jour fixe)", required=False, widget=forms.TextInput(attrs=NUMBER)
        ),
        "due_year_offset": forms.TypedChoiceField(
            label="De l'année (N : l'année dont parle le document)",
            required=False,
            coerce=int,
            empty_value=0,  # type: ignore[arg-type]  # the stubs want a str; Django takes any value
            choices=YEAR_OFFSETS,
            initial=0,
        ),
        "due_value": forms.CharField(
            label="Délai (après la période ou avant la réunion)",
            required=False,
            widget=forms.TextInput(attrs=NUMBER),
        ),
        "due_unit": forms.ChoiceField(
            label="Unité du délai",
            required=False,
            choices=[("", "—"), *due_rules.UNIT_LABELS.items()],
        ),
        "due_body": forms.CharField(
            label="Instance (avant chaque réunion de…)", required=False, max_length=200
        ),
    }


class ClauseForm(forms.Form):
    """The parameters of one kind of clause; ``catalogue.clean`` decides, its French errors
    are shown beside the fields they are about, and what was typed is kept."""

    article = forms.CharField(
        label="Article de la convention",
        max_length=100,
        required=False,
        help_text="Ex. « art. 7 » : il est cité à côté de chaque échéance.",
    )

    def __init__(self, *args: Any, kind: catalogue.ClauseKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.params: dict[str, Any] = {}
        for param in kind.params:
            if param.type == catalogue.DUE:
                self.fields.update(_due_fields())
            else:
                self.fields[f"p_{param.name}"] = _field_for(param)

    @staticmethod
    def initial_from(params: Mapping[str, Any]) -> dict[str, Any]:
        """Form values from a clause's parameters (a suggestion pre-fills the form)."""
        initial: dict[str, Any] = {}
        for name, value in params.items():
            if name == "due" and isinstance(value, Mapping):
                for part in DUE_FIELDS:
                    if value.get(part) is not None:
                        initial[f"due_{part}"] = value[part]
            else:
                initial[f"p_{name}"] = value
        return initial

    def raw_params(self) -> dict[str, Any]:
        data = self.cleaned_data
        raw: dict[str, Any] = {}
        for param in self.kind.params:
            if param.type == catalogue.DUE:
                raw[param.name] = {
                    part: data.get(f"due_{part}")
                    for part in DUE_FIELDS
                    if data.get(f"due_{part}") not in (None, "")
                }
                if not raw[param.name].get("rule"):
                    raw[param.name] = None
            else:
                raw[param.name] = data.get(f"p_{param.name}")
        return raw

    def _field_of(self, message: str) -> tuple[bool, str | None]:
        """(whether the message is about a field, that field — None when it already shows
        an error of its own, such as Django's « Ce champ est obligatoire. »)."""
        for param in self.kind.params:
            if message.startswith(f"« {param.label} »"):
                name = "due_rule" if param.type == catalogue.DUE else f"p_{param.name}"
                return True, None if self.has_error(name) else name
        return False, None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        cleaned, errors = catalogue.clean(self.kind.code, self.raw_params())
        for message in errors:
            about_field, name = self._field_of(message)
            if about_field and name is None:
                continue
            self.add_error(name, message)
        self.params = cleaned
        return data
