"""Forms of the personnel pages: French messages, French decimals ("0,5"), typed values kept."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from reperes.core.form_fields import DATE_WIDGET, DECIMAL_ATTRS, localized_decimal
from reperes.core.forms_dates import not_before
from reperes.core.locking import LockedFormMixin
from reperes.core.uploads import guard_pdf

from .actions import STAFF_FIELDS
from .enums import ChangeRequestKind, DocumentKind, StaffCategory
from .models import MAX_YEAR, MIN_YEAR, StaffMember


def fte_field(label: str, *, required: bool = True, max_value: Decimal | None = None) -> Any:
    """A French decimal ("3,83"), typed as text so that the comma is accepted everywhere."""
    return localized_decimal(
        label,
        max_value=max_value,
        max_digits=5,
        required=required,
        error_messages={
            "invalid": "Saisissez un nombre, par exemple 0,5 ou 3,83.",
            "min_value": "Un effectif ne peut pas être négatif.",
            "max_value": "Le temps de travail d'une personne est compris entre 0 et 1 ETP.",
            "max_decimal_places": "Deux décimales au plus (ex. 3,83).",
        },
    )


def date_field(label: str, required: str) -> forms.DateField:
    """A date picked in the browser's calendar; ``required``: the French message when it is
    left empty."""
    return forms.DateField(
        label=label,
        widget=DATE_WIDGET,
        error_messages={"required": required, "invalid": "Saisissez une date valide."},
    )


def year_field(label: str = "Année", **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages={
            "invalid": "Saisissez une année, par exemple 2025.",
            "min_value": f"L'année doit être comprise entre {MIN_YEAR} et {MAX_YEAR}.",
            "max_value": f"L'année doit être comprise entre {MIN_YEAR} et {MAX_YEAR}.",
        },
        **kwargs,
    )


def check_pdf(document: Any) -> Any:
    """The platform's upload guard (reperes/core/uploads.py): a PDF under the size limit,
    without active content; the stored name is random (see the models' upload paths)."""
    return guard_pdf(document)


class StaffingTableForm(forms.Form):
    """The table of one year: one field per category, empty when the category is absent."""

    year = year_field()
    source = forms.CharField(
        label="Source",
        max_length=300,
        help_text="Ex. « Convention 2023-2025, article 5 » ou « Budget approuvé 2025 ».",
        error_messages={
            "required": "Indiquez d'où vient ce tableau (convention, budget approuvé)."
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in StaffCategory.choices:
            self.fields[f"fte_{value}"] = fte_field(f"{label} (ETP)", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.planned() and not self.errors:
            raise ValidationError("Indiquez l'effectif prévu d'au moins une catégorie.")
        return data

    def planned(self) -> dict[str, Decimal]:
        data = getattr(self, "cleaned_data", {})
        return {
            value: data[f"fte_{value}"]
            for value in StaffCategory.values
            if data.get(f"fte_{value}") is not None
        }

    def inputs(self) -> dict[str, Any]:
        """What ``actions.set_staffing_table`` records: the year, the FTE planned per
        category, the source."""
        data = self.cleaned_data
        return {"year": data["year"], "planned": self.planned(), "source": data["source"]}


class StaffMemberForm(LockedFormMixin, forms.ModelForm):
    """Adds or edits a register entry; an edit refuses a stale version (``LockedFormMixin``)."""

    fte = fte_field("ETP", max_value=Decimal(1))

    class Meta:
        model = StaffMember
        fields = list(STAFF_FIELDS)
        widgets = {"arrival": DATE_WIDGET, "departure": DATE_WIDGET}
        error_messages = {
            "display_name": {"required": "Indiquez le nom de la personne."},
            "job_title": {"required": "Indiquez la fonction."},
            "category": {"required": "Choisissez la catégorie du tableau des effectifs."},
            "arrival": {
                "required": "Indiquez la date d'arrivée dans le service.",
                "invalid": "Saisissez une date valide.",
            },
            "departure": {"invalid": "Saisissez une date valide."},
        }

    def clean_fte(self) -> Decimal:
        fte = self.cleaned_data["fte"]
        if fte <= 0:
            raise ValidationError(
                "Le temps de travail d'une personne est compris entre 0 et 1 ETP."
            )
        return fte

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        not_before(self, "arrival", "departure", "Le départ ne peut pas précéder l'arrivée.")
        if data.get("counts_for_presence") and data.get("category") not in (
            None,
            StaffCategory.SOCIAL_WORKER,
        ):
            # Only educators' presence enters the prorata (seed 004 art. 6): not an error, the
            # rules ignore it; unchecking keeps the register honest.
            data["counts_for_presence"] = False
        return data


class DepartureForm(LockedFormMixin, forms.Form):
    departure = date_field("Dernier jour travaillé", "Indiquez le dernier jour travaillé.")

    def __init__(self, *args: Any, member: StaffMember, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"departure": member.departure})
        super().__init__(*args, version=member.version, **kwargs)
        self.member = member

    def clean_departure(self) -> Any:
        departure = self.cleaned_data["departure"]
        if departure < self.member.arrival:
            raise ValidationError(
                f"Le départ ne peut pas précéder l'arrivée ({self.member.arrival:%d/%m/%Y})."
            )
        return departure


class ChangeRequestForm(forms.Form):
    kind = forms.ChoiceField(label="Nature", choices=ChangeRequestKind.choices)
    title = forms.CharField(
        label="Objet",
        max_length=300,
        error_messages={"required": "Indiquez l'objet de la demande."},
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    amount = forms.DecimalField(
        label="Montant (€)",
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs=DECIMAL_ATTRS),
        help_text="Pour un investissement ou un emprunt.",
        error_messages={
            "invalid": "Saisissez un montant, par exemple 12 500,00.",
            "min_value": "Un montant ne peut pas être négatif.",
        },
    )
    category = forms.ChoiceField(
        label="Catégorie concernée",
        choices=[("", "—"), *StaffCategory.choices],
        required=False,
        help_text="Pour une modification du tableau des effectifs.",
    )
    year = year_field("Année du tableau", required=False)
    planned_fte = fte_field("Effectif demandé pour cette catégorie (ETP)", required=False)

    def __init__(self, *args: Any, kinds: list[str] | None = None, **kwargs: Any) -> None:
        """``kinds``: the kinds of request the conventions binding the service submit to
        prior approval (the others are not offered)."""
        super().__init__(*args, **kwargs)
        if kinds is not None:
            field = self.fields["kind"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(k, label) for k, label in ChangeRequestKind.choices if k in kinds]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ChangeRequestKind.STAFFING_CHANGE:
            if not data.get("category"):
                self.add_error("category", "Choisissez la catégorie dont l'effectif change.")
            if data.get("year") is None and "year" not in self.errors:
                self.add_error("year", "Indiquez l'année du tableau des effectifs concernée.")
            if data.get("planned_fte") is None and "planned_fte" not in self.errors:
                self.add_error("planned_fte", "Indiquez l'effectif demandé, en ETP.")
        return data


class DecisionForm(forms.Form):
    decision = forms.TypedChoiceField(
        label="Décision",
        choices=[("approve", "Accord écrit"), ("refuse", "Refus")],
        coerce=lambda value: value == "approve",
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez l'accord ou le refus."},
    )
    decided_on = date_field("Date de la décision", "Indiquez la date de la décision.")
    decision_text = forms.CharField(
        label="Texte de la décision",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "L'accord ou le refus est donné par écrit : saisissez-le."},
    )
    written_decision = forms.FileField(label="Décision signée (PDF, facultatif)", required=False)

    def __init__(self, *args: Any, request_obj: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"decided_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.request_obj = request_obj

    def clean_written_decision(self) -> Any:
        return check_pdf(self.cleaned_data.get("written_decision"))

    def inputs(self) -> dict[str, Any]:
        """What ``actions.decide_change_request`` records: whether the request is approved,
        and the decision's date, text and signed copy (the fields of the same names)."""
        data = self.cleaned_data
        written = ("decided_on", "decision_text", "written_decision")
        return {"approve": data["decision"], **{name: data[name] for name in written}}

    def clean_decided_on(self) -> Any:
        decided_on = self.cleaned_data["decided_on"]
        if decided_on < self.request_obj.requested_on:
            raise ValidationError("La décision ne peut pas précéder la demande.")
        if decided_on > timezone.localdate():
            raise ValidationError("La date de la décision ne peut pas être dans le futur.")
        return decided_on


class FinancialDocumentForm(forms.Form):
    kind = forms.ChoiceField(label="Nature", choices=DocumentKind.choices)
    year = year_field(
        "Année concernée",
        help_text="Budget prévisionnel : l'année budgétée (N+1). Comptes : l'exercice clos "
        "(N-1). État des effectifs : l'année décrite.",
    )
    received_on = date_field("Reçu le", "Indiquez la date de réception.")
    file = forms.FileField(
        label="Document (PDF)",
        error_messages={"required": "Joignez le document en PDF."},
    )
    certified_by = forms.CharField(
        label="Certifié par",
        required=False,
        max_length=300,
        help_text="Commissaire aux comptes : obligatoire pour des comptes certifiés.",
    )

    def clean_file(self) -> Any:
        return check_pdf(self.cleaned_data.get("file"))

    def clean_received_on(self) -> Any:
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise ValidationError("La date de réception ne peut pas être dans le futur.")
        return received_on

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("kind") == DocumentKind.CERTIFIED_STATEMENTS
            and not data.get("certified_by", "").strip()
        ):
            self.add_error(
                "certified_by", "Indiquez le commissaire aux comptes qui certifie les comptes."
            )
        return data
