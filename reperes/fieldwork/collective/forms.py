"""The collective-action form and its formset of participants counted by gender, age band and
quartier."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from reperes.core.form_fields import DATE_WIDGET, choice_field, model_choice_field
from reperes.core.forms_dates import not_before
from reperes.core.locking import EMPTY, LockedFormMixin
from reperes.fieldwork.collective.models import CollectiveAction
from reperes.fieldwork.enums import (
    AgeBand,
    CollectiveCategory,
    Gender,
)
from reperes.fieldwork.form_fields import french_decimal
from reperes.fieldwork.partners.models import Partner
from reperes.fieldwork.youths.models import Youth
from reperes.partners.models import Quartier, Service


# ---------------------------------------------------------------- collective actions
class CollectiveActionForm(LockedFormMixin, forms.ModelForm):
    amount = french_decimal("Montant (€)", max_value=Decimal("99999999.99"))

    class Meta:
        model = CollectiveAction
        fields = [
            "title",
            "category",
            "started_on",
            "ended_on",
            "participants",
            "families_count",
            "partners",
            "funding",
            "amount",
        ]
        widgets = {
            "started_on": DATE_WIDGET,
            "ended_on": DATE_WIDGET,
            "participants": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
            "families_count": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        }
        labels = {
            "participants": "Jeunes connus du service (par pseudonyme)",
            "families_count": "Nombre de familles concernées",
            "funding": "Financement (libellé)",
        }
        help_texts = {
            "funding": "Ex. « Appel à projets politique de la ville 2025 ».",
        }
        error_messages = {
            "title": {"required": "Indiquez l'intitulé de l'action."},
            "category": {"required": "Choisissez la catégorie de l'action."},
            "started_on": {"required": "Indiquez la date de début.", "invalid": "Date invalide."},
            "ended_on": {"invalid": "Saisissez une date valide."},
            "families_count": {
                "invalid": "Saisissez un nombre entier.",
                "min_value": "Un nombre de familles ne peut pas être négatif.",
            },
        }

    def __init__(self, *args: Any, user: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "category").choices = [("", "—"), *CollectiveCategory.choices]
        # Anonymised records are not offered; those already taking part stay (the action's
        # reports of past periods count them).
        taking_part = Q(pk__in=self.instance.participants.all()) if self.instance.pk else Q()
        model_choice_field(self, "participants").queryset = (
            Youth.objects.visible_to(user)
            .filter(Q(anonymised_on__isnull=True) | taking_part)
            .order_by("pseudonym")
        )
        self.fields["participants"].error_messages["invalid_choice"] = (
            "Choisissez des jeunes connus du service."
        )
        model_choice_field(self, "partners").queryset = Partner.objects.filter(service=service)
        self.fields["partners"].error_messages["invalid_choice"] = (
            "Choisissez des partenaires de l'annuaire du service."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        not_before(
            self, "started_on", "ended_on", "La fin d'une action ne peut précéder son début."
        )
        return data

    def labels(self) -> dict[str, str]:
        labels = super().labels()
        if self.instance.pk is not None:
            labels["anonymous"] = "Participants comptés"
        return labels

    def snapshot(self) -> dict[str, tuple[Any, str]]:
        """The anonymous counts, edited beside the form, are part of what may have changed."""
        values = super().snapshot()
        if self.instance.pk is not None:
            rows = sorted(
                self.instance.anonymous_participants.values_list(
                    "gender", "age_band", "quartier__name", "count"
                ),
                key=str,
            )
            shown = [
                f"{count} ({gender} {band} {quartier or '—'})"
                for gender, band, quartier, count in rows
            ]
            values["anonymous"] = (
                {"rows": [list(row) for row in rows]},
                " ; ".join(shown) or EMPTY,
            )
        return values


class ParticipantCountForm(forms.Form):
    """One line of anonymous participants: how many, of which gender, age band, quartier."""

    gender = forms.ChoiceField(label="Genre", choices=[("", "—"), *Gender.choices], required=False)
    age_band = forms.ChoiceField(
        label="Tranche d'âge", choices=[("", "—"), *AgeBand.choices], required=False
    )
    quartier = forms.ModelChoiceField(
        label="Quartier",
        queryset=Quartier.objects.none(),
        required=False,
        empty_label="Non précisé",
        error_messages={"invalid_choice": "Choisissez un quartier du service."},
    )
    count = forms.IntegerField(
        label="Nombre",
        required=False,
        min_value=0,
        max_value=9999,
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        error_messages={
            "invalid": "Saisissez un nombre entier.",
            "min_value": "Un nombre de participants ne peut pas être négatif.",
            "max_value": "Nombre trop grand.",
        },
    )

    def __init__(self, *args: Any, quartiers: QuerySet[Quartier], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "quartier").queryset = quartiers

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("count"):
            if not data.get("gender"):
                self.add_error("gender", "Choisissez le genre (ou « Non précisé »).")
            if not data.get("age_band"):
                self.add_error("age_band", "Choisissez la tranche d'âge (ou « Âge inconnu »).")
        return data


ParticipantCountFormSet = forms.formset_factory(ParticipantCountForm, extra=3)


def participant_counts(formset: Any) -> dict[tuple[str, str, int | None], int]:
    """The non-zero lines, the same gender × age band × quartier added up."""
    counts: dict[tuple[str, str, int | None], int] = {}
    for form in formset.forms:
        data = getattr(form, "cleaned_data", {})
        if data.get("count"):
            quartier = data.get("quartier")
            key = (data["gender"], data["age_band"], quartier.pk if quartier else None)
            counts[key] = counts.get(key, 0) + data["count"]
    return counts
