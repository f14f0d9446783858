"""The DPO's completion of the pre-filled DPIA: one field per dotted box of the document."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from . import dpia


class DpiaCompletionForm(forms.Form):
    completed_on = forms.DateField(
        label="Analyse datée du", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        for key, label in (
            *dpia.CONTEXT_QUESTIONS,
            *dpia.PRINCIPLE_QUESTIONS,
            *dpia.VALIDATION_QUESTIONS,
        ):
            self.fields[key] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        choices = [("", "À évaluer"), *dpia.LEVELS]
        for index, (title, _example) in enumerate(dpia.RISKS):
            gravity, likelihood, measures = dpia.risk_keys(index)
            self.fields[gravity] = forms.ChoiceField(
                label=f"{title} : gravité", choices=choices, required=False
            )
            self.fields[likelihood] = forms.ChoiceField(
                label=f"{title} : vraisemblance", choices=choices, required=False
            )
            self.fields[measures] = forms.CharField(
                label=f"{title} : mesures complémentaires",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean_completed_on(self) -> date:
        day: date = self.cleaned_data["completed_on"]
        if day > self.today:
            raise forms.ValidationError("L'analyse ne peut pas être datée d'un jour à venir.")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("decision") or "").strip() and not (data.get("opinion") or "").strip():
            self.add_error(
                "opinion",
                "La décision du responsable de traitement suit l'avis du délégué : "
                "saisissez l'avis.",
            )
        return data

    def answers(self) -> dict[str, str]:
        return {k: (self.cleaned_data.get(k) or "").strip() for k in dpia.answer_keys()}
