"""Field work, private by design (BRIEF §7 and §10).

Three levels of recording: anonymous tallies (StreetSession + ContactCount), youths under a
pseudonym (Youth, no name needed) and, only with the youth's consent, an identity encrypted
field by field (seed 001 art. 9 lists the only nominative data: name, first name, postal
address, phone). Every per-youth record belongs to one service and is visible to that
service's educators and director only (``visible_to``); youths, families and accompaniments
are addressed by random ``public_id`` in URLs; every read and change of a youth record writes
an ``AccessLogEntry`` in the same transaction.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from reperes.accounts.enums import Role
from reperes.core.locking import Versioned
from reperes.core.logs import ACCESS, ChainedLog, ChainedLogQuerySet
from reperes.partners.models import Commune, Place, Quartier, Service
from reperes.privacy.crypto import blind_index
from reperes.privacy.fields import EncryptedTextField

from .enums import (
    ACCESS_RECORDS,
    AccessAction,
    AgeBand,
    ChoiceKind,
    CollectiveCategory,
    EntryMode,
    ExitReason,
    Gender,
    Intensity,
    InterventionKind,
    ObservationTopic,
    PartnerKind,
    Qualification,
    SessionKind,
    Situation,
    TimeCategory,
    age_band_for,
)

# The only roles that ever see a per-youth record, and only in their own service.
FIELD_ROLES = (Role.EDUCATOR, Role.SERVICE_DIRECTOR)


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


def new_pseudonym() -> str:
    """A code the service gives a youth: no name, nothing derived from one (« J-7K3QX »)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "J-" + "".join(secrets.choice(alphabet) for _ in range(6))


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


# ---------------------------------------------------------------- level 1: anonymous tallies
class StreetSession(Versioned):
    """A street-work or social-presence session; the youths met are counted, never named."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="street_sessions")
    kind = models.CharField(
        "nature", max_length=20, choices=SessionKind.choices, default=SessionKind.STREET_WORK
    )
    date = models.DateField("date", default=date.today)
    duration_minutes = models.PositiveIntegerField("durée (minutes)", default=120)
    commune = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quartier = models.ForeignKey(
        Quartier, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    educators = models.ManyToManyField(
        "people.StaffMember", blank=True, related_name="street_sessions", verbose_name="éducateurs"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("saisie", auto_now_add=True)

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "séance de travail de rue"
        verbose_name_plural = "séances de travail de rue"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["service", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0) & Q(duration_minutes__lte=24 * 60),
                name="street_session_duration_in_a_day",
                violation_error_message="Une séance dure entre une minute et 24 heures.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.date:%d/%m/%Y}"


class ContactCount(AnonymousCount):
    session = models.ForeignKey(StreetSession, on_delete=models.CASCADE, related_name="contacts")

    objects = SessionChildQuerySet.as_manager()

    class Meta:
        verbose_name = "contacts comptés"
        verbose_name_plural = "contacts comptés"

    def __str__(self) -> str:
        return f"{self.count} {self.get_gender_display()} {self.get_age_band_display()}"


# ---------------------------------------------------------------- lists per convention
class ChoiceItem(models.Model):
    """An entry of the problems or responses list. Without a convention it belongs to the
    default list (seed 004 art. 2's eight domains for problems); a convention may have its own."""

    kind = models.CharField("liste", max_length=10, choices=ChoiceKind.choices)
    convention = models.ForeignKey(
        "conventions.Convention",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="field_choices",
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


# ---------------------------------------------------------------- level 2 and 3: youths
def band_key(year: int) -> str:
    """The key of ``Youth.age_bands`` for a year (not a bare number: a JSON path of digits
    reads as an array index on PostgreSQL)."""
    return f"y{year}"


class Family(Versioned):
    """A family known to the service (seed 004 art. 10: « familles connues », « familles avec
    lesquelles un travail est engagé»), under a code, never a name."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="families")
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
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="youths")
    pseudonym = models.CharField("pseudonyme ou code", max_length=40, default=new_pseudonym)
    gender = models.CharField("genre", max_length=1, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField("année de naissance", null=True, blank=True)
    age_band = models.CharField(
        "tranche d'âge (si l'année est inconnue)",
        max_length=5,
        choices=AgeBand.choices,
        default=AgeBand.UNKNOWN,
    )
    commune = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quartier = models.ForeignKey(
        Quartier, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    situation = models.CharField(
        "situation", max_length=12, choices=Situation.choices, default=Situation.UNKNOWN
    )
    qualification = models.CharField(
        "qualification", max_length=12, choices=Qualification.choices, default=Qualification.UNKNOWN
    )
    family = models.ForeignKey(
        Family, null=True, blank=True, on_delete=models.SET_NULL, related_name="youths"
    )
    first_met_on = models.DateField("premier contact", default=date.today)

    # Level 3 — identity, only with consent (seed 001 art. 9).
    identity_consent_on = models.DateField("accord du jeune recueilli le", null=True, blank=True)
    identity_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
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

    class Meta:
        verbose_name = "jeune"
        ordering = ["pseudonym"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "pseudonym"], name="youth_pseudonym_per_service"
            ),
            models.CheckConstraint(
                condition=Q(identity_consent_on__isnull=False)
                | (Q(last_name="") & Q(first_name="") & Q(address="") & Q(phone="")),
                name="youth_identity_needs_consent",
                violation_error_message="L'identité ne peut être saisie qu'avec l'accord du jeune.",
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
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="accompaniments")
    youth = models.ForeignKey(Youth, on_delete=models.PROTECT, related_name="accompaniments")
    started_on = models.DateField("début")
    ended_on = models.DateField("fin", null=True, blank=True)
    entry_mode = models.CharField(
        "mode d'entrée en contact", max_length=20, choices=EntryMode.choices
    )
    orienting_partner = models.ForeignKey(
        "fieldwork.Partner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orientations",
        verbose_name="partenaire qui a orienté",
    )
    referents = models.ManyToManyField(
        "people.StaffMember",
        blank=True,
        related_name="accompaniments",
        verbose_name="éducateurs référents",
    )
    problems = models.ManyToManyField(
        ChoiceItem,
        blank=True,
        related_name="accompaniments_with_problem",
        limit_choices_to={"kind": ChoiceKind.PROBLEM},
        verbose_name="problématiques",
    )
    responses = models.ManyToManyField(
        ChoiceItem,
        blank=True,
        related_name="accompaniments_with_response",
        limit_choices_to={"kind": ChoiceKind.RESPONSE},
        verbose_name="réponses apportées",
    )
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

    class Meta:
        verbose_name = "accompagnement"
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["service", "started_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="accompaniment_ends_after_start",
                violation_error_message="La fin d'un accompagnement ne peut précéder son début.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | ~Q(exit_reason=""),
                name="accompaniment_end_has_reason",
                violation_error_message="Un accompagnement terminé a un motif de fin.",
            ),
        ]

    def __str__(self) -> str:
        return f"Accompagnement du {self.started_on:%d/%m/%Y}"

    def duration_days(self, on: date | None = None) -> int:
        end = self.ended_on or on or timezone.localdate()
        return max((end - self.started_on).days, 0)


class Intervention(models.Model):
    accompaniment = models.ForeignKey(
        Accompaniment, on_delete=models.CASCADE, related_name="interventions"
    )
    occurred_on = models.DateField("date")
    kind = models.CharField("nature", max_length=20, choices=InterventionKind.choices)
    duration_minutes = models.PositiveIntegerField("durée (minutes)", null=True, blank=True)
    partner = models.ForeignKey(
        "fieldwork.Partner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    staff = models.ForeignKey(
        "people.StaffMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("saisie", auto_now_add=True)

    objects = AccompanimentChildQuerySet.as_manager()

    class Meta:
        verbose_name = "intervention"
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["accompaniment", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.occurred_on:%d/%m/%Y}"


# ---------------------------------------------------------------- collective actions
class CollectiveAction(Versioned):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="collective_actions"
    )
    title = models.CharField("intitulé", max_length=200)
    category = models.CharField("catégorie", max_length=20, choices=CollectiveCategory.choices)
    started_on = models.DateField("début")
    ended_on = models.DateField("fin", null=True, blank=True)
    participants = models.ManyToManyField(
        Youth, blank=True, related_name="collective_actions", verbose_name="jeunes connus"
    )
    families_count = models.PositiveIntegerField("familles concernées", default=0)
    partners = models.ManyToManyField(
        "fieldwork.Partner",
        blank=True,
        related_name="collective_actions",
        verbose_name="partenaires",
    )
    funding = models.CharField("financement", max_length=300, blank=True)
    amount = models.DecimalField("montant", max_digits=10, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField("saisie", auto_now_add=True)

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "action collective"
        verbose_name_plural = "actions collectives"
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="collective_action_ends_after_start",
                violation_error_message="La fin d'une action ne peut précéder son début.",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ParticipantCount(AnonymousCount):
    """Participants who are not recorded youths, counted by gender, age band and quartier."""

    action = models.ForeignKey(
        CollectiveAction, on_delete=models.CASCADE, related_name="anonymous_participants"
    )

    objects = CollectiveChildQuerySet.as_manager()

    class Meta:
        verbose_name = "participants comptés"
        verbose_name_plural = "participants comptés"

    def __str__(self) -> str:
        return f"{self.count} {self.get_gender_display()} {self.get_age_band_display()}"


# ---------------------------------------------------------------- time
class TimeEntry(models.Model):
    """Hours of one staff member on one day in one of the eight items (seed 000 annex 1)."""

    staff = models.ForeignKey(
        "people.StaffMember", on_delete=models.PROTECT, related_name="time_entries"
    )
    day = models.DateField("jour")
    category = models.CharField("activité", max_length=25, choices=TimeCategory.choices)
    hours = models.DecimalField("heures", max_digits=4, decimal_places=2)
    # Record once: the time a street session or a dated intervention already says, filled in
    # for each educator it names (actions_street.sync_session_time, actions_youths). Without a
    # source, the entry is what the educator typed in the grid on top of those.
    street_session = models.ForeignKey(
        StreetSession,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="time_entries",
        verbose_name="séance",
    )
    intervention = models.ForeignKey(
        Intervention,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="time_entries",
        verbose_name="intervention",
    )

    objects = StaffChildQuerySet.as_manager()

    class Meta:
        verbose_name = "temps saisi"
        verbose_name_plural = "temps saisis"
        ordering = ["day", "category"]
        # The hours of the staff of the services asked for over the period only, from the
        # index alone: the unique (staff, day, category) is partial (typed entries only), so
        # without this index the sum read every year of each staff member's entries, or every
        # service's entries by a scan (issue 12, docs/benchmarks.md).
        indexes = [
            models.Index(
                fields=["staff", "day"], include=["category", "hours"], name="time_entry_staff_day"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "day", "category"],
                condition=Q(street_session__isnull=True, intervention__isnull=True),
                name="one_time_entry_per_item",
            ),
            models.UniqueConstraint(
                fields=["staff", "street_session"],
                condition=Q(street_session__isnull=False),
                name="one_time_entry_per_session",
            ),
            models.UniqueConstraint(
                fields=["staff", "intervention"],
                condition=Q(intervention__isnull=False),
                name="one_time_entry_per_intervention",
            ),
            models.CheckConstraint(
                condition=Q(street_session__isnull=True) | Q(intervention__isnull=True),
                name="time_entry_one_source",
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24),
                name="time_entry_hours_in_a_day",
                violation_error_message="Un temps saisi est compris entre 0 et 24 heures.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_category_display()} {self.hours} h"


# ---------------------------------------------------------------- partners and observations
class Partner(Versioned):
    """The service's partner directory (professional contacts only, never a youth)."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="field_partners")
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("nature", max_length=20, choices=PartnerKind.choices)
    organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    commune = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contact = models.CharField("contact professionnel", max_length=300, blank=True)

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "partenaire du service"
        verbose_name_plural = "partenaires du service"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "name"], name="field_partner_name_per_service"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PartnershipAction(Versioned):
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="partnership_actions"
    )
    date = models.DateField("date")
    title = models.CharField("objet", max_length=300)
    partners = models.ManyToManyField(Partner, related_name="actions", verbose_name="partenaires")
    hours = models.DecimalField(
        "durée (heures)", max_digits=5, decimal_places=2, null=True, blank=True
    )

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "action partenariale"
        verbose_name_plural = "actions partenariales"
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title


class Observation(Versioned):
    """A dated observation of the territory, written in general terms so that it can be
    shared (seed 001 art. 5: only general information in CLSPD bodies)."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="observations")
    observed_on = models.DateField("date", default=date.today)
    topic = models.CharField("thème", max_length=20, choices=ObservationTopic.choices)
    commune = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quartier = models.ForeignKey(
        Quartier, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("observation")
    shareable = models.BooleanField("partageable en termes généraux", default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "observation du territoire"
        verbose_name_plural = "observations du territoire"
        ordering = ["-observed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} ({self.observed_on:%d/%m/%Y})"


# ---------------------------------------------------------------- access log
class AccessLogQuerySet(ChainedLogQuerySet):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Le journal des accès ne peut pas être modifié.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Le journal des accès ne peut pas être effacé.")

    def visible_to(self, user: Any) -> AccessLogQuerySet:
        service_id = field_service_id(user)
        if service_id is None:
            return self.none()
        return self.filter(service_id=service_id)


class AccessLogEntry(ChainedLog):
    """Who read or changed which youth record, when, and what. Append-only for the
    application; holds identifiers and field names, never a value. Chained by digests and, on
    PostgreSQL, append-only in the database (``reperes.core.logs``)."""

    chain = ACCESS

    at = models.DateTimeField("date", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    youth = models.ForeignKey(
        Youth, null=True, on_delete=models.SET_NULL, related_name="access_log"
    )
    youth_public_id = models.UUIDField("jeune", db_index=True)
    action = models.CharField("action", max_length=20, choices=AccessAction.choices)
    record = models.CharField("fiche", max_length=40, default="youth")
    record_id = models.CharField("identifiant de la fiche", max_length=40, blank=True)
    fields = models.JSONField("champs", default=list, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = "accès à une fiche jeune"
        verbose_name_plural = "journal des accès"
        ordering = ["-at", "-pk"]
        # « Who read what between t1 and t2 » in one service (a breach's window): without it a
        # year's window reads every service's entries through the date index.
        indexes = [models.Index(fields=["service", "at"], name="access_log_service_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"

    @property
    def record_label(self) -> str:
        return ACCESS_RECORDS.get(self.record, self.record)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Le journal des accès ne peut pas être modifié.")
        super().save(*args, **kwargs)  # chains the entry

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Le journal des accès ne peut pas être effacé.")


def log_access(
    user: Any,
    youth: Youth,
    action: str,
    *,
    record: str = "youth",
    record_id: str = "",
    fields: list[str] | tuple[str, ...] = (),
) -> AccessLogEntry:
    """Write one access-log entry; call it inside the transaction of the read or change."""
    return AccessLogEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        service_id=youth.service_id,
        youth=youth,
        youth_public_id=youth.public_id,
        action=action,
        record=record,
        record_id=record_id,
        fields=list(fields),
    )
