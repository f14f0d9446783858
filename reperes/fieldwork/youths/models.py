"""Levels 2 and 3: youths under a pseudonym, the identity only with the youth's consent
(seed 001 art. 9), encrypted at rest, searchable by blind index only; families under a code;
individual accompaniments and their interventions (seed 000 annexes 1 and 2); the lists of
problems and responses they use."""

from __future__ import annotations

import secrets
import uuid
from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from reperes.core.constraints import check
from reperes.core.crypto import blind_index
from reperes.core.fields import EncryptedTextField, Link, acting_user
from reperes.core.locking import Versioned
from reperes.fieldwork.enums import (
    AgeBand,
    ChoiceKind,
    EntryMode,
    ExitReason,
    Gender,
    Intensity,
    InterventionKind,
    Qualification,
    Situation,
    age_band_for,
)
from reperes.fieldwork.records import AccompanimentChildQuerySet, ServiceRecordQuerySet
from reperes.partners.models import Commune, Quartier, Service


def new_pseudonym() -> str:
    """A code the service gives a youth: no name, nothing derived from one (« J-7K3QX »)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "J-" + "".join(secrets.choice(alphabet) for _ in range(6))


# ---------------------------------------------------------------- lists per convention
class ChoiceItem(models.Model):
    """An entry of the problems or responses list. Without a convention it belongs to the
    default list (seed 004 art. 2's eight domains for problems); a convention may have its own."""

    kind = models.CharField("liste", max_length=10, choices=ChoiceKind.choices)
    convention = Link(
        "conventions.Convention",
        related_name="field_choices",
        on_delete=models.CASCADE,
        null=True,
    )
    label = models.CharField("libellé", max_length=200)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    active = models.BooleanField("proposé", default=True)

    class Meta:
        verbose_name = "entrée de liste"
        ordering = ["kind", "order", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "convention", "label"], name="choice_item_unique_label"
            ),
            models.UniqueConstraint(
                fields=["kind", "label"],
                condition=Q(convention__isnull=True),
                name="default_choice_item_unique_label",
            ),
        ]

    def __str__(self) -> str:
        return self.label


def chosen_from(kind: ChoiceKind, verbose_name: str) -> models.ManyToManyField[Any, Any]:
    """The entries an accompaniment picks from one of the lists (its problems, its responses)."""
    return models.ManyToManyField(
        ChoiceItem,
        blank=True,
        related_name=f"accompaniments_with_{kind.value}",
        limit_choices_to={"kind": kind},
        verbose_name=verbose_name,
    )


# ---------------------------------------------------------------- level 2 and 3: youths
def band_key(year: int) -> str:
    """The key of ``Youth.age_bands`` for a year (not a bare number: a JSON path of digits
    reads as an array index on PostgreSQL)."""
    return f"y{year}"


class Family(Versioned):
    """A family known to the service (seed 004 art. 10: « familles connues », « familles avec
    lesquelles un travail est engagé»), under a code, never a name."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = Link(Service, related_name="families")
    code = models.CharField("code", max_length=20)
    known_since = models.DateField("connue depuis", default=date.today)
    engaged_since = models.DateField("travail engagé depuis", null=True, blank=True)
    engaged_until = models.DateField("travail engagé jusqu'au", null=True, blank=True)
    # Set by the anonymisation (``reperes.privacy.anonymise``) once none of its youths is
    # kept: the code is replaced, the dates stay for the statistics.
    anonymised_on = models.DateField("anonymisée le", null=True, blank=True)

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "famille"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="family_code_per_service")
        ]

    def __str__(self) -> str:
        return self.code


class Youth(Versioned):
    """A youth known to the service under a pseudonym. Identity (level 3) is optional, only
    with the youth's recorded consent, encrypted at rest, searchable by blind index only."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = Link(Service, related_name="youths")
    pseudonym = models.CharField("pseudonyme ou code", max_length=40, default=new_pseudonym)
    gender = models.CharField("genre", max_length=1, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField("année de naissance", null=True, blank=True)
    age_band = models.CharField(
        "tranche d'âge (si l'année est inconnue)",
        max_length=5,
        choices=AgeBand.choices,
        default=AgeBand.UNKNOWN,
    )
    commune = Link(Commune, related_name="+", null=True)
    quartier = Link(Quartier, related_name="+", null=True)
    situation = models.CharField(
        "situation", max_length=12, choices=Situation.choices, default=Situation.UNKNOWN
    )
    qualification = models.CharField(
        "qualification", max_length=12, choices=Qualification.choices, default=Qualification.UNKNOWN
    )
    family = Link(Family, related_name="youths", on_delete=models.SET_NULL, null=True)
    first_met_on = models.DateField("premier contact", default=date.today)

    # Level 3 — identity, only with consent (seed 001 art. 9).
    identity_consent_on = models.DateField("accord du jeune recueilli le", null=True, blank=True)
    identity_consent_by = acting_user(blank=True)
    last_name = EncryptedTextField("nom", blank=True)
    first_name = EncryptedTextField("prénom", blank=True)
    address = EncryptedTextField("adresse postale", blank=True)
    phone = EncryptedTextField("téléphone", blank=True)
    name_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    # Anonymisation (``reperes.privacy.anonymise``): the date it happened and, in place of the
    # birth year, the age band of each year from the first contact to the anonymisation
    # (``{"y2024": "15-17"}``), so that the reports of past periods stay identical.
    anonymised_on = models.DateField("anonymisée le", null=True, blank=True)
    age_bands = models.JSONField("tranches d'âge par année", default=dict, blank=True)

    created_at = models.DateTimeField("saisie", auto_now_add=True)
    updated_at = models.DateTimeField("mise à jour", auto_now=True)

    objects = ServiceRecordQuerySet.as_manager()

    IDENTITY_FIELDS = ("last_name", "first_name", "address", "phone")
    # The pseudonymous record: what the youth form edits, the API shows and the log names.
    RECORD_FIELDS = (
        "pseudonym",
        "gender",
        "birth_year",
        "age_band",
        "commune",
        "quartier",
        "situation",
        "qualification",
        "family",
        "first_met_on",
    )

    class Meta:
        verbose_name = "jeune"
        ordering = ["pseudonym"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "pseudonym"], name="youth_pseudonym_per_service"
            ),
            check(
                "youth_identity_needs_consent",
                Q(identity_consent_on__isnull=False)
                | (Q(last_name="") & Q(first_name="") & Q(address="") & Q(phone="")),
                "L'identité ne peut être saisie qu'avec l'accord du jeune.",
            ),
        ]
        indexes = [models.Index(fields=["service", "first_met_on"])]

    def __str__(self) -> str:
        return self.pseudonym

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_indexes()
        super().save(*args, **kwargs)

    @property
    def has_identity(self) -> bool:
        return any(getattr(self, name) for name in self.IDENTITY_FIELDS)

    def age_on(self, on: date) -> int | None:
        return on.year - self.birth_year if self.birth_year else None

    def band_on(self, on: date) -> str:
        if self.birth_year:
            return age_band_for(self.age_on(on))
        return self.age_bands.get(band_key(on.year), self.age_band)

    @staticmethod
    def name_key(service_id: int, last_name: str, first_name: str = "") -> str:
        return blind_index(f"{last_name} {first_name}", scope=f"service:{service_id}:name")

    @staticmethod
    def phone_key(service_id: int, phone: str) -> str:
        digits = "".join(c for c in phone if c.isdigit())
        if digits.startswith("33") and len(digits) == 11:
            digits = "0" + digits[2:]
        return blind_index(digits, scope=f"service:{service_id}:phone")

    def refresh_indexes(self) -> None:
        self.name_index = (
            self.name_key(self.service_id, self.last_name, self.first_name)
            if self.last_name
            else ""
        )
        self.phone_index = self.phone_key(self.service_id, self.phone) if self.phone else ""


# ---------------------------------------------------------------- accompaniments
class Accompaniment(Versioned):
    """An individual educational accompaniment (seed 000 annexes 1 and 2)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = Link(Service, related_name="accompaniments")
    youth = Link(Youth, related_name="accompaniments")
    started_on = models.DateField("début")
    ended_on = models.DateField("fin", null=True, blank=True)
    entry_mode = models.CharField(
        "mode d'entrée en contact", max_length=20, choices=EntryMode.choices
    )
    orienting_partner = Link(
        "fieldwork.Partner",
        "partenaire qui a orienté",
        related_name="orientations",
        on_delete=models.SET_NULL,
        null=True,
    )
    referents = models.ManyToManyField(
        "people.StaffMember",
        blank=True,
        related_name="accompaniments",
        verbose_name="éducateurs référents",
    )
    problems = chosen_from(ChoiceKind.PROBLEM, "problématiques")
    responses = chosen_from(ChoiceKind.RESPONSE, "réponses apportées")
    intensity = models.CharField(
        "intensité", max_length=12, choices=Intensity.choices, default=Intensity.REGULAR
    )
    exit_reason = models.CharField(
        "motif de fin", max_length=20, choices=ExitReason.choices, blank=True
    )
    # Set by the import of a service's spreadsheet (seed 000 annex 2): a second import of the
    # same row finds it again instead of creating a duplicate.
    import_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField("saisie", auto_now_add=True)
    updated_at = models.DateTimeField("mise à jour", auto_now=True)

    objects = ServiceRecordQuerySet.as_manager()

    # The pseudonymous record: what the API shows and the youth's access export carries.
    RECORD_FIELDS = (
        "youth",
        "started_on",
        "ended_on",
        "entry_mode",
        "orienting_partner",
        "problems",
        "responses",
        "intensity",
        "exit_reason",
    )

    class Meta:
        verbose_name = "accompagnement"
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["service", "started_on"])]
        constraints = [
            check(
                "accompaniment_ends_after_start",
                Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                "La fin d'un accompagnement ne peut précéder son début.",
            ),
            check(
                "accompaniment_end_has_reason",
                Q(ended_on__isnull=True) | ~Q(exit_reason=""),
                "Un accompagnement terminé a un motif de fin.",
            ),
        ]

    def __str__(self) -> str:
        return f"Accompagnement du {self.started_on:%d/%m/%Y}"

    def duration_days(self, on: date | None = None) -> int:
        end = self.ended_on or on or timezone.localdate()
        return max((end - self.started_on).days, 0)


class Intervention(models.Model):
    accompaniment = Link(Accompaniment, related_name="interventions", on_delete=models.CASCADE)
    occurred_on = models.DateField("date")
    kind = models.CharField("nature", max_length=20, choices=InterventionKind.choices)
    duration_minutes = models.PositiveIntegerField("durée (minutes)", null=True, blank=True)
    partner = Link("fieldwork.Partner", related_name="+", on_delete=models.SET_NULL, null=True)
    staff = Link("people.StaffMember", related_name="+", on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField("saisie", auto_now_add=True)

    objects = AccompanimentChildQuerySet.as_manager()

    class Meta:
        verbose_name = "intervention"
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["accompaniment", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.occurred_on:%d/%m/%Y}"
