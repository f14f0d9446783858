"""The restitution of the data at the end of a convention: when and how they were returned."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from .models import Destruction


class ReturnForm(forms.Form):
    returned_on = forms.DateField(
        label="Données restituées le",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Indiquez la date de la restitution.",
            "invalid": "Saisissez une date valide (jj/mm/aaaa).",
        },
    )
    returned_how = forms.CharField(
        label="Moyen de la restitution",
        max_length=300,
        help_text="Par exemple : fichier remis en main propre sur clé chiffrée, contre récépissé.",
        error_messages={
            "required": "Indiquez comment les données ont été restituées.",
            "max_length": "300 caractères au plus.",
        },
    )

    def __init__(self, *args: Any, destruction: Destruction, today: date, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"returned_on": destruction.returned_on, "returned_how": destruction.returned_how},
        )
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_returned_on(self) -> date:
        day: date = self.cleaned_data["returned_on"]
        if day > self.today:
            raise forms.ValidationError("La restitution ne peut pas être datée dans le futur.")
        return day
