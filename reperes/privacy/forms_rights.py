"""Forms of the register of rights requests. The rules themselves (deadline, extension,
reasons) are in ``rights``: the forms check the input and give the clean values."""

from __future__ import annotations

from typing import Any

from django import forms

from reperes.fieldwork.models import Youth

from .models import Decision, RightsRequest

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REQUIRED = {"required": "Ce champ est obligatoire."}


class RequestForm(forms.ModelForm):
    pseudonym = forms.CharField(
        label="Fiche concernée (pseudonyme)",
        required=False,
        max_length=40,
        help_text="Le pseudonyme de la fiche du jeune dans le service. Laissez vide si aucune "
        "fiche n'a été trouvée.",
        widget=forms.TextInput(attrs={"list": "pseudonyms", "autocomplete": "off"}),
    )

    class Meta:
        model = RightsRequest
        fields = [
            "kind",
            "requester_kind",
            "requester_name",
            "requester_address",
            "identified_by",
            "received_on",
            "details",
        ]
        widgets = {
            "requester_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "requester_address": forms.Textarea(attrs={"rows": 3}),
            "received_on": _DATE,
            "details": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "identified_by": "Par exemple : pièce d'identité présentée à l'accueil, courrier "
            "signé accompagné d'une copie de pièce d'identité.",
            "received_on": "Le délai de réponse d'un mois court à partir de cette date.",
        }
        error_messages = dict.fromkeys(
            ("kind", "requester_kind", "requester_name", "identified_by", "received_on"), REQUIRED
        )

    def __init__(self, *args: Any, service: Any, today: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service, self.today = service, today
        self.youths = Youth.objects.filter(service=service, anonymised_on__isnull=True)

    def clean_received_on(self) -> Any:
        received = self.cleaned_data["received_on"]
        if received > self.today:
            raise forms.ValidationError("La date de réception ne peut pas être dans le futur.")
        return received

    def clean_pseudonym(self) -> Youth | None:
        pseudonym = self.cleaned_data["pseudonym"].strip()
        if not pseudonym:
            return None
        youth = self.youths.filter(pseudonym__iexact=pseudonym).first()
        if youth is None:
            raise forms.ValidationError(
                "Aucune fiche du service ne porte ce pseudonyme. Vérifiez-le, ou laissez le "
                "champ vide si aucune fiche n'a été trouvée."
            )
        return youth


class ExtendForm(forms.Form):
    extended_to = forms.DateField(label="Nouveau délai", widget=_DATE, error_messages=REQUIRED)
    extension_reason = forms.CharField(
        label="Motif de la prolongation",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Complexité ou nombre des demandes : le motif est communiqué au demandeur "
        "dans le mois qui suit la réception (RGPD, art. 12.3).",
        error_messages=REQUIRED,
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Décision",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages=REQUIRED,
    )
    decision_reason = forms.CharField(
        label="Motifs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Obligatoires pour un refus, même partiel (RGPD, art. 12.4).",
    )
    decided_on = forms.DateField(label="Décidée le", widget=_DATE, error_messages=REQUIRED)


class SentForm(forms.Form):
    letter_sent_on = forms.DateField(
        label="Réponse envoyée le", widget=_DATE, error_messages=REQUIRED
    )
