"""Partners (organisations, their representatives and deliberations) and territories
(communes, quartiers, IRIS, places) and the services de prévention spécialisée. BRIEF §1."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from reperes.core.constraints import check, dates_in_order, unique
from reperes.core.fields import Link

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


class DirectoryModel(models.Model):
    """A record of the directory: every signed-in user sees it (``DirectoryQuerySet``)."""

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        abstract = True


class Commune(DirectoryModel):
    insee_code = models.CharField("code INSEE", max_length=5, unique=True)
    name = models.CharField("nom", max_length=150)
    departement_code = models.CharField("département", max_length=3)

    class Meta:
        ordering = ["name"]
        constraints = [
            check(
                "commune_insee_code_format",
                Q(insee_code__regex=r"^([0-9]{2}|2A|2B)[0-9]{3}$"),
                "Le code INSEE doit comporter 5 caractères (ex. 26198).",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Quartier(DirectoryModel):
    commune = Link(Commune, related_name="quartiers")
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

    class Meta:
        ordering = ["commune__name", "name"]
        constraints = [
            unique(
                "quartier_unique_per_commune",
                ["commune", "name"],
                "Ce quartier existe déjà dans cette commune.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.commune})"


class Iris(DirectoryModel):
    commune = Link(Commune, related_name="iris")
    code = models.CharField("code IRIS", max_length=9, unique=True)
    name = models.CharField("nom", max_length=200)

    class Meta:
        verbose_name = "IRIS"
        verbose_name_plural = "IRIS"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Place(DirectoryModel):
    """A place of intervention: collège, equipment, public space (seed 004 art. 4)."""

    commune = Link(Commune, related_name="places")
    quartier = Link(Quartier, related_name="places", on_delete=models.SET_NULL, null=True)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("nature", max_length=20, choices=PlaceKind.choices)

    class Meta:
        verbose_name = "lieu d'intervention"
        verbose_name_plural = "lieux d'intervention"
        ordering = ["commune__name", "name"]

    def __str__(self) -> str:
        return self.name


class Organisation(DirectoryModel):
    name = models.CharField("nom", max_length=250)
    short_name = models.CharField("nom court", max_length=100, blank=True)
    kind = models.CharField("nature", max_length=20, choices=OrganisationKind.choices)
    address = models.TextField("adresse", blank=True)
    commune = Link(
        Commune,
        related_name="organisations",
        null=True,
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

    class Meta:
        ordering = ["name"]
        constraints = [
            unique("organisation_unique_name", ["name"], "Une organisation porte déjà ce nom.")
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


class Representative(DirectoryModel):
    organisation = Link(Organisation, related_name="representatives", on_delete=models.CASCADE)
    full_name = models.CharField("nom", max_length=200)
    title = models.CharField("qualité", max_length=250)
    since = models.DateField("depuis", null=True, blank=True)
    until = models.DateField("jusqu'au", null=True, blank=True)

    class Meta:
        verbose_name = "représentant"
        ordering = ["organisation__name", "full_name"]
        constraints = [
            dates_in_order(
                "representative_dates_ordered",
                "since",
                "until",
                "La date de fin doit suivre la date de début.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.title}"


class Deliberation(DirectoryModel):
    """A decision of an assembly that approves credits or empowers a signature. The date may
    be unknown ("délibération du XXXXXXXXXX", seed 000): ``decided_on_text`` keeps it as written."""

    organisation = Link(Organisation, related_name="deliberations", on_delete=models.CASCADE)
    assembly = models.CharField(
        "instance",
        max_length=200,
        help_text="Commission permanente, conseil municipal, conseil d'administration…",
    )
    reference = models.CharField("numéro", max_length=50, blank=True)
    decided_on = models.DateField("date", null=True, blank=True)
    decided_on_text = models.CharField("date telle qu'écrite", max_length=100, blank=True)
    title = models.CharField("objet", max_length=400, blank=True)

    class Meta:
        verbose_name = "délibération"
        ordering = ["organisation__name", "decided_on"]

    def __str__(self) -> str:
        if self.decided_on:
            return f"{self.assembly} du {self.decided_on:%d/%m/%Y}"
        return f"{self.assembly} (date inconnue)"


class Service(DirectoryModel):
    """A service de prévention spécialisée (SPS), run by an operator (association, or a
    commune "en régie", seed 004 art. 8)."""

    name = models.CharField("nom", max_length=200)
    label = models.CharField(
        "appellation", max_length=200, blank=True, help_text="Ex. « Présence et Action Sociale »."
    )
    operator = Link(Organisation, "organisme gestionnaire", related_name="services", null=True)
    departement = Link(
        Organisation,
        "Département d'autorisation",
        related_name="authorised_services",
        null=True,
        limit_choices_to={"kind": OrganisationKind.DEPARTEMENT},
    )
    communes = models.ManyToManyField(
        Commune, blank=True, related_name="services", verbose_name="communes d'intervention"
    )

    class Meta:
        verbose_name = "service de prévention spécialisée"
        verbose_name_plural = "services de prévention spécialisée"
        ordering = ["name"]
        constraints = [unique("service_unique_name", ["name"], "Un service porte déjà ce nom.")]

    def __str__(self) -> str:
        return self.name


class Authorisation(DirectoryModel):
    """Arrêté d'autorisation of a service: 15 years of validity (seed 000 art. 2, CASF L313-1)."""

    service = Link(Service, related_name="authorisations", on_delete=models.CASCADE)
    granted_on = models.DateField("date de l'arrêté", null=True, blank=True)
    granted_on_text = models.CharField("date telle qu'écrite", max_length=100, blank=True)
    validity_years = models.PositiveSmallIntegerField("validité (années)", default=15)
    reference = models.CharField("référence", max_length=100, blank=True)

    class Meta:
        verbose_name = "autorisation"
        ordering = ["service__name", "-granted_on"]
        constraints = [
            check(
                "authorisation_validity_positive",
                Q(validity_years__gte=1),
                "La durée de validité doit être d'au moins un an.",
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


class Sector(DirectoryModel):
    """An intervention sector of a service (seed 001, « Secteurs d'intervention des SPS »)."""

    service = Link(Service, related_name="sectors", on_delete=models.CASCADE)
    commune = Link(Commune, related_name="sectors")
    quartiers = models.ManyToManyField(Quartier, blank=True, related_name="sectors")
    description = models.CharField("description", max_length=400, blank=True)

    class Meta:
        verbose_name = "secteur d'intervention"
        verbose_name_plural = "secteurs d'intervention"
        ordering = ["service__name", "commune__name"]

    def __str__(self) -> str:
        return f"{self.service} — {self.commune}"
