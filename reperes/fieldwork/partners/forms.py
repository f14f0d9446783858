"""Forms of the partner directory, partnership actions and observations; an observation that
names a person (phone, e-mail, pseudonym) is refused (seed 001 art. 5: general terms only)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from reperes.core.form_fields import DATE_WIDGET, choice_field, model_choice_field
from reperes.core.locking import LockedFormMixin
from reperes.fieldwork.enums import (
    ObservationTopic,
    PartnerKind,
)
from reperes.fieldwork.form_fields import (
    DATE_ERRORS,
    french_decimal,
    not_in_future,
    resolve_where,
    service_communes,
    taken_by_another,
    where_choices,
    where_field,
    where_value,
)
from reperes.fieldwork.partners.models import Observation, Partner
from reperes.fieldwork.youths.models import Youth
from reperes.partners.models import Organisation, Service


# ---------------------------------------------------------------- partners
class PartnerForm(LockedFormMixin, forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "kind", "organisation", "commune", "contact"]
        labels = {"organisation": "Organisation de l'annuaire (facultatif)"}
        help_texts = {
            "contact": "Coordonnées professionnelles seulement (standard, service, courriel "
            "de la structure). Jamais un jeune ni une famille.",
        }
        error_messages = {
            "name": {"required": "Indiquez le nom du partenaire."},
            "kind": {"required": "Choisissez la nature du partenaire."},
        }

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        choice_field(self, "kind").choices = [("", "—"), *PartnerKind.choices]
        model_choice_field(self, "organisation").queryset = Organisation.objects.order_by("name")
        model_choice_field(self, "commune").queryset = service_communes(service)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        same = Partner.objects.filter(service=self.service, name__iexact=name)
        if taken_by_another(same, self.instance):
            raise ValidationError("Ce partenaire figure déjà dans l'annuaire du service.")
        return name


class PartnershipActionForm(LockedFormMixin, forms.Form):
    date = forms.DateField(label="Date", widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    title = forms.CharField(
        label="Objet",
        max_length=300,
        help_text="Ex. « Réunion de la cellule de veille éducative », « Co-construction du "
        "chantier d'été ».",
        error_messages={"required": "Indiquez l'objet de l'action."},
    )
    partners = forms.ModelMultipleChoiceField(
        label="Partenaires",
        queryset=Partner.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choisissez au moins un partenaire de l'annuaire.",
            "invalid_choice": "Choisissez des partenaires de l'annuaire du service.",
        },
    )
    hours = french_decimal("Durée (heures)", max_value=Decimal("999.99"))

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "partners").queryset = Partner.objects.filter(service=service)


# ---------------------------------------------------------------- observations
GENERAL_TERMS = (
    "Rédigez en termes généraux : ni nom, ni détail permettant de reconnaître une personne."
)
_PHONE = re.compile(r"(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PSEUDONYM = re.compile(r"\bJ-[A-Z2-9]{6}\b", re.IGNORECASE)


class ObservationForm(LockedFormMixin, forms.ModelForm):
    where = where_field()

    class Meta:
        model = Observation
        fields = ["observed_on", "topic", "text", "shareable"]
        widgets = {
            "observed_on": DATE_WIDGET,
            "text": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {"text": "Observation"}
        help_texts = {"text": GENERAL_TERMS}
        error_messages = {
            "observed_on": DATE_ERRORS,
            "topic": {"required": "Choisissez le thème de l'observation."},
            "text": {"required": "Écrivez l'observation."},
        }

    field_order = ["observed_on", "topic", "where", "text", "shareable"]

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        choice_field(self, "topic").choices = [("", "—"), *ObservationTopic.choices]
        choice_field(self, "where").choices = where_choices(service)
        if self.instance.pk:
            self.initial.setdefault(
                "where", where_value(self.instance.commune, self.instance.quartier)
            )

    def clean_observed_on(self) -> date:
        return not_in_future(self.cleaned_data["observed_on"])

    def clean_text(self) -> str:
        """Seed 001 art. 5: only general information is shared. Refuse what obviously points
        at a person: a phone number, an e-mail address, a youth's pseudonym."""
        text = self.cleaned_data["text"].strip()
        if _PHONE.search(text):
            raise ValidationError(
                "Retirez le numéro de téléphone : une observation se rédige en termes généraux."
            )
        if _EMAIL.search(text):
            raise ValidationError(
                "Retirez l'adresse électronique : une observation se rédige en termes généraux."
            )
        if _PSEUDONYM.search(text) or self._names_a_youth(text):
            raise ValidationError(
                "Retirez le pseudonyme du jeune : une observation porte sur le territoire, "
                "pas sur une personne."
            )
        return text

    def _names_a_youth(self, text: str) -> bool:
        words = {w.lower() for w in re.findall(r"[\w-]{3,}", text)}
        if not words:
            return False
        pseudonyms = Youth.objects.filter(service=self.service).values_list("pseudonym", flat=True)
        return any(p.lower() in words for p in pseudonyms)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "where" in data:
            self.instance.commune, self.instance.quartier = resolve_where(data["where"])
        return data
