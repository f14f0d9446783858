"""Zones with their populations and contours, indicator series by zone and year, and the
commented dashboards that assemble them (seed 003, fiche « Observatoire de données sociales »:
« une base de données au niveau de la commune, de ses quartiers et Iris, contenant cartes,
graphiques et tableaux de bord commentés et analysés »).

Zones and their populations are shared reference data (read by every signed-in user); a series
and a dashboard belong to a convention and are read by the members of its parties, always
through the secrecy layer (``reperes.observatory.protection``).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from reperes.core.constraints import check, unique
from reperes.core.fields import Link

from .enums import ValueKind, ZoneLevel


class ZoneQuerySet(models.QuerySet["Zone"]):
    def visible_to(self, user: Any) -> ZoneQuerySet:
        return self if getattr(user, "is_authenticated", False) else self.none()


class Zone(models.Model):
    level = models.CharField("niveau", max_length=10, choices=ZoneLevel.choices)
    code = models.CharField("code", max_length=20)
    name = models.CharField("nom", max_length=200)
    parent = Link("self", "commune de rattachement", related_name="children", null=True)
    # A GeoJSON geometry (Polygon or MultiPolygon, WGS 84) imported by a partner; nothing is
    # fetched at run time.
    geometry = models.JSONField("contour", null=True, blank=True)
    geometry_source = models.CharField("source du contour", max_length=300, blank=True)

    objects = ZoneQuerySet.as_manager()

    class Meta:
        ordering = ["level", "code"]
        constraints = [
            unique(
                "zone_unique_code_per_level",
                ["level", "code"],
                "Une zone de ce niveau porte déjà ce code.",
            ),
            check(
                "zone_has_parent_commune",
                Q(level=ZoneLevel.COMMUNE) | Q(parent__isnull=False),
                "Un quartier ou un IRIS est rattaché à une commune.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class ZonePopulation(models.Model):
    """The zone's population a year: INSEE population and CAF allocataires (the zone floor of
    seed 003 counts the allocataires of the zone, not the people of a table)."""

    zone = Link(Zone, related_name="populations", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField("année")
    insee_population = models.PositiveIntegerField("population INSEE", null=True, blank=True)
    caf_allocataires = models.PositiveIntegerField("allocataires CAF", null=True, blank=True)

    class Meta:
        ordering = ["zone", "year"]
        constraints = [
            unique(
                "zone_population_unique_year",
                ["zone", "year"],
                "La population de cette zone pour cette année existe déjà.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.zone} {self.year}"


def _visible_conventions(user: Any) -> Any:
    from reperes.conventions.models import Convention

    return Convention.objects.visible_to(user).values("pk")


class OfConventionQuerySet(models.QuerySet[Any]):
    """Series and dashboards: each belongs to a convention and is read by whoever sees it."""

    def visible_to(self, user: Any) -> OfConventionQuerySet:
        return self.filter(convention__in=_visible_conventions(user))


class Series(models.Model):
    convention = Link(
        "conventions.Convention",
        "convention",
        related_name="observatory_series",
        help_text="Sa règle de secret statistique (seuil, effectif minimal d'une zone) s'applique.",
    )
    publisher = Link(
        "partners.Organisation", "partenaire qui publie", related_name="observatory_series"
    )
    name = models.CharField("indicateur", max_length=200)
    definition = models.TextField("définition")
    source = models.CharField("source", max_length=300)
    unit = models.CharField("unité", max_length=60)
    level = models.CharField("niveau de zone", max_length=10, choices=ZoneLevel.choices)
    kind = models.CharField(
        "nature des valeurs", max_length=10, choices=ValueKind.choices, default=ValueKind.COUNT
    )
    # « import » or the catalogue code of a Repères indicator it was computed from.
    origin = models.CharField("origine", max_length=60, default="import")
    updated_at = models.DateTimeField("mise à jour", auto_now=True)

    objects = OfConventionQuerySet.as_manager()

    class Meta:
        verbose_name = "série d'indicateur"
        verbose_name_plural = "séries d'indicateurs"
        ordering = ["name"]
        constraints = [
            unique(
                "series_unique_name",
                ["convention", "publisher", "name", "level"],
                "Ce partenaire publie déjà cet indicateur à ce niveau.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Value(models.Model):
    series = Link(Series, related_name="values", on_delete=models.CASCADE)
    zone = Link(Zone, related_name="values")
    year = models.PositiveSmallIntegerField("année")
    value = models.DecimalField("valeur", max_digits=14, decimal_places=4)
    # The number of people a rate is computed on (a count is its own effectif).
    count = models.PositiveIntegerField("effectif", null=True, blank=True)

    class Meta:
        ordering = ["zone__code", "year"]
        constraints = [
            unique(
                "value_unique_zone_year",
                ["series", "zone", "year"],
                "Cette zone a déjà une valeur pour cette année.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.series} — {self.zone} {self.year}"


class Dashboard(models.Model):
    convention = Link("conventions.Convention", "convention", related_name="observatory_dashboards")
    publisher = Link("partners.Organisation", "partenaire", related_name="observatory_dashboards")
    title = models.CharField("titre", max_length=200)
    comment = models.TextField("analyse", blank=True)
    updated_at = models.DateTimeField("mise à jour", auto_now=True)

    objects = OfConventionQuerySet.as_manager()

    class Meta:
        verbose_name = "tableau de bord"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class DashboardItem(models.Model):
    dashboard = Link(Dashboard, related_name="items", on_delete=models.CASCADE)
    series = Link(Series, related_name="dashboard_items")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    comment = models.TextField("commentaire", blank=True)
    map_year = models.PositiveSmallIntegerField("année de la carte", null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.dashboard} — {self.series}"
