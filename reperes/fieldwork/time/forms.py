"""The weekly time grid: one field per day and item, French decimals, the staff member's
contract dates respected."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from reperes.core.form_fields import DECIMAL_ATTRS
from reperes.fieldwork.enums import (
    TimeCategory,
)
from reperes.people.models import StaffMember

DAY_NAMES = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche")


# ---------------------------------------------------------------- weekly time grid
def hours_field_name(category: str, day_index: int) -> str:
    return f"h_{day_index}_{category}"


class HoursField(forms.CharField):
    """Hours as typed by a person: « 1,5 », « 1.5 », « 7 »; blank is zero."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, max_length=8, **kwargs)

    def clean(self, value: Any) -> Decimal:
        text = (super().clean(value) or "").strip().replace(",", ".").replace(" ", "")
        if text.lower().endswith("h"):
            text = text[:-1]
        if not text:
            return Decimal(0)
        try:
            hours = Decimal(text)
        except InvalidOperation:
            raise ValidationError("Saisissez un nombre d'heures, par exemple 1,5.") from None
        if not hours.is_finite():
            raise ValidationError("Saisissez un nombre d'heures, par exemple 1,5.")
        if hours < 0:
            raise ValidationError("Un temps ne peut pas être négatif.")
        if hours > 24:
            raise ValidationError("Une journée compte au plus 24 heures.")
        if hours != hours.quantize(Decimal("0.01")):
            raise ValidationError("Deux décimales au plus (ex. 1,25).")
        return hours.quantize(Decimal("0.01"))


def format_hours(hours: Decimal) -> str:
    """« 1,5 », « 7 », « 0,25 »: French, without useless zeros."""
    text = f"{hours.normalize():f}" if hours else "0"
    return text.replace(".", ",")


class TimeWeekForm(forms.Form):
    """Seven days × the eight items of seed 000 annex 1, in hours. Field order is day by day
    so that Tab walks through one day before the next."""

    def __init__(self, *args: Any, staff: StaffMember, monday: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = staff
        self.days = [monday + timedelta(days=i) for i in range(7)]
        for index, day in enumerate(self.days):
            for category, label in TimeCategory.choices:
                attrs = {**DECIMAL_ATTRS, "class": "hours-input", "size": 4}
                attrs["data-day"] = str(index)
                attrs["data-category"] = category
                if not self.in_contract(day):
                    attrs["disabled"] = True
                self.fields[hours_field_name(category, index)] = HoursField(
                    label=f"{label}, {DAY_NAMES[index].lower()} {day:%d/%m}",
                    widget=forms.TextInput(attrs=attrs),
                )

    def in_contract(self, day: date) -> bool:
        """Whether ``day`` falls within the person's presence in the service (arrival to
        departure, the register's dates)."""
        if day < self.staff.arrival:
            return False
        return self.staff.departure is None or day <= self.staff.departure

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        for index, day in enumerate(self.days):
            total = sum(
                (data.get(hours_field_name(c, index), Decimal(0)) for c in TimeCategory.values),
                Decimal(0),
            )
            name = f"{DAY_NAMES[index]} {day:%d/%m}"
            if total > 24:
                self.add_error(
                    None,
                    f"{name} : {format_hours(total)} h saisies, une journée compte au plus "
                    "24 heures.",
                )
            if total and not self.in_contract(day):
                if day < self.staff.arrival:
                    when = f"avant l'arrivée dans le service ({self.staff.arrival:%d/%m/%Y})"
                else:
                    when = f"après le départ du service ({self.staff.departure:%d/%m/%Y})"
                self.add_error(None, f"{name} : des heures sont saisies {when}.")
        return data

    def entries(self) -> dict[tuple[date, str], Decimal]:
        return {
            (day, category): self.cleaned_data[hours_field_name(category, index)]
            for index, day in enumerate(self.days)
            for category in TimeCategory.values
            if self.cleaned_data.get(hours_field_name(category, index))
        }
