"""Governance bodies of a convention, their composition and meetings. BRIEF §5.

A body (comité de pilotage, conseil pédagogique…) belongs to one convention and is seen by
whoever sees that convention. Its frequency is stored as the text writes it and as a number,
from which ``reperes.governance.rules`` computes what is owed each year.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from reperes.conventions.models import Convention
from reperes.core.constraints import check, unique
from reperes.core.fields import Link
from reperes.core.locking import Versioned
from reperes.partners.fields import optional_organisation

from . import rules
from .enums import BodyKind, MeetingStatus


def _visible_conventions(user: Any) -> models.QuerySet[Convention]:
    return Convention.objects.visible_to(user)


class ConventionRecordQuerySet(models.QuerySet[Any]):
    """Bodies, their meetings and the meetings' documents: seen by whoever sees the
    convention, which each model reaches through its ``convention_path``."""

    def visible_to(self, user: Any) -> ConventionRecordQuerySet:
        path = self.model.convention_path
        return self.filter(**{f"{path}__in": _visible_conventions(user)})


class Body(Versioned):
    convention = Link(Convention, "convention", related_name="bodies", on_delete=models.CASCADE)
    kind = models.CharField("nature", max_length=30, choices=BodyKind.choices)
    name = models.CharField("nom", max_length=200)
    organiser = Link(
        "conventions.Party",
        "organisée par",
        related_name="organised_bodies",
        help_text="La partie qui convoque et rédige le compte rendu.",
    )
    organiser_text = models.CharField(
        "organisation telle qu'écrite",
        max_length=300,
        blank=True,
        help_text="Ex. « le Service départemental de Prévention et de Protection de l'Enfance ».",
    )
    chair = models.CharField("présidence", max_length=300, blank=True)
    meetings_per_year = models.PositiveSmallIntegerField(
        "réunions par an",
        null=True,
        blank=True,
        help_text="Vide quand la convention ne fixe pas de rythme.",
    )
    frequency_text = models.CharField(
        "rythme tel qu'écrit",
        max_length=200,
        blank=True,
        help_text="Ex. « au moins une fois par an », « tous les deux mois ».",
    )
    minimum = models.BooleanField(
        "au moins",
        default=False,
        help_text="Cochez pour « au moins » ; sinon le nombre est exact.",
    )
    regular_interval = models.BooleanField(
        "à intervalle régulier",
        default=False,
        help_text="Cochez quand la convention fixe un intervalle (« tous les deux mois »).",
    )
    composition_note = models.TextField("composition (compléments)", blank=True)
    functions = models.TextField("fonctions et missions", blank=True)
    source = models.CharField("source", max_length=300, blank=True)
    created_at = models.DateTimeField("création", auto_now_add=True)
    updated_at = models.DateTimeField("mise à jour", auto_now=True)

    convention_path = "convention"
    objects = ConventionRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "instance"
        ordering = ["convention", "kind", "name"]
        constraints = [
            unique(
                "body_name_unique_per_convention",
                ["convention", "name"],
                "Une instance porte déjà ce nom dans cette convention.",
            ),
            check(
                "body_meetings_per_year_range",
                Q(meetings_per_year__isnull=True)
                | Q(meetings_per_year__gte=1, meetings_per_year__lte=52),
                "Le nombre de réunions par an va de 1 à 52.",
            ),
            check(
                "body_minimum_needs_a_number",
                Q(meetings_per_year__isnull=False) | Q(minimum=False),
                "« Au moins » suppose un nombre de réunions par an.",
            ),
            check(
                "body_regular_interval_divides_the_year",
                Q(regular_interval=False) | Q(meetings_per_year__in=sorted(rules.REGULAR_COUNTS)),
                "Un intervalle régulier suppose 1, 2, 3, 4, 6 ou 12 réunions par an.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.organiser_id is not None and self.convention_id is not None:
            check_organiser(self.convention_id, self.organiser)

    @property
    def frequency(self) -> rules.Frequency:
        return rules.Frequency(self.meetings_per_year, self.minimum, self.regular_interval)

    @property
    def seat_total(self) -> int:
        return sum(seat.count for seat in self.seats.all())


def check_organiser(convention_id: int, party: Any) -> None:
    """The organiser convenes the body on behalf of the convention: it must be one of its
    parties (« à l'initiative de la Ville », seed 003; « de l'association », seed 000 art. 6)."""
    if party.convention_id != convention_id:
        raise ValidationError(
            {"organiser": "L'organisateur d'une instance doit être partie à la convention."}
        )


class Seat(models.Model):
    """A seat as the convention writes it (« Le maire et/ou son représentant »)."""

    body = Link(Body, related_name="seats", on_delete=models.CASCADE)
    organisation = optional_organisation("organisation")
    label = models.CharField("membre", max_length=300)
    count = models.PositiveSmallIntegerField("nombre de sièges", default=1)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "siège"
        ordering = ["body", "order", "pk"]
        constraints = [
            check("seat_count_positive", Q(count__gte=1), "Un siège compte au moins une personne."),
            unique(
                "seat_label_unique_per_body",
                ["body", "label"],
                "Ce membre figure déjà dans la composition.",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class DocumentRequirement(models.Model):
    """A document to send before each meeting of the body: « Des reportings d'activité … seront
    transmis en amont des conseils pédagogiques » (seed 000 art. 6, annex 1). Planning a meeting
    copies these into its documents."""

    body = Link(Body, related_name="document_requirements", on_delete=models.CASCADE)
    title = models.CharField("document", max_length=200)
    due_days_before = models.PositiveSmallIntegerField("à transmettre jours avant", default=1)
    note = models.CharField("précision", max_length=300, blank=True)

    class Meta:
        verbose_name = "document à transmettre avant chaque réunion"
        ordering = ["body", "title"]
        constraints = [
            unique(
                "document_requirement_unique_per_body",
                ["body", "title"],
                "Ce document est déjà demandé avant chaque réunion.",
            )
        ]

    def __str__(self) -> str:
        return self.title


def minutes_path(instance: Meeting, _filename: str) -> str:
    # The name typed by the user never reaches the disk: only the meeting's random identifier.
    return f"instances/comptes-rendus/{instance.public_id}.pdf"


class Meeting(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = Link(Body, related_name="meetings", on_delete=models.CASCADE)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin", null=True, blank=True)
    place = models.CharField("lieu", max_length=300, blank=True)
    agenda = models.TextField("ordre du jour", blank=True)
    status = models.CharField(
        "état", max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    minutes = models.TextField("compte rendu", blank=True)
    minutes_file = models.FileField("compte rendu (PDF)", upload_to=minutes_path, blank=True)
    cancellation_reason = models.CharField("motif de l'annulation", max_length=300, blank=True)
    sequence = models.PositiveIntegerField(
        "version de l'invitation",
        default=0,
        help_text="SEQUENCE de l'iCalendar : augmente quand la réunion change (RFC 5545).",
    )
    created_at = models.DateTimeField("création", auto_now_add=True)
    updated_at = models.DateTimeField("mise à jour", auto_now=True)

    convention_path = "body__convention"
    objects = ConventionRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "réunion"
        ordering = ["-starts_at"]
        constraints = [
            check(
                "meeting_ends_after_start",
                Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                "La fin de la réunion doit suivre son début.",
            ),
            check(
                "meeting_minutes_only_when_held",
                Q(status=MeetingStatus.HELD) | (Q(minutes="") & Q(minutes_file="")),
                "Un compte rendu suppose une réunion tenue.",
            ),
            check(
                "meeting_reason_only_when_cancelled",
                Q(status=MeetingStatus.CANCELLED) | Q(cancellation_reason=""),
                "Un motif d'annulation suppose une réunion annulée.",
            ),
        ]
        indexes = [models.Index(fields=["body", "starts_at"])]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.body} du {local:%d/%m/%Y}"

    @property
    def day(self) -> date:
        return timezone.localtime(self.starts_at).date()

    @property
    def fact(self) -> rules.MeetingFact:
        return rules.MeetingFact(self.day, self.status)


class Decision(models.Model):
    meeting = Link(Meeting, related_name="decisions", on_delete=models.CASCADE)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    text = models.TextField("décision")

    class Meta:
        verbose_name = "décision"
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Invitation(models.Model):
    meeting = Link(Meeting, related_name="invitations", on_delete=models.CASCADE)
    name = models.CharField("nom", max_length=200, blank=True)
    email = models.EmailField("adresse électronique")
    organisation = Link("partners.Organisation", related_name="+", null=True)
    sent_at = models.DateTimeField(
        "envoyée le", null=True, blank=True, help_text="Vide tant que l'envoi n'a pas abouti."
    )
    created_at = models.DateTimeField("création", auto_now_add=True)

    class Meta:
        verbose_name = "invitation"
        ordering = ["meeting", "name", "email"]
        constraints = [
            unique(
                "invitation_unique_per_meeting",
                ["meeting", "email"],
                "Cette adresse est déjà invitée à cette réunion.",
            )
        ]

    def __str__(self) -> str:
        return self.name or self.email


class Attendance(models.Model):
    """One line of the attendance sheet: present, or absent and possibly represented."""

    meeting = Link(Meeting, related_name="attendances", on_delete=models.CASCADE)
    name = models.CharField("nom", max_length=200)
    organisation = Link("partners.Organisation", related_name="+", null=True)
    present = models.BooleanField("présent", default=True)
    represented_by = models.CharField("représenté par", max_length=200, blank=True)

    class Meta:
        verbose_name = "présence"
        ordering = ["meeting", "-present", "name"]
        constraints = [
            unique(
                "attendance_unique_per_meeting",
                ["meeting", "name"],
                "Cette personne figure déjà sur la feuille de présence.",
            ),
            check(
                "attendance_present_is_not_represented",
                Q(present=False) | Q(represented_by=""),
                "Une personne présente n'a pas à être représentée.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


def document_path(instance: MeetingDocument, _filename: str) -> str:
    return f"instances/documents/{instance.meeting.public_id}-{uuid.uuid4().hex}.pdf"


class MeetingDocument(models.Model):
    """A document due before the meeting (the « reporting d'activité », seed 000 annex 1)."""

    meeting = Link(Meeting, related_name="documents", on_delete=models.CASCADE)
    title = models.CharField("document", max_length=200)
    due_days_before = models.PositiveSmallIntegerField("à transmettre jours avant", default=1)
    received_on = models.DateField("reçu le", null=True, blank=True)
    file = models.FileField("fichier (PDF)", upload_to=document_path, blank=True)

    convention_path = "meeting__body__convention"
    objects = ConventionRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "document de réunion"
        ordering = ["meeting", "title"]
        constraints = [
            unique(
                "meeting_document_unique",
                ["meeting", "title"],
                "Ce document est déjà attendu pour cette réunion.",
            ),
            check(
                "meeting_document_file_means_received",
                Q(file="") | Q(received_on__isnull=False),
                "Un document déposé doit avoir une date de réception.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def due_on(self) -> date:
        return rules.document_due_on(self.meeting.day, self.due_days_before)

    def state(self, today: date) -> rules.DocumentState:
        return rules.document_state(
            self.due_on,
            self.received_on,
            today,
            cancelled=self.meeting.status == MeetingStatus.CANCELLED,
        )
