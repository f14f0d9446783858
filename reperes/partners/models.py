"""Partners (organisations, their representatives and deliberations) and territories
(communes, quartiers, IRIS, places) and the services de prévention spécialisée. BRIEF §1."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .enums import OrganisationKind, PlaceKind, QuartierKind


def validate_siret(value: str) -> None:
    from reperes.rules.siret import siret_error

    error = siret_error(value)
    if error is not None:
        raise ValidationError(error, code="siret")


class DirectoryQuerySet(models.QuerySet[Any]):
    """Partners, territories and services are a shared directory: published in the
    deliberations, visible to every signed-in user. What is sensitive hangs off them."""

    def visible_to(self, user: Any) -> DirectoryQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self


class Commune(models.Model):
    insee_code = models.CharField("code INSEE", max_length=5, unique=True)
    name = models.CharField("nom", max_length=150)
    departement_code = models.CharField("département", max_length=3)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(insee_code__regex=r"^([0-9]{2}|2A|2B)[0-9]{3}$"),
                name="commune_insee_code_format",
                violation_error_message="Le code INSEE doit comporter 5 caractères (ex. 26198).",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Quartier(models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="quartiers")
    name = models.CharField("nom", max_length=200)
    kind = models.CharField(
        "nature", max_length=10, choices=QuartierKind.choices, default=QuartierKind.OTHER
    )
    code = models.CharField(
        "code QPV",
        max_length=12,
        blank=True,
        help_text="Code du quartier prioritaire (décret n° 2014-1750), s'il est connu.",
    )

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        ordering = ["commune__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "name"],
                name="quartier_unique_per_commune",
                violation_error_message="Ce quartier existe déjà dans cette commune.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.commune})"


class Iris(models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="iris")
    code = models.CharField("code IRIS", max_length=9, unique=True)
    name = models.CharField("nom", max_length=200)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = "IRIS"
        verbose_name_plural = "IRIS"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Place(models.Model):
    """A place of intervention: collège, equipment, public space (seed 004 art. 4)."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="places")
    quartier = models.ForeignKey(
        Quartier, null=True, blank=True, on_delete=models.SET_NULL, related_name="places"
    )
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("nature", max_length=20, choices=PlaceKind.choices)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = "lieu d'intervention"
        verbose_name_plural = "lieux d'intervention"
        ordering = ["commune__name", "name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    name = models.CharField("nom", max_length=250)
    short_name = models.CharField("nom court", max_length=100, blank=True)
    kind = models.CharField("nature", max_length=20, choices=OrganisationKind.choices)
    address = models.TextField("adresse", blank=True)
    commune = models.ForeignKey(
        Commune,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text="La commune elle-même, ou celle du siège.",
    )
    departement_code = models.CharField("département", max_length=3, blank=True)
    # Needed to publish the subsidies it grants or receives (SCDL « Subventions »).
    siret = models.CharField(
        "numéro SIRET",
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text="14 chiffres (SIREN et NIC), pour la publication des subventions.",
    )

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                name="organisation_unique_name",
                violation_error_message="Une organisation porte déjà ce nom.",
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def holiday_subdivision(self) -> str | None:
        """Alsace-Moselle has two more public holidays (Good Friday, 26 December)."""
        if self.departement_code == "57":
            return "57"
        if self.departement_code in {"67", "68"}:
            return "6AE"
        return None


class Representative(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="representatives"
    )
    full_name = models.CharField("nom", max_length=200)
    title = models.CharField("qualité", max_length=250)
    since = models.DateField("depuis", null=True, blank=True)
    until = models.DateField("jusqu'au", null=True, blank=True)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = "représentant"
        ordering = ["organisation__name", "full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True)
                | Q(since__isnull=True)
                | Q(until__gte=models.F("since")),
                name="representative_dates_ordered",
                violation_error_message="La date de fin doit suivre la date de début.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.title}"


class Deliberation(models.Model):
    """A decision of an assembly that approves credits or empowers a signature. The date may
    be unknown ("délibération du XXXXXXXXXX", seed 000): ``decided_on_text`` keeps it as written."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="deliberations"
    )
    assembly = models.CharField(
        "instance",
        max_length=200,
        help_text="Commission permanente, conseil municipal, conseil d'administration…",
    )
    reference = models.CharField("numéro", max_length=50, blank=True)
    decided_on = models.DateField("date", null=True, blank=True)
    decided_on_text = models.CharField("date telle qu'écrite", max_length=100, blank=True)
    title = models.CharField("objet", max_length=400, blank=True)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = "délibération"
        ordering = ["organisation__name", "decided_on"]

    def __str__(self) -> str:
        if self.decided_on:
            return f"{self.assembly} du {self.decided_on:%d/%m/%Y}"
        return f"{self.assembly} (date inconnue)"


class Service(models.Model):
    """A service de prévention spécialisée (SPS), run by an operator (association, or a
    commune "en régie", seed 004 art. 8)."""

    name = models.CharField("nom", max_length=200)
    label = models.CharField(
        "appellation", max_length=200, blank=True, help_text="Ex. « Présence et Action Sociale »."
    )
    operator = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name="organisme gestionnaire",
        null=True,
        blank=True,
    )
    departement = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authorised_services",
        verbose_name="Département d'autorisation",
        limit_choices_to={"kind": OrganisationKind.DEPARTEMENT},
    )
    communes = models.ManyToManyField(
        Commune, blank=True, related_name="services", verbose_name="communes d'intervention"
    )

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = "service de prévention spécialisée"
        verbose_name_plural = "services de prévention spécialisée"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                name="service_unique_name",
                violation_error_message="Un service porte déjà ce nom.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Authorisation(models.Model):
    """Arrêté d'autorisation of a service: 15 years of validity (seed 000 art. 2, CASF L313-1)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="authorisations")
    granted_on = models.DateField("date de l'arrêté", null=True, blank=True)
    granted_on_text = models.CharField("date telle qu'écrite", max_length=100, blank=True)
    validity_years = models.PositiveSmallIntegerField("validité (années)", default=15)
    reference = models.CharField("référence", max_length=100, blank=True)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = "autorisation"
        ordering = ["service__name", "-granted_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(validity_years__gte=1),
                name="authorisation_validity_positive",
                violation_error_message="La durée de validité doit être d'au moins un an.",
            )
        ]

    def __str__(self) -> str:
        return f"Autorisation de {self.service}"

    @property
    def ends_on(self) -> date | None:
        from reperes.rules.delays import Delay, period_last_day

        if self.granted_on is None:
            return None
        return period_last_day(self.granted_on, Delay.years(self.validity_years))


class Sector(models.Model):
    """An intervention sector of a service (seed 001, « Secteurs d'intervention des SPS »)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="sectors")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="sectors")
    quartiers = models.ManyToManyField(Quartier, blank=True, related_name="sectors")
    description = models.CharField("description", max_length=400, blank=True)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        verbose_name = "secteur d'intervention"
        verbose_name_plural = "secteurs d'intervention"
        ordering = ["service__name", "commune__name"]

    def __str__(self) -> str:
        return f"{self.service} — {self.commune}"
