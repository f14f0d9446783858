from __future__ import annotations

from datetime import datetime, time
from email.utils import getaddresses
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from reperes.conventions.models import Convention
from reperes.core.form_fields import model_choice_field
from reperes.core.formsets import InputFormSet, formset_of
from reperes.core.locking import EMPTY, LockedFormMixin
from reperes.core.uploads import guard_pdf
from reperes.partners.models import Organisation

from . import rules
from .actions import BODY_FIELDS, AttendanceInput, DocumentInput, InviteeInput, SeatInput
from .models import Body

PARIS = ZoneInfo("Europe/Paris")
DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"type": "time"})
MAX_INVITEES = 100


def party_organisations(convention: Convention) -> Any:
    return Organisation.objects.filter(parties__convention=convention).order_by("name")


def check_pdf(document: Any) -> Any:
    """The platform's upload guard (reperes/core/uploads.py): a PDF without active content,
    stored under a random name."""
    return guard_pdf(document)


class BodyForm(LockedFormMixin, forms.ModelForm):
    """A body and, beside it, its composition (two formsets): an edit refuses a stale version,
    the composition counted among what may have changed in between."""

    class Meta:
        model = Body
        fields = BODY_FIELDS  # what create_body and update_body take
        widgets = {
            "composition_note": forms.Textarea(attrs={"rows": 3}),
            "functions": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "meetings_per_year": "Vide : déduit du rythme tel qu'écrit quand c'est possible ; "
            "laissez vide si la convention ne fixe aucun rythme.",
        }

    def __init__(self, *args: Any, convention: Convention, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.convention = convention
        organiser = model_choice_field(self, "organiser")
        organiser.queryset = convention.parties.select_related("organisation")
        organiser.label_from_instance = lambda party: str(party.organisation)  # type: ignore[method-assign, assignment]  # set on the instance: no self
        organiser.error_messages["invalid_choice"] = (
            "L'organisateur d'une instance doit être partie à la convention."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = data.get("frequency_text", "")
        if data.get("meetings_per_year") is None and text:
            parsed = rules.frequency_from_text(text)
            if parsed is not None:
                data["meetings_per_year"] = parsed.meetings_per_year
                data["minimum"] = data.get("minimum") or parsed.minimum
                data["regular_interval"] = data.get("regular_interval") or parsed.regular
        count = data.get("meetings_per_year")
        if count is None and data.get("minimum"):
            self.add_error(
                "meetings_per_year",
                "Indiquez le nombre de réunions par an, ou décochez « au moins ».",
            )
        if data.get("regular_interval") and count not in rules.REGULAR_COUNTS:
            self.add_error(
                "regular_interval",
                "Un intervalle régulier suppose 1, 2, 3, 4, 6 ou 12 réunions par an.",
            )
        return data

    def body_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def labels(self) -> dict[str, str]:
        labels = super().labels()
        if self.instance.pk is not None:
            labels["composition"] = "Composition et documents à transmettre"
        return labels

    def snapshot(self) -> dict[str, tuple[Any, str]]:
        values = super().snapshot()
        body = self.instance
        if body.pk is not None:
            seats = [[s.label, s.organisation_id, s.count] for s in body.seats.order_by("order")]
            documents = [
                [d.title, d.due_days_before, d.note] for d in body.document_requirements.all()
            ]
            shown = [f"{label} ({count})" for label, _org, count in seats]
            shown += [f"{title} (J-{days})" for title, days, _note in documents]
            values["composition"] = (
                {"seats": seats, "documents": documents},
                " ; ".join(shown) or EMPTY,
            )
        return values


class _PartyRowForm(forms.Form):
    """A formset row about one of the convention's parties (a seat, an attendance): its
    ``organisation`` field offers them; a row whose ``named_by`` field is empty is left out
    (``to_input`` is None), else ``row_input`` makes the action's input of it."""

    named_by = ""

    def __init__(self, *args: Any, convention: Convention, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organisation").queryset = party_organisations(convention)

    def to_input(self) -> Any:
        data = self.cleaned_data
        if not data.get(self.named_by):
            return None
        organisation = data.get("organisation")
        return self.row_input(data, organisation.pk if organisation else None)

    def row_input(self, data: dict[str, Any], organisation_id: int | None) -> Any:
        raise NotImplementedError


class SeatForm(_PartyRowForm):
    label = forms.CharField(
        label="Membre (tel qu'écrit)",
        max_length=300,
        required=False,
        help_text="Ex. « Le maire et/ou son représentant ».",
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Organisation", required=False
    )
    count = forms.IntegerField(label="Nombre de sièges", min_value=1, initial=1, required=False)
    named_by = "label"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("label") and (data.get("organisation") or (data.get("count") or 1) > 1):
            self.add_error("label", "Décrivez ce membre comme la convention le nomme.")
        return data

    def row_input(self, data: dict[str, Any], organisation_id: int | None) -> SeatInput:
        return SeatInput(
            label=data["label"], organisation_id=organisation_id, count=data.get("count") or 1
        )


class BaseSeatFormSet(InputFormSet):
    duplicate_of = "label"
    duplicate_message = "Un même membre figure deux fois dans la composition."


SeatFormSet = formset_of(SeatForm, BaseSeatFormSet, extra=3, max_num=40)


class RequirementForm(forms.Form):
    title = forms.CharField(
        label="Document à transmettre avant chaque réunion", max_length=200, required=False
    )
    due_days_before = forms.IntegerField(
        label="Jours avant la réunion", min_value=0, max_value=365, initial=1, required=False
    )
    note = forms.CharField(label="Précision", max_length=300, required=False)

    def to_input(self) -> DocumentInput | None:
        data = self.cleaned_data
        if not data.get("title"):
            return None
        due = data.get("due_days_before")
        return DocumentInput(data["title"], 1 if due is None else due, data.get("note", ""))


class BaseRequirementFormSet(InputFormSet):
    duplicate_of = "title"
    duplicate_message = "Un même document est demandé deux fois."


RequirementFormSet = formset_of(RequirementForm, BaseRequirementFormSet, extra=1, max_num=10)


class MeetingForm(forms.Form):
    day = forms.DateField(label="Date", widget=DATE_WIDGET)
    start = forms.TimeField(label="Heure de début", widget=TIME_WIDGET)
    end = forms.TimeField(
        label="Heure de fin", widget=TIME_WIDGET, required=False, help_text="Vide : deux heures."
    )
    place = forms.CharField(label="Lieu", max_length=300, required=False)
    agenda = forms.CharField(
        label="Ordre du jour", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", "La fin de la réunion doit suivre son début.")
        return data

    @staticmethod
    def _aware(day: Any, moment: time) -> datetime:
        return datetime.combine(day, moment, tzinfo=PARIS)

    def meeting_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "starts_at": self._aware(data["day"], data["start"]),
            "ends_at": self._aware(data["day"], data["end"]) if data.get("end") else None,
            "place": data["place"],
            "agenda": data["agenda"],
        }


class InviteForm(forms.Form):
    addresses = forms.CharField(
        label="Personnes à inviter",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Une adresse par ligne, éventuellement précédée du nom : "
        "« Prénom Nom <prenom.nom@exemple.fr> ».",
    )

    def clean_addresses(self) -> list[InviteeInput]:
        raw = self.cleaned_data["addresses"]
        lines = [line.strip() for line in raw.replace(";", "\n").splitlines() if line.strip()]
        invitees, invalid = [], []
        for line in lines:
            parsed = [(n, a) for n, a in getaddresses([line]) if a]
            if not parsed:
                invalid.append(line)
                continue
            for name, address in parsed:
                try:
                    validate_email(address)
                except ValidationError:
                    invalid.append(address)
                    continue
                invitees.append(InviteeInput(email=address, name=name.strip()))
        if invalid:
            plural = "s" if len(invalid) > 1 else ""
            listed = ", ".join(f"« {x} »" for x in invalid)
            raise ValidationError(f"Adresse{plural} invalide{plural} : {listed}.")
        if not invitees:
            raise ValidationError("Indiquez au moins une adresse électronique.")
        if len(invitees) > MAX_INVITEES:
            raise ValidationError(f"Pas plus de {MAX_INVITEES} personnes à la fois.")
        return invitees


class AttendanceForm(_PartyRowForm):
    name = forms.CharField(label="Nom", max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Organisation", required=False
    )
    present = forms.BooleanField(label="Présent·e", required=False, initial=True)
    represented_by = forms.CharField(label="Représenté·e par", max_length=200, required=False)
    named_by = "name"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("present") and data.get("represented_by"):
            self.add_error("represented_by", "Une personne présente n'a pas à être représentée.")
        if not data.get("name") and (data.get("organisation") or data.get("represented_by")):
            self.add_error("name", "Indiquez le nom de la personne.")
        return data

    def row_input(self, data: dict[str, Any], organisation_id: int | None) -> AttendanceInput:
        return AttendanceInput(
            name=data["name"],
            organisation_id=organisation_id,
            present=bool(data.get("present")),
            represented_by=data.get("represented_by", ""),
        )


class BaseAttendanceFormSet(InputFormSet):
    duplicate_of = "name"
    duplicate_message = "Une même personne figure deux fois sur la feuille de présence."

    def clean(self) -> None:
        if not any(self.errors) and not self.inputs():
            raise ValidationError(
                "La feuille de présence est vide : indiquez au moins une personne."
            )
        super().clean()


AttendanceFormSet = formset_of(AttendanceForm, BaseAttendanceFormSet, extra=3, max_num=100)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label="Compte rendu", required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    decisions = forms.CharField(
        label="Décisions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Une décision par ligne.",
    )
    minutes_file = forms.FileField(label="Compte rendu signé (PDF)", required=False)

    def clean_minutes_file(self) -> Any:
        return check_pdf(self.cleaned_data.get("minutes_file"))

    def inputs(self) -> dict[str, Any]:
        """What ``actions.record_minutes`` records: the decisions are one a line."""
        data = self.cleaned_data
        return {
            "minutes": data["minutes"],
            "decisions": [line.strip() for line in data["decisions"].splitlines() if line.strip()],
            "minutes_file": data["minutes_file"],
        }


class DocumentAddForm(forms.Form):
    title = forms.CharField(label="Document attendu", max_length=200)
    due_days_before = forms.IntegerField(
        label="À transmettre combien de jours avant la réunion",
        min_value=0,
        max_value=365,
        initial=1,
    )


class DocumentReceiveForm(forms.Form):
    received_on = forms.DateField(label="Reçu le", widget=DATE_WIDGET)
    file = forms.FileField(label="Fichier (PDF, facultatif)", required=False)

    def clean_file(self) -> Any:
        return check_pdf(self.cleaned_data.get("file"))


class CancelForm(forms.Form):
    reason = forms.CharField(label="Motif (facultatif)", max_length=300, required=False)
