"""Personnel et effectifs (BRIEF §4): the staffing table in ETP by category, the staff
register, the requests that need the Département's prior written approval and the budgetary
documents a service sends its funders.

The register holds employees' personal data: it is read only through ``visible_to(user)``,
addressed by a random ``public_id``, and no name ever goes to the audit trail or a file name.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from reperes.core.constraints import YEAR_MAX, YEAR_MIN, check, unique
from reperes.core.fields import Link, acting_user
from reperes.core.locking import Versioned
from reperes.partners.models import Service

from . import rules
from .enums import ChangeRequestKind, ChangeRequestStatus, DocumentKind, StaffCategory

MIN_YEAR, MAX_YEAR = YEAR_MIN, YEAR_MAX


def visible_service_ids(user: Any) -> models.QuerySet[Any]:
    """Ids of the services whose staffing a user may see (``reperes.core.access``).

    - Operator staff (educators, directors) see their own service, run by their organisation
      (BRIEF « Who uses it »: nominative data of their own service only).
    - Funder agents see the services of the conventions binding their organisation today: the
      Département needs the staff statement for the prorata (seed 004 art. 6) and approves
      changes of the table (seed 001 art. 8.2).
    - Nobody else: the DPO and the platform administrators see registers and the audit trail,
      not the staff register.
    """
    from reperes.conventions.access import services_visible_to

    return services_visible_to(user).values("pk")


class ServiceScopedQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> ServiceScopedQuerySet:
        return self.filter(service__in=visible_service_ids(user))


class StaffedServiceQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> StaffedServiceQuerySet:
        return self.filter(pk__in=visible_service_ids(user))


class StaffedService(Service):
    """A service seen from its personnel pages. The directory of services is public; its
    staffing is not, so this proxy scopes ``visible_to`` as the staffing records are."""

    objects = StaffedServiceQuerySet.as_manager()  # type: ignore[misc,assignment]  # a proxy of Service, with its own manager

    class Meta:
        proxy = True
        verbose_name = "personnel d'un service"
        verbose_name_plural = "personnel des services"


def _year_constraint(name: str) -> models.CheckConstraint:
    """``year`` empty or one the records may be about: ``core.constraints.year_range`` with
    ``nullable``, its condition written the other way round as the migrations keep it."""
    return check(
        name,
        Q(year__isnull=True) | Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
        f"L'année doit être comprise entre {MIN_YEAR} et {MAX_YEAR}.",
    )


class StaffingLine(models.Model):
    """One line of the tableau des effectifs: planned ETP of a category for a year."""

    service = Link(Service, related_name="staffing_lines")
    year = models.PositiveSmallIntegerField("année")
    category = models.CharField("catégorie", max_length=20, choices=StaffCategory.choices)
    planned_fte = models.DecimalField("ETP prévus", max_digits=5, decimal_places=2)
    source = models.CharField(
        "source",
        max_length=300,
        blank=True,
        help_text="Ex. « Convention 2023-2025, article 5 » ou « Accord écrit du 12/03/2024 ».",
    )
    updated_at = models.DateTimeField("mise à jour", auto_now=True)

    objects = ServiceScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "ligne du tableau des effectifs"
        verbose_name_plural = "tableau des effectifs"
        ordering = ["service", "year", "category"]
        constraints = [
            unique(
                "staffing_line_unique",
                ["service", "year", "category"],
                "Cette catégorie figure déjà au tableau de cette année.",
            ),
            check(
                "staffing_line_planned_fte_not_negative",
                Q(planned_fte__gte=0),
                "Un effectif prévu ne peut pas être négatif.",
            ),
            _year_constraint("staffing_line_year_range"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.service} {self.year} — {self.get_category_display()} : {self.planned_fte} ETP"
        )


def _decision_path(instance: ChangeRequest, _filename: str) -> str:
    return f"personnel/{instance.service_id}/decisions/{uuid.uuid4().hex}.pdf"


def _document_path(instance: FinancialDocument, _filename: str) -> str:
    return f"personnel/{instance.service_id}/documents/{uuid.uuid4().hex}.pdf"


class StaffMember(Versioned):
    """One person of the staff register (seed 001 art. 8.2, « dossier individuel »; seed 004
    art. 6, « état des effectifs … date d'arrivée et date de départ »)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = Link(Service, related_name="staff_members")
    display_name = models.CharField("nom", max_length=200)
    job_title = models.CharField(
        "fonction", max_length=200, help_text="Ex. « Éducatrice spécialisée », « Chef de service »."
    )
    category = models.CharField("catégorie", max_length=20, choices=StaffCategory.choices)
    qualification = models.CharField(
        "qualification", max_length=300, blank=True, help_text="Cadre d'emploi, métier."
    )
    has_required_diploma = models.BooleanField(
        "titulaire du diplôme requis",
        default=False,
        help_text="Le diplôme que demande la clause de qualification de la convention (éducateur spécialisé ou équivalence de formation, par exemple).",
    )
    diploma = models.CharField("diplôme", max_length=300, blank=True)
    fte = models.DecimalField("ETP", max_digits=3, decimal_places=2)
    arrival = models.DateField("arrivée dans le service")
    departure = models.DateField(
        "départ", null=True, blank=True, help_text="Dernier jour travaillé."
    )
    counts_for_presence = models.BooleanField(
        "compte dans la présence éducative",
        default=True,
        help_text="Pour les travailleurs sociaux : sa présence entre dans le prorata du solde.",
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_record",
        verbose_name="compte Repères",
        help_text="Le compte avec lequel cette personne saisit son temps et son travail de terrain.",
    )
    created_at = models.DateTimeField("saisie", auto_now_add=True)
    updated_at = models.DateTimeField("mise à jour", auto_now=True)

    objects = ServiceScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "membre du personnel"
        verbose_name_plural = "registre du personnel"
        ordering = ["service", "category", "display_name"]
        constraints = [
            check(
                "staff_member_fte_range",
                Q(fte__gt=0, fte__lte=1),
                "Le temps de travail d'une personne est compris entre 0 et 1 ETP.",
            ),
            check(
                "staff_member_departure_after_arrival",
                Q(departure__isnull=True) | Q(departure__gte=models.F("arrival")),
                "Le départ ne peut pas précéder l'arrivée.",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def record(self) -> rules.StaffRecord:
        return rules.StaffRecord(
            category=self.category,
            fte=self.fte,
            arrival=self.arrival,
            departure=self.departure,
            counts_for_presence=self.counts_for_presence,
            has_required_diploma=self.has_required_diploma,
        )


class ChangeRequest(models.Model):
    """A request for the Président's prior written approval (seed 001 art. 8.2: investments,
    loans and any change of the tableau des effectifs, "faute de quoi, les conséquences
    financières … ne pourront être prises en charge"). A staffing change names the line it
    changes; it enters the table only once approved."""

    service = Link(Service, related_name="change_requests")
    kind = models.CharField("nature", max_length=20, choices=ChangeRequestKind.choices)
    title = models.CharField("objet", max_length=300)
    description = models.TextField("description", blank=True)
    amount = models.DecimalField(
        "montant (€)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    category = models.CharField(
        "catégorie concernée", max_length=20, choices=StaffCategory.choices, blank=True
    )
    year = models.PositiveSmallIntegerField("année du tableau", null=True, blank=True)
    planned_fte = models.DecimalField(
        "ETP demandés", max_digits=5, decimal_places=2, null=True, blank=True
    )
    requested_on = models.DateField("demandée le")
    requested_by = acting_user(blank=True)
    status = models.CharField(
        "état",
        max_length=10,
        choices=ChangeRequestStatus.choices,
        default=ChangeRequestStatus.PENDING,
    )
    decided_on = models.DateField("décidée le", null=True, blank=True)
    decided_by = acting_user("décidée par", blank=True)
    decision_text = models.TextField("décision", blank=True)
    written_decision = models.FileField(
        "décision écrite (PDF)", upload_to=_decision_path, blank=True
    )
    created_at = models.DateTimeField("saisie", auto_now_add=True)

    objects = ServiceScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "demande d'accord préalable"
        verbose_name_plural = "demandes d'accord préalable"
        ordering = ["service", "-requested_on", "-pk"]
        constraints = [
            check(
                "change_request_amount_not_negative",
                Q(amount__isnull=True) | Q(amount__gte=0),
                "Un montant ne peut pas être négatif.",
            ),
            check(
                "change_request_planned_fte_not_negative",
                Q(planned_fte__isnull=True) | Q(planned_fte__gte=0),
                "Un effectif demandé ne peut pas être négatif.",
            ),
            check(
                "change_request_staffing_change_complete",
                ~Q(kind=ChangeRequestKind.STAFFING_CHANGE)
                | (~Q(category="") & Q(year__isnull=False) & Q(planned_fte__isnull=False)),
                "Une modification du tableau des effectifs indique la catégorie, l'année et "
                "l'effectif demandé.",
            ),
            check(
                "change_request_decision_dated",
                (Q(status=ChangeRequestStatus.PENDING) & Q(decided_on__isnull=True))
                | (~Q(status=ChangeRequestStatus.PENDING) & Q(decided_on__isnull=False)),
                "Une demande décidée porte la date de la décision, une demande en attente n'en "
                "a pas.",
            ),
            check(
                "change_request_decided_after_request",
                Q(decided_on__isnull=True) | Q(decided_on__gte=models.F("requested_on")),
                "La décision ne peut pas précéder la demande.",
            ),
            _year_constraint("change_request_year_range"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_pending(self) -> bool:
        return self.status == ChangeRequestStatus.PENDING


class FinancialDocument(models.Model):
    """A budgetary or accounting document received from the service, as a document clause of
    its conventions asks (``reperes.deadlines.duties`` says when it is due). ``year`` is the
    year it is about: the budget's year, the accounts' financial year, the year the staff
    statement covers."""

    service = Link(Service, related_name="financial_documents")
    kind = models.CharField("nature", max_length=30, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField("année concernée")
    received_on = models.DateField("reçu le")
    file = models.FileField("document (PDF)", upload_to=_document_path)
    certified_by = models.CharField(
        "certifié par",
        max_length=300,
        blank=True,
        help_text="Commissaire aux comptes (obligatoire pour les comptes certifiés).",
    )
    uploaded_by = acting_user(blank=True)
    uploaded_at = models.DateTimeField("déposé le", auto_now_add=True)

    objects = ServiceScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "document budgétaire ou comptable"
        verbose_name_plural = "documents budgétaires et comptables"
        ordering = ["service", "-year", "kind", "-received_on"]
        constraints = [
            check(
                "financial_document_certified_by_auditor",
                ~Q(kind=DocumentKind.CERTIFIED_STATEMENTS) | ~Q(certified_by=""),
                "Des comptes certifiés indiquent le commissaire aux comptes qui les certifie.",
            ),
            _year_constraint("financial_document_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"
