from __future__ import annotations

from typing import Any

from django import forms

from reperes.core.form_fields import model_choice_field
from reperes.governance.models import Meeting
from reperes.partners.models import Organisation
from reperes.reporting.catalogue import BY_CODE

from .actions import SHEET_TEXTS, IndicatorInput
from .models import DiagnosticVersion, ThemeSheet

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class SheetForm(forms.ModelForm):
    partners = forms.ModelMultipleChoiceField(
        label="Partenaires", queryset=Organisation.objects.none(), required=False
    )
    actions_text = forms.CharField(
        label="Actions suivies (une par ligne)", widget=TEXTAREA, required=False
    )
    indicators_text = forms.CharField(
        label="Indicateurs d'évaluation suivis (un par ligne ; « libellé | code Repères »)",
        widget=TEXTAREA,
        required=False,
        help_text="Le code relie l'indicateur à un indicateur de Repères, par ex. "
        "« Familles accompagnées | families.engaged ».",
    )

    class Meta:
        model = ThemeSheet
        fields = ["theme", "year", "years_text", "pilot", *SHEET_TEXTS, "source"]
        widgets = dict.fromkeys(SHEET_TEXTS, TEXTAREA)

    def __init__(self, *args: Any, convention: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parties = Organisation.objects.filter(
            pk__in=convention.parties.values("organisation")
        ).order_by("name")
        model_choice_field(self, "pilot").queryset = parties
        model_choice_field(self, "partners").queryset = parties
        if self.instance.pk:
            self.fields["partners"].initial = list(self.instance.partners.all())
            self.fields["actions_text"].initial = "\n".join(
                a.title for a in self.instance.actions.all()
            )
            self.fields["indicators_text"].initial = "\n".join(
                f"{i.label} | {i.catalogue_code}" if i.catalogue_code else i.label
                for i in self.instance.indicators.all()
            )

    def clean_indicators_text(self) -> list[IndicatorInput]:
        items = []
        for number, line in enumerate(self.cleaned_data["indicators_text"].splitlines(), 1):
            if not line.strip():
                continue
            label, _, code = line.partition("|")
            code = code.strip()
            if code and code not in BY_CODE:
                raise forms.ValidationError(
                    f"Ligne {number} : « {code} » n'est pas un code d'indicateur de Repères."
                )
            items.append(IndicatorInput(label=label.strip(), catalogue_code=code))
        return items

    def clean_actions_text(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["actions_text"].splitlines() if line.strip()
        ]

    def validate_unique(self) -> None:
        # The sheet's convention is set by the action, which checks uniqueness in the database.
        pass


class DecideThemesForm(forms.Form):
    year = forms.IntegerField(label="Année des thèmes", min_value=1990, max_value=2100)
    themes = forms.CharField(
        label="Thèmes de coopération retenus (un par ligne)",
        widget=TEXTAREA,
        help_text="Un thème qui avait une fiche l'année précédente est reconduit avec son contenu.",
    )

    def clean_themes(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["themes"].splitlines() if line.strip()]


class DiagnosticVersionForm(forms.Form):
    year = forms.IntegerField(label="Année décrite", min_value=1990, max_value=2100)
    authors = forms.CharField(label="Rédigé par", max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, heading in DiagnosticVersion.TEXT_SECTIONS:
            self.fields[name] = forms.CharField(label=heading, widget=TEXTAREA, required=False)


class ValidateForm(forms.Form):
    """The meeting a diagnostic version was validated at: one of ``meetings``
    (``actions.validation_meetings`` of the diagnostic and the user)."""

    meeting: forms.ModelChoiceField[Meeting] = forms.ModelChoiceField(
        label="Réunion de validation", queryset=None
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "meeting").queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: (  # type: ignore[attr-defined]  # a ModelChoiceField, labelled per form
            f"{m.body.name} — {m.day:%d/%m/%Y}"
        )
