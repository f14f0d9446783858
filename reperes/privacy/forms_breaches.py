from __future__ import annotations

from typing import Any

from django import forms

from reperes.core.form_fields import choice_field

from .models import Breach, BreachNotification, Recipient

_DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class BreachForm(forms.ModelForm):
    class Meta:
        model = Breach
        fields = [
            "discovered_at",
            "facts",
            "data_categories",
            "people_categories",
            "window_start",
            "window_end",
            "consequences",
            "measures",
        ]
        widgets = {
            "discovered_at": _DT,
            "window_start": _DT,
            "window_end": _DT,
        }
        help_texts = {
            "window_start": "Les fiches lues entre ces deux dates sont comptées dans le journal "
            "des accès : c'est le nombre de personnes concernées.",
        }
        error_messages = {
            f: {"required": "Ce champ est obligatoire."}
            for f in ("discovered_at", "facts", "data_categories", "people_categories")
        }

    def __init__(self, *args: Any, now: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = now

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("window_start"), data.get("window_end")
        if bool(start) != bool(end):
            raise forms.ValidationError(
                "Indiquez les deux bornes de la période examinée, ou aucune."
            )
        if start and end and start >= end:
            self.add_error("window_end", "La fin de la période doit suivre son début.")
        discovered = data.get("discovered_at")
        if discovered and self.now and discovered > self.now:
            self.add_error("discovered_at", "La découverte ne peut pas être dans le futur.")
        return data


class NotificationForm(forms.ModelForm):
    class Meta:
        model = BreachNotification
        fields = ["recipient", "at", "means", "reference"]
        widgets = {"at": _DT}
        error_messages = {
            f: {"required": "Ce champ est obligatoire."} for f in ("recipient", "at", "means")
        }

    def __init__(self, *args: Any, breach: Breach, now: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.breach, self.now = breach, now
        choice_field(self, "recipient").choices = Recipient.choices

    def clean_at(self) -> Any:
        at = self.cleaned_data["at"]
        if self.now and at > self.now:
            raise forms.ValidationError("La notification ne peut pas être datée dans le futur.")
        if at < self.breach.declared_at.replace(second=0, microsecond=0):
            raise forms.ValidationError("La notification ne peut précéder la déclaration.")
        return at
