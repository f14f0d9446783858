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
from reperes.core.locking import Versioned
from reperes.partners.fields import optional_organisation

from . import rules
from .enums import BodyKind, MeetingStatus


def _visible_conventions(user: Any) -> models.QuerySet[Convention]:
    return Convention.objects.visible_to(user)


class BodyQuerySet(models.QuerySet["Body"]):
    def visible_to(self, user: Any) -> BodyQuerySet:
        return self.filter(convention__in=_visible_conventions(user))


class Body(Versioned):
    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="bodies", verbose_name="convention"
    )
    kind = models.CharField("nature", max_length=30, choices=BodyKind.choices)
    name = models.CharField("nom", max_length=200)
    organiser = models.ForeignKey(
        "conventions.Party",
        on_delete=models.PROTECT,
        related_name="organised_bodies",
        verbose_name="organisée par",
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

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = "instance"
        ordering = ["convention", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "name"],
                name="body_name_unique_per_convention",
                violation_error_message="Une instance porte déjà ce nom dans cette convention.",
            ),
            models.CheckConstraint(
                condition=Q(meetings_per_year__isnull=True)
                | Q(meetings_per_year__gte=1, meetings_per_year__lte=52),
                name="body_meetings_per_year_range",
                violation_error_message="Le nombre de réunions par an va de 1 à 52.",
            ),
            models.CheckConstraint(
                condition=Q(meetings_per_year__isnull=False) | Q(minimum=False),
                name="body_minimum_needs_a_number",
                violation_error_message="« Au moins » suppose un nombre de réunions par an.",
            ),
            models.CheckConstraint(
                condition=Q(regular_interval=False)
                | Q(meetings_per_year__in=sorted(rules.REGULAR_COUNTS)),
                name="body_regular_interval_divides_the_year",
                violation_error_message="Un intervalle régulier suppose 1, 2, 3, 4, 6 ou 12 "
                "réunions par an.",
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

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    organisation = optional_organisation("organisation")
    label = models.CharField("membre", max_length=300)
    count = models.PositiveSmallIntegerField("nombre de sièges", default=1)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "siège"
        ordering = ["body", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(count__gte=1),
                name="seat_count_positive",
                violation_error_message="Un siège compte au moins une personne.",
            ),
            models.UniqueConstraint(
                fields=["body", "label"],
                name="seat_label_unique_per_body",
                violation_error_message="Ce membre figure déjà dans la composition.",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class DocumentRequirement(models.Model):
    """A document to send before each meeting of the body: « Des reportings d'activité … seront
    transmis en amont des conseils pédagogiques » (seed 000 art. 6, annex 1). Planning a meeting
    copies these into its documents."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="document_requirements")
    title = models.CharField("document", max_length=200)
    due_days_before = models.PositiveSmallIntegerField("à transmettre jours avant", default=1)
    note = models.CharField("précision", max_length=300, blank=True)

    class Meta:
        verbose_name = "document à transmettre avant chaque réunion"
        ordering = ["body", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "title"],
                name="document_requirement_unique_per_body",
                violation_error_message="Ce document est déjà demandé avant chaque réunion.",
            )
        ]

    def __str__(self) -> str:
        return self.title


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: Any) -> MeetingQuerySet:
        return self.filter(body__convention__in=_visible_conventions(user))


def minutes_path(instance: Meeting, _filename: str) -> str:
    # The name typed by the user never reaches the disk: only the meeting's random identifier.
    return f"instances/comptes-rendus/{instance.public_id}.pdf"


class Meeting(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
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

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "réunion"
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message="La fin de la réunion doit suivre son début.",
            ),
            models.CheckConstraint(
                condition=Q(status=MeetingStatus.HELD) | (Q(minutes="") & Q(minutes_file="")),
                name="meeting_minutes_only_when_held",
                violation_error_message="Un compte rendu suppose une réunion tenue.",
            ),
            models.CheckConstraint(
                condition=Q(status=MeetingStatus.CANCELLED) | Q(cancellation_reason=""),
                name="meeting_reason_only_when_cancelled",
                violation_error_message="Un motif d'annulation suppose une réunion annulée.",
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
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    order = models.PositiveSmallIntegerField("ordre", default=0)
    text = models.TextField("décision")

    class Meta:
        verbose_name = "décision"
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Invitation(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    name = models.CharField("nom", max_length=200, blank=True)
    email = models.EmailField("adresse électronique")
    organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(
        "envoyée le", null=True, blank=True, help_text="Vide tant que l'envoi n'a pas abouti."
    )
    created_at = models.DateTimeField("création", auto_now_add=True)

    class Meta:
        verbose_name = "invitation"
        ordering = ["meeting", "name", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "email"],
                name="invitation_unique_per_meeting",
                violation_error_message="Cette adresse est déjà invitée à cette réunion.",
            )
        ]

    def __str__(self) -> str:
        return self.name or self.email


class Attendance(models.Model):
    """One line of the attendance sheet: present, or absent and possibly represented."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    name = models.CharField("nom", max_length=200)
    organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    present = models.BooleanField("présent", default=True)
    represented_by = models.CharField("représenté par", max_length=200, blank=True)

    class Meta:
        verbose_name = "présence"
        ordering = ["meeting", "-present", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "name"],
                name="attendance_unique_per_meeting",
                violation_error_message="Cette personne figure déjà sur la feuille de présence.",
            ),
            models.CheckConstraint(
                condition=Q(present=False) | Q(represented_by=""),
                name="attendance_present_is_not_represented",
                violation_error_message="Une personne présente n'a pas à être représentée.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MeetingDocumentQuerySet(models.QuerySet["MeetingDocument"]):
    def visible_to(self, user: Any) -> MeetingDocumentQuerySet:
        return self.filter(meeting__body__convention__in=_visible_conventions(user))


def document_path(instance: MeetingDocument, _filename: str) -> str:
    return f"instances/documents/{instance.meeting.public_id}-{uuid.uuid4().hex}.pdf"


class MeetingDocument(models.Model):
    """A document due before the meeting (the « reporting d'activité », seed 000 annex 1)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField("document", max_length=200)
    due_days_before = models.PositiveSmallIntegerField("à transmettre jours avant", default=1)
    received_on = models.DateField("reçu le", null=True, blank=True)
    file = models.FileField("fichier (PDF)", upload_to=document_path, blank=True)

    objects = MeetingDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "document de réunion"
        ordering = ["meeting", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "title"],
                name="meeting_document_unique",
                violation_error_message="Ce document est déjà attendu pour cette réunion.",
            ),
            models.CheckConstraint(
                condition=Q(file="") | Q(received_on__isnull=False),
                name="meeting_document_file_means_received",
                violation_error_message="Un document déposé doit avoir une date de réception.",
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
