"""The street-session form: nature, date, duration typed as the educator says it
(« 2h », « 1h30 », « 90 min »), where, and the youths met counted by gender and age band.
French messages; what was typed stays on the page on error."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from reperes.core.form_fields import DATE_WIDGET, choice_field, model_choice_field
from reperes.core.locking import LockedFormMixin
from reperes.fieldwork.enums import (
    AgeBand,
    Gender,
    SessionKind,
)
from reperes.fieldwork.form_fields import (
    DATE_ERRORS,
    resolve_where,
    service_communes,
    validate_not_in_future,
    where_choices,
    where_field,
)
from reperes.partners.models import Place, Service
from reperes.people.models import StaffMember

MAX_COUNT = 999
MAX_SESSION_MINUTES = 24 * 60
GENDER_PLURAL = {Gender.GIRL: "Filles", Gender.BOY: "Garçons", Gender.UNSTATED: "Genre non précisé"}


def band_key(band: str) -> str:
    """An age band as a form-field suffix: « 15-17 » → « 15_17 », « 26+ » → « 26_plus »."""
    return band.replace("-", "_").replace("+", "_plus").replace("?", "inconnu")


def count_field_name(gender: str, band: str) -> str:
    return f"n_{gender}_{band_key(band)}"


# ---------------------------------------------------------------- street sessions
_HOURS_MINUTES = re.compile(r"(\d{1,2})(?:h|:)(?:(\d{1,2})(?:min|mn|m)?)?")
_MINUTES = re.compile(r"(\d{1,4})(?:min|mn|m)")
_DECIMAL_HOURS = re.compile(r"(\d{1,2})(?:[.,](\d{1,2}))?h?")


def parse_duration(text: str) -> int | None:
    """Minutes in « 2 h », « 1 h 30 », « 1:30 », « 45 min », « 1,5 » (hours); None if unreadable."""
    s = re.sub(r"\s+", "", text.lower())
    if match := _HOURS_MINUTES.fullmatch(s):
        minutes = int(match.group(2) or 0)
        return int(match.group(1)) * 60 + minutes if minutes < 60 else None
    if match := _MINUTES.fullmatch(s):
        return int(match.group(1))
    if match := _DECIMAL_HOURS.fullmatch(s):
        hours = Decimal(f"{match.group(1)}.{match.group(2) or 0}")
        return int((hours * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return None


def format_duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


class StreetSessionForm(LockedFormMixin, forms.Form):
    """A session and its anonymous tallies: one counter per gender × age band. Given the
    session's ``version``, it edits it and refuses a stale version."""

    kind = forms.ChoiceField(
        label="Nature",
        choices=SessionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez travail de rue ou présence sociale."},
    )
    date = forms.DateField(
        label="Date",
        widget=DATE_WIDGET,
        validators=[validate_not_in_future],
        error_messages=DATE_ERRORS,
    )
    duration = forms.CharField(
        label="Durée",
        max_length=20,
        help_text="Ex. 2 h, 1 h 30 ou 45 min.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
        error_messages={"required": "Indiquez la durée de la séance, par exemple 2 h."},
    )
    where = where_field()
    place = forms.ModelChoiceField(
        label="Lieu précis (facultatif)",
        queryset=Place.objects.none(),
        required=False,
        empty_label="—",
        error_messages={"invalid_choice": "Choisissez un lieu du service."},
    )
    educators = forms.ModelMultipleChoiceField(
        label="Éducateurs présents",
        queryset=StaffMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choisissez des personnes du service."},
    )

    def __init__(self, *args: Any, service: Service, on: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        choice_field(self, "where").choices = where_choices(service)
        places = Place.objects.filter(commune__in=service_communes(service)).select_related(
            "commune"
        )
        model_choice_field(self, "place").queryset = places
        if not places.exists():
            del self.fields["place"]
        selected = self.initial.get("educators") or []
        model_choice_field(self, "educators").queryset = StaffMember.objects.filter(
            Q(service=service)
            & (
                (Q(arrival__lte=on) & (Q(departure__isnull=True) | Q(departure__gte=on)))
                | Q(pk__in=[getattr(m, "pk", m) for m in selected])
            )
        ).order_by("display_name")
        for gender in GENDER_PLURAL:
            for band, band_label in AgeBand.choices:
                self.fields[count_field_name(gender, band)] = forms.IntegerField(
                    label=f"{GENDER_PLURAL[gender]}, {band_label}",
                    required=False,
                    min_value=0,
                    max_value=MAX_COUNT,
                    initial=0,
                    widget=forms.NumberInput(
                        attrs={
                            "min": 0,
                            "max": MAX_COUNT,
                            "inputmode": "numeric",
                            "class": "count-input",
                            "data-stepper": "",
                        }
                    ),
                    error_messages={
                        "invalid": "Saisissez un nombre entier de jeunes.",
                        "min_value": "Un nombre de jeunes ne peut pas être négatif.",
                        "max_value": f"Au plus {MAX_COUNT} jeunes par case.",
                    },
                )

    def clean_duration(self) -> int:
        minutes = parse_duration(self.cleaned_data["duration"])
        if minutes is None:
            raise ValidationError("Indiquez une durée, par exemple 2 h, 1 h 30 ou 45 min.")
        if not 1 <= minutes <= MAX_SESSION_MINUTES:
            raise ValidationError("Une séance dure entre une minute et 24 heures.")
        return minutes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "where" in data:
            data["commune"], data["quartier"] = resolve_where(data["where"])
        place = data.get("place")
        if place and data.get("commune") and place.commune_id != data["commune"].pk:
            self.add_error("place", "Ce lieu n'est pas dans la commune choisie.")
        return data

    def count_rows(self, genders: Iterable[str]) -> list[tuple[str, list[Any]]]:
        return [
            (label, [self[count_field_name(g, band)] for g in genders])
            for band, label in AgeBand.choices
        ]

    def main_rows(self) -> list[tuple[str, list[Any]]]:
        return self.count_rows((Gender.GIRL, Gender.BOY))

    def unstated_rows(self) -> list[tuple[str, list[Any]]]:
        return self.count_rows((Gender.UNSTATED,))

    def unstated_open(self) -> bool:
        """Keep « genre non précisé » open when it holds a count or an error."""
        for band in AgeBand.values:
            field = self[count_field_name(Gender.UNSTATED, band)]
            if field.errors or str(field.value() or "0") not in ("", "0"):
                return True
        return False

    def counts(self) -> dict[tuple[str, str], int]:
        """The non-zero tallies: (gender, age band) → count."""
        return {
            (gender, band): self.cleaned_data[count_field_name(gender, band)]
            for gender in GENDER_PLURAL
            for band in AgeBand.values
            if self.cleaned_data.get(count_field_name(gender, band))
        }
