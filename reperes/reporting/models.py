"""Aggregate submissions (« remontées agrégées », BRIEF §8, issue 5).

A service that does not record individually sends, for a year, the catalogue's indicators
(``reperes.reporting.catalogue``) as figures; the funders party to its convention validate or
return them. A validated submission is locked; only a funder may unlock it, with a reason, and
every decision is kept in an append-only log.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from reperes.core.constraints import check, unique, year_range
from reperes.core.fields import Link, acting_user

from .enums import SEEN_BY_FUNDERS, SubmissionEventKind, SubmissionStatus

# Parties whose agents decide on a submission: the pilot and the co-funders of the convention.
FUNDER_ROLES = ("pilot", "co_funder")


def numbered_from_one(name: str, field: str) -> models.CheckConstraint:
    """The versions in ``field`` are numbered from 1 (a publication's, a composed model's)."""
    return check(name, Q(**{f"{field}__gte": 1}), "Les versions sont numérotées à partir de 1.")


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def visible_to(self, user: Any) -> SubmissionQuerySet:
        """The service's own staff see all its submissions; the agents of a funder (pilot or
        co-funder) of a convention that binds today see those sent under it (not the drafts);
        nobody else sees any (``reperes.conventions.access``)."""
        from reperes.conventions.access import funder_binding_ids
        from reperes.conventions.models import Party
        from reperes.core.access import is_funder_agent, staff_service_id

        own = staff_service_id(user)
        if own is not None:
            return self.filter(service_id=own)
        if is_funder_agent(user):
            # The conventions binding the agent's organisation today (read once per request),
            # among those it funds as pilot or co-funder.
            funded = Party.objects.filter(
                organisation_id=user.organisation_id, role__in=FUNDER_ROLES
            ).values("convention")
            return self.filter(
                convention_id__in=funder_binding_ids(user),
                convention__in=funded,
                status__in=SEEN_BY_FUNDERS,
            )
        return self.none()


class Submission(models.Model):
    public_id = models.UUIDField("identifiant public", default=uuid.uuid4, unique=True)
    service = Link("partners.Service", related_name="submissions")
    convention = Link("conventions.Convention", "convention", related_name="submissions")
    year = models.PositiveSmallIntegerField("année")
    status = models.CharField(
        "état", max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    sent_at = models.DateTimeField("envoyée le", null=True, blank=True)
    sent_by = acting_user("envoyée par", blank=True)
    decided_at = models.DateTimeField("décision le", null=True, blank=True)
    decided_by = acting_user("décision par", blank=True)
    funder_comment = models.TextField("commentaire du financeur", blank=True)
    # Catalogue code -> the service's explanation of a flagged change (year-on-year check).
    explanations = models.JSONField("explications du service", default=dict, blank=True)
    created_at = models.DateTimeField("création", auto_now_add=True)
    updated_at = models.DateTimeField("mise à jour", auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = "remontée agrégée"
        verbose_name_plural = "remontées agrégées"
        ordering = ["-year", "service__name"]
        constraints = [
            unique(
                "submission_unique_per_service_year",
                ["service", "year"],
                "Ce service a déjà une remontée pour cette année.",
            ),
            year_range("submission"),
            check(
                "submission_status_known",
                Q(status__in=SubmissionStatus.values),
                "État de remontée inconnu.",
            ),
            check(
                "submission_sent_has_date",
                Q(status=SubmissionStatus.DRAFT) | Q(sent_at__isnull=False),
                "Une remontée envoyée doit avoir une date d'envoi.",
            ),
        ]

    def __str__(self) -> str:
        return f"Remontée {self.year} — {self.service}"

    @property
    def locked(self) -> bool:
        return self.status == SubmissionStatus.VALIDATED

    def values_by_code(self) -> dict[str, Any]:
        return {v.code: v.value for v in self.values.all()}

    def notes_by_code(self) -> dict[str, str]:
        return {v.code: v.note for v in self.values.all() if v.note}


class SubmissionValue(models.Model):
    """One figure of a submission; no value is « NR », non renseigné (seed 001 table)."""

    submission = Link(Submission, related_name="values", on_delete=models.CASCADE)
    code = models.CharField("indicateur", max_length=80)
    value = models.DecimalField("valeur", max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.CharField(
        "précision",
        max_length=300,
        blank=True,
        help_text="Ex. « Dans les accompagnements individuels » quand la case n'est pas chiffrée.",
    )

    class Meta:
        verbose_name = "valeur d'une remontée"
        verbose_name_plural = "valeurs des remontées"
        ordering = ["submission", "code"]
        constraints = [
            unique(
                "submission_value_unique_code",
                ["submission", "code"],
                "Cet indicateur figure déjà dans la remontée.",
            ),
            check(
                "submission_value_not_negative",
                Q(value__isnull=True) | Q(value__gte=0),
                "Une valeur déclarée ne peut pas être négative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} = {'NR' if self.value is None else self.value}"


class SubmissionEvent(models.Model):
    """Append-only log of a submission's decisions: rows are created, never changed."""

    submission = Link(Submission, related_name="events")
    kind = models.CharField("événement", max_length=20, choices=SubmissionEventKind.choices)
    at = models.DateTimeField("date", default=timezone.now)
    by = acting_user("par")
    comment = models.TextField("commentaire ou motif", blank=True)

    class Meta:
        verbose_name = "événement d'une remontée"
        verbose_name_plural = "historique des remontées"
        ordering = ["submission", "at", "pk"]
        constraints = [
            check(
                "submission_event_reason_required",
                ~Q(kind__in=[SubmissionEventKind.UNLOCKED, SubmissionEventKind.RETURNED])
                | ~Q(comment=""),
                "Un renvoi ou un déverrouillage doit être motivé.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.submission}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("L'historique d'une remontée ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("L'historique d'une remontée ne s'efface pas.")


class ReportNarrative(models.Model):
    """A part of a report that the service's director writes beside the computed figures
    (seed 000 annex 1: the annual review's « éléments d'observations et de compréhension des
    territoires », « le partenariat »…), for one service, report model and period."""

    service = Link("partners.Service", related_name="report_narratives")
    model_key = models.CharField("modèle de rapport", max_length=40)
    period_key = models.CharField("période", max_length=30)
    part = models.CharField("partie", max_length=40)
    text = models.TextField("texte", blank=True)
    updated_at = models.DateTimeField("mise à jour", auto_now=True)
    updated_by = acting_user("rédigé par")

    class Meta:
        verbose_name = "partie rédigée d'un rapport"
        constraints = [
            unique(
                "report_narrative_unique_part",
                ["service", "model_key", "period_key", "part"],
                "Cette partie du rapport est déjà rédigée.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} — {self.model_key} {self.period_key} — {self.part}"


class PublicationKind(models.TextChoices):
    YEAR = "year", "Année"
    SEMESTER = "semester", "Semestre"
    QUARTER = "quarter", "Trimestre"
    MONTH = "month", "Mois"
    YEAR_TO_SEMESTER = "year_to_semester", "Du 1er janvier à la fin du semestre"
    YEAR_TO_QUARTER = "year_to_quarter", "Du 1er janvier à la fin du trimestre"
    YEAR_TO_MONTH = "year_to_month", "Du 1er janvier à la fin du mois"
    MEETING = "meeting", "Depuis la réunion précédente"


class SavedOnce(models.Model):
    """A row saved once and never changed: a correction is a new row. ``change_refusal`` says
    what to do instead."""

    change_refusal: str

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError(self.change_refusal)
        super().save(*args, **kwargs)


class PublicationQuerySet(models.QuerySet["Publication"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError(self.model.change_refusal)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Une publication ne s'efface pas.")


class Publication(SavedOnce):
    """A report as it left its service (issue 9, « Funders see publications, not queries »):
    one report model, one period that the convention's reporting defines, frozen after
    statistical secrecy. A correction is a new version; nothing is ever changed or erased.

    ``content`` is what the funders download (withheld cells are « s »); ``exact`` keeps the
    figures before secrecy, read only by the secrecy layer when it suppresses a later
    publication together with this one — never served."""

    service = Link("partners.Service", related_name="publications")
    convention = Link("conventions.Convention", "convention", related_name="publications")
    model_key = models.CharField("modèle de rapport", max_length=40)
    # The version of the model the report was built with (a library model's file version, or
    # a composed model's saved version, kept by ``model_revision``).
    model_version = models.PositiveIntegerField("version du modèle", null=True, blank=True)
    model_revision = Link(
        "reporting.ReportModelVersion",
        "version du modèle composé",
        related_name="publications",
        null=True,
    )
    period_start = models.DateField("début de la période")
    period_end = models.DateField("fin de la période")
    period_key = models.CharField("période", max_length=30)
    period_kind = models.CharField("type de période", max_length=20, choices=PublicationKind)
    version = models.PositiveSmallIntegerField("version", default=1)
    threshold = models.PositiveSmallIntegerField("seuil du secret statistique")
    content = models.JSONField("contenu publié")
    exact = models.JSONField("chiffres exacts (jamais diffusés)", default=dict)
    reason = models.TextField("motif de la correction", blank=True)
    created_at = models.DateTimeField("publiée le", default=timezone.now)
    created_by = acting_user("publiée par", blank=True)

    change_refusal = "Une publication ne se modifie pas : publiez une nouvelle version."

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = "publication d'un rapport"
        ordering = ["service", "model_key", "period_start", "period_end", "version"]
        constraints = [
            unique(
                "publication_unique_version",
                ["service", "model_key", "period_key", "version"],
                "Cette version du rapport est déjà publiée.",
            ),
            check(
                "publication_period_in_order",
                Q(period_end__gte=models.F("period_start")),
                "La fin de la période précède son début.",
            ),
            numbered_from_one("publication_version_from_one", "version"),
            check(
                "publication_correction_has_reason",
                Q(version=1) | ~Q(reason=""),
                "Une version corrigée indique le motif de la correction.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} — {self.model_key} {self.period_key} v{self.version}"

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("Une publication ne s'efface pas.")


class PublicationCharts(models.Model):
    """The charts of a publication, drawn once from its published tables (SVG and their text
    alternative, by chart key): the page a funder opens reads them instead of drawing them at
    each request (issue 12). Drawn when the publication is made; for one made before, at its
    first reading."""

    publication = models.OneToOneField(
        Publication, on_delete=models.PROTECT, related_name="charts", primary_key=True
    )
    images = models.JSONField("graphiques", default=dict)

    class Meta:
        verbose_name = "graphiques d'une publication"

    def __str__(self) -> str:
        return f"{self.publication} — graphiques"


class PublicationFileStatus(models.TextChoices):
    PENDING = "pending", "En préparation"
    READY = "ready", "Prêt"
    FAILED = "failed", "Échec"


class PublicationFileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Tableur XLSX"


class PublicationFile(models.Model):
    """A file of a publication version (PDF, spreadsheet), made once by the task worker
    (``reperes.reporting.publication_files``) and then served as it is: a correction is a new
    version, with its own files."""

    publication = Link(Publication, related_name="files")
    format = models.CharField("format", max_length=10, choices=PublicationFileFormat)
    status = models.CharField(
        "état", max_length=10, choices=PublicationFileStatus, default=PublicationFileStatus.PENDING
    )
    file = models.FileField("fichier", upload_to="publications/", blank=True)
    error = models.TextField("cause de l'échec", blank=True)
    task_id = models.CharField("tâche", max_length=64, blank=True)
    requested_at = models.DateTimeField("demandé le", default=timezone.now)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "fichier d'une publication"
        constraints = [
            unique(
                "publication_file_unique_format",
                ["publication", "format"],
                "Ce fichier de la publication existe déjà.",
            ),
            check(
                "publication_file_ready_has_file",
                ~Q(status="ready") | ~Q(file=""),
                "Un fichier prêt a son contenu.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publication} — {self.format}"


class ReportModel(models.Model):
    """A report model composed in the interface by a funder's agent (issue 16): sections of
    tables, charts and written parts, as data (``reperes.reporting.model_engine``). The models
    Repères ships (the five of the seeds) are data files (``reporting/model_data``); these
    are the Départements' own. ``draft`` is the model being edited; the reports use its last
    saved version (``versions``), and a publication keeps the version it used."""

    key = models.SlugField("code", max_length=40, unique=True)
    title = models.CharField("intitulé", max_length=200)
    description = models.TextField("description", blank=True)
    owner = Link(
        "partners.Organisation", "Département qui l'a composé", related_name="report_models"
    )
    shared_with = models.ManyToManyField(
        "partners.Organisation",
        blank=True,
        related_name="shared_report_models",
        verbose_name="partagé avec",
    )
    cumulative = models.BooleanField("depuis le 1er janvier", default=False)
    draft = models.JSONField("brouillon", default=dict)
    created_at = models.DateTimeField("créé le", default=timezone.now)

    class Meta:
        verbose_name = "modèle de rapport"
        ordering = ["title", "key"]

    def __str__(self) -> str:
        return self.title


class ReportModelVersion(SavedOnce):
    """A saved version of a composed model: never changed once saved (publications keep it)."""

    model = Link(ReportModel, related_name="versions")
    number = models.PositiveIntegerField("version")
    spec = models.JSONField("contenu du modèle")
    created_at = models.DateTimeField("enregistrée le", default=timezone.now)
    created_by = acting_user("enregistrée par", blank=True)

    change_refusal = "Une version de modèle ne se modifie pas : enregistrez-en une autre."

    class Meta:
        verbose_name = "version d'un modèle de rapport"
        ordering = ["model", "number"]
        constraints = [
            unique(
                "report_model_version_unique",
                ["model", "number"],
                "Cette version du modèle existe déjà.",
            ),
            numbered_from_one("report_model_version_from_one", "number"),
        ]

    def __str__(self) -> str:
        return f"{self.model} v{self.number}"


# ---------------------------------------------------------------- figures kept between requests


class RecordsVersion(models.Model):
    """How many times a service's field records have changed: bumped after each commit that
    writes one (``figures_store``), so that figures computed from an older version are known
    to be out of date. No row: version 0, nothing recorded since the store began."""

    service = models.OneToOneField(
        "partners.Service", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "version des saisies d'un service"

    def __str__(self) -> str:
        return f"Saisies du service {self.service_id}, version {self.version}"


class StoredFigures(models.Model):
    """A service's catalogue figures for a year (``values_by_service``), as computed from
    its records at ``version`` by the definitions whose fingerprint is ``definitions``; out of
    date as soon as either has moved. Internal to the service's own figures: published only
    through the consolidation, which passes them through statistical secrecy."""

    service = Link("partners.Service", related_name="+", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    version = models.PositiveBigIntegerField()
    definitions = models.CharField(max_length=64)
    values = models.JSONField()  # {code: decimal written as text}

    class Meta:
        verbose_name = "chiffres calculés d'un service"
        constraints = [
            unique(
                "stored_figures_one_per_service_year",
                ["service", "year"],
                "Les chiffres d'un service pour une année sont uniques.",
            )
        ]

    def __str__(self) -> str:
        return f"Chiffres {self.year} du service {self.service_id}, version {self.version}"


class StoredYears(models.Model):
    """The years in which a service has field records (``consolidation.years_with_data``),
    as read at ``version``: the dated years, and the first year of any accompaniment or
    collective action still running (data every year from then on)."""

    service = models.OneToOneField(
        "partners.Service", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    version = models.PositiveBigIntegerField()
    years = models.JSONField()  # sorted list of years
    running_since = models.PositiveSmallIntegerField(null=True)

    class Meta:
        verbose_name = "années saisies d'un service"

    def __str__(self) -> str:
        return f"Années saisies du service {self.service_id}, version {self.version}"
