"""Forms of legal holds: the rules (a reason, no end in the past) are checked again by the
actions in ``retention``; the forms give the clean values and keep what was typed."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TEXT = forms.Textarea(attrs={"rows": 3})


def _reason(label: str, help_text: str, missing: str) -> forms.CharField:
    """A reason, required, typed in a few lines; ``missing``: the message when it is not."""
    return forms.CharField(
        label=label, widget=_TEXT, help_text=help_text, error_messages={"required": missing}
    )


class HoldForm(forms.Form):
    reason = _reason(
        "Motif du gel",
        "Par exemple : réquisition judiciaire du 2 mai 2025, contentieux en cours, demande "
        "d'accès à traiter. Le motif reste attaché au gel, même levé.",
        "Indiquez le motif du gel.",
    )
    until = forms.DateField(
        label="Jusqu'au (si la fin est connue)",
        required=False,
        widget=_DATE,
        help_text="Sans date, la fiche est gardée jusqu'à la levée du gel.",
        error_messages={"invalid": "Saisissez une date valide."},
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_until(self) -> date | None:
        until = self.cleaned_data["until"]
        if until is not None and until < self.today:
            raise forms.ValidationError("La fin du gel ne peut pas être passée.")
        return until


class LiftForm(forms.Form):
    lift_reason = _reason(
        "Motif de la levée",
        "Par exemple : procédure close, demande traitée. La fiche suit de nouveau sa durée de "
        "conservation.",
        "Indiquez le motif de la levée.",
    )
