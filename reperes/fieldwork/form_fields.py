"""Fields and choices shared by the field-work forms: dates that are not in the future,
French decimals (« 1,5 »), and the communes and quartiers of the user's service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from reperes.core.form_fields import localized_decimal
from reperes.partners.models import Commune, Quartier, Service

DATE_ERRORS = {"required": "Indiquez la date.", "invalid": "Saisissez une date valide."}


def not_in_future(value: date, what: str = "La date") -> date:
    if value > timezone.localdate():
        raise ValidationError(f"{what} ne peut pas être dans le futur.")
    return value


def validate_not_in_future(value: date) -> None:
    """``not_in_future`` as a field validator."""
    not_in_future(value)


def french_decimal(
    label: str, *, max_value: Decimal, required: bool = False, help_text: str = ""
) -> forms.DecimalField:
    return localized_decimal(
        label,
        max_value=max_value,
        max_digits=10,
        required=required,
        help_text=help_text,
        error_messages={
            "invalid": "Saisissez un nombre, par exemple 1,5.",
            "min_value": "Une valeur négative n'a pas de sens ici.",
            "max_value": f"La valeur ne peut pas dépasser {str(max_value).replace('.', ',')}.",
        },
    )


def taken_by_another(same: QuerySet[Any], instance: Model) -> bool:
    """Whether a record of ``same`` (the service's records with the name typed) is another one
    than ``instance``, the record the form edits: a name that must stay unique in the service."""
    if instance.pk:
        same = same.exclude(pk=instance.pk)
    return same.exists()


# ---------------------------------------------------------------- territory of a service
def service_communes(service: Service) -> QuerySet[Commune]:
    """The communes a service works in: its communes and the communes of its sectors."""
    return (
        Commune.objects.filter(Q(services=service) | Q(sectors__service=service))
        .distinct()
        .order_by("name")
    )


def service_quartiers(service: Service) -> QuerySet[Quartier]:
    return (
        Quartier.objects.filter(
            Q(sectors__service=service) | Q(commune__in=service_communes(service))
        )
        .distinct()
        .select_related("commune")
        .order_by("commune__name", "name")
    )


def where_choices(service: Service) -> list[Any]:
    """One select for « where »: a whole commune or one of its quartiers, grouped by commune."""
    quartiers: dict[int, list[Quartier]] = {}
    for quartier in service_quartiers(service):
        quartiers.setdefault(quartier.commune_id, []).append(quartier)
    choices: list[Any] = [("", "Non précisé")]
    for commune in service_communes(service):
        group = [(f"c:{commune.pk}", f"{commune.name} (toute la commune)")]
        group += [(f"q:{q.pk}", q.name) for q in quartiers.get(commune.pk, [])]
        choices.append((commune.name, group))
    return choices


def where_value(commune: Commune | None, quartier: Quartier | None) -> str:
    if quartier is not None:
        return f"q:{quartier.pk}"
    return f"c:{commune.pk}" if commune is not None else ""


def resolve_where(value: str) -> tuple[Commune | None, Quartier | None]:
    """The commune and quartier behind a « where » choice (validated by the ChoiceField)."""
    if value.startswith("q:"):
        quartier = Quartier.objects.select_related("commune").get(pk=int(value[2:]))
        return quartier.commune, quartier
    if value.startswith("c:"):
        return Commune.objects.get(pk=int(value[2:])), None
    return None, None


def where_field(label: str = "Commune ou quartier") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        error_messages={"invalid_choice": "Choisissez une commune ou un quartier du service."},
    )
