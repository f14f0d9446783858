from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q

from reperes.core.form_fields import FrenchDecimalField, choice_field, model_choice_field
from reperes.core.forms_dates import DatesInOrder
from reperes.partners.models import Deliberation

from .models import Instalment, PaymentSchedule

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class PaymentForm(forms.Form):
    instalment = forms.ModelChoiceField(
        queryset=Instalment.objects.none(),
        label="Échéance",
        empty_label="Choisissez l'échéance",
        error_messages={"invalid_choice": "Cette échéance n'est plus ouverte aux versements."},
    )
    paid_on = forms.DateField(label="Versé le", widget=DATE_WIDGET)
    amount = FrenchDecimalField(
        label="Montant versé (€)",
        help_text="Par exemple 147 000,00 ; un versement partiel est admis.",
    )
    reference = forms.CharField(
        label="Référence (mandat, virement)", required=False, max_length=120
    )

    def __init__(self, *args: Any, schedule: PaymentSchedule, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "instalment").queryset = open_instalments(schedule)
        self.fields["instalment"].label_from_instance = _instalment_choice  # type: ignore[attr-defined]  # a ModelChoiceField, labelled per form
        self.schedule = schedule

    def clean_instalment(self) -> Instalment:
        instalment: Instalment = self.cleaned_data["instalment"]
        if not instalment.is_open():
            raise ValidationError("Cette échéance est entièrement versée.")
        return instalment


def open_instalments(schedule: PaymentSchedule) -> Any:
    """Instalments a payment can still be recorded on."""
    return schedule.instalments.filter(refused_reason="", amount__gt=0).filter(
        Q(paid_amount__isnull=True) | Q(paid_amount__lt=F("amount"))
    )


def _instalment_choice(instalment: Instalment) -> str:
    from reperes.rules.allocation import format_eur

    rest = format_eur(instalment.remaining)
    return f"{instalment.label} — reste {rest}"


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="Année", coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "year").choices = [(y, str(y)) for y in years]
        self.fields["year"].error_messages["invalid_choice"] = (
            "Aucun financement n'est enregistré pour cette année."
        )


class GenerateForm(YearForm):
    pass


class CallForFundsForm(YearForm):
    issued_on = forms.DateField(label="Émis le", widget=DATE_WIDGET)
    number = forms.CharField(
        label="Numéro",
        required=False,
        max_length=30,
        help_text="Laissez vide pour le numéro suivant (ex. 2017-001).",
    )


class EvolutionForm(YearForm):
    rate_percent = FrenchDecimalField(
        label="Taux d'évolution voté (%)",
        places=3,
        suffix="%",
        help_text="Par exemple 1,5 ou -0,8. Il s'applique au financement de l'année suivante.",
    )
    deliberation = forms.ModelChoiceField(
        queryset=Deliberation.objects.none(),
        required=False,
        label="Délibération",
        empty_label="Non renseignée",
    )
    note = forms.CharField(
        label="Observations", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, deliberations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].label = "Financement de référence (année)"
        model_choice_field(self, "deliberation").queryset = deliberations


class RestitutionForm(DatesInOrder, YearForm):
    amount = FrenchDecimalField(label="Montant à restituer (€)")
    reason = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 3}))
    requested_on = forms.DateField(label="Demandée le", widget=DATE_WIDGET)
    received_on = forms.DateField(label="Reçue le", required=False, widget=DATE_WIDGET)
    dates_in_order = (
        (
            "requested_on",
            "received_on",
            "Une restitution ne peut être reçue avant d'être demandée.",
        ),
    )
