"""Records of one service, seen by its educators and director only (BRIEF §7 and §10).

``field_service_id`` decides once which service's field records an account may see; every
field-work model's QuerySet scopes its reads through it (``visible_to``). Anonymous tallies
(contacts of a street session, participants of a collective action) share ``AnonymousCount``
and its bounds check."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from reperes.accounts.enums import FIELD_ROLES
from reperes.fieldwork.enums import (
    AgeBand,
    Gender,
)
from reperes.partners.models import Quartier


def field_service_id(user: Any) -> int | None:
    """The service whose field records ``user`` may see, or None: an educator or director
    whose organisation operates that service (``reperes.core.access``); an account whose
    service field points at a service run by another organisation sees nothing."""
    from reperes.core.access import staff_service_id

    if getattr(user, "role", None) not in FIELD_ROLES:
        return None
    return staff_service_id(user)


class ServiceRecordQuerySet(models.QuerySet[Any]):
    """Records of one service: its educators and director only, nobody else, ever."""

    service_path = "service_id"

    def visible_to(self, user: Any) -> ServiceRecordQuerySet:
        service_id = field_service_id(user)
        if service_id is None:
            return self.none()
        return self.filter(**{self.service_path: service_id})


class AccompanimentChildQuerySet(ServiceRecordQuerySet):
    service_path = "accompaniment__service_id"


class SessionChildQuerySet(ServiceRecordQuerySet):
    service_path = "session__service_id"


class CollectiveChildQuerySet(ServiceRecordQuerySet):
    service_path = "action__service_id"


class StaffChildQuerySet(ServiceRecordQuerySet):
    service_path = "staff__service_id"


class AnonymousCount(models.Model):
    """Youths counted, not recorded: how many, of which gender, age band and quartier."""

    gender = models.CharField("genre", max_length=1, choices=Gender.choices)
    age_band = models.CharField("tranche d'âge", max_length=5, choices=AgeBand.choices)
    quartier = models.ForeignKey(
        Quartier, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveIntegerField("nombre")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.count} {self.get_gender_display()} {self.get_age_band_display()}"


def check_counts(counts: Mapping[tuple[Any, ...], int]) -> None:
    for key, count in counts.items():
        gender, band = key[0], key[1]
        if gender not in Gender.values or band not in AgeBand.values:
            raise ValidationError("Genre ou tranche d'âge inconnus.")
        if not isinstance(count, int) or count < 0:
            raise ValidationError("Un nombre de jeunes ne peut pas être négatif.")
