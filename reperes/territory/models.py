"""The territory: thematic partnership sheets (fiches-actions, seed 003 « Fiches annexes ») and
the local diagnostic (seed 004 art. 9, seed 001 art. 2.2 and the référentiel « Diagnostic de
territoire partagé »). BRIEF §9."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models

from reperes.core.constraints import unique, year_range
from reperes.core.fields import Link, acting_user
from reperes.partners.fields import optional_organisation

from .enums import ActionStatus

if TYPE_CHECKING:
    from reperes.governance.models import Meeting


def at_meeting(verbose_name: str) -> Link[Meeting | None, Meeting | None]:
    """The steering meeting where a theme was chosen or a diagnostic validated: emptied, not
    deleted with it, when the meeting goes; no reverse accessor on the meeting."""
    return Link(
        "governance.Meeting",
        verbose_name,
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
    )


# ---------------------------------------------------------------- fiches-actions


class ThemeSheetQuerySet(models.QuerySet["ThemeSheet"]):
    def visible_to(self, user: Any) -> ThemeSheetQuerySet:
        """A sheet is read by the members of its convention's parties, as the convention is."""
        from reperes.conventions.models import Convention

        return self.filter(convention__in=Convention.objects.visible_to(user).values("pk"))


class ThemeSheet(models.Model):
    """One theme of cooperation of a convention for one year, declined in a fiche-action.

    Seed 003: « Ces thèmes de coopération […] sont déterminés annuellement par le Comité de
    Pilotage. Ils font l'objet d'une annexe […] et seront déclinés en fiches-actions. » A sheet
    carried over to the next year is a new row (``carried_from``): the history stays, year by
    year."""

    convention = Link(
        "conventions.Convention", related_name="theme_sheets", on_delete=models.CASCADE
    )
    theme = models.CharField("thème", max_length=200)
    year = models.PositiveSmallIntegerField("année")
    years_text = models.CharField(
        "année(s) comme écrit", max_length=60, blank=True, help_text="Ex. « 2009-2010 »."
    )
    existing = models.TextField("éléments descriptifs de l'existant", blank=True)
    concerns = models.TextField("préoccupations partagées", blank=True)
    objectives = models.TextField("objectifs du partenariat", blank=True)
    priorities = models.TextField("priorités retenues", blank=True)
    partnership_actions = models.TextField("actions de partenariat à développer", blank=True)
    evaluation = models.TextField("indicateurs d'évaluation (texte)", blank=True)
    regulatory_notes = models.TextField("précisions réglementaires", blank=True)
    pilot = optional_organisation("pilote")
    partners = models.ManyToManyField(
        "partners.Organisation", blank=True, related_name="+", verbose_name="partenaires"
    )
    carried_from = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
        verbose_name="reconduite de la fiche",
    )
    decided_at = at_meeting("thème retenu à la réunion")
    source = models.CharField("source", max_length=300, blank=True)
    created_at = models.DateTimeField("création", auto_now_add=True)
    updated_at = models.DateTimeField("mise à jour", auto_now=True)

    objects = ThemeSheetQuerySet.as_manager()

    class Meta:
        verbose_name = "fiche-action"
        verbose_name_plural = "fiches-actions"
        ordering = ["convention", "-year", "theme"]
        constraints = [
            unique(
                "territory_sheet_unique_theme_year",
                ["convention", "theme", "year"],
                "Une fiche-action existe déjà pour ce thème et cette année.",
            ),
            year_range("territory_sheet", first=1990),
        ]

    def __str__(self) -> str:
        return f"{self.theme} ({self.year})"

    #: The sections of the seed's sheets, in their order (field, heading as written).
    SECTIONS = (
        ("existing", "Éléments descriptifs de l'existant"),
        ("concerns", "Préoccupations partagées"),
        ("objectives", "Objectifs du partenariat"),
        ("priorities", "Priorités retenues"),
        ("partnership_actions", "Actions de partenariat à développer"),
        ("evaluation", "Indicateurs d'évaluation"),
        ("regulatory_notes", "Précisions réglementaires"),
    )

    def sections(self) -> list[tuple[str, str]]:
        return [(heading, getattr(self, name)) for name, heading in self.SECTIONS]

    def history(self) -> list[ThemeSheet]:
        """The sheet's years, oldest first (following ``carried_from``)."""
        chain: list[ThemeSheet] = [self]
        seen = {self.pk}
        current = self
        while current.carried_from_id and current.carried_from_id not in seen:
            current = current.carried_from  # type: ignore[assignment]  # carried_from_id is set (the loop test)
            seen.add(current.pk)
            chain.append(current)
        chain.reverse()
        current = self
        while True:
            following = ThemeSheet.objects.filter(carried_from=current).first()
            if following is None or following.pk in seen:
                break
            seen.add(following.pk)
            chain.append(following)
            current = following
        return chain


class SheetAction(models.Model):
    sheet = Link(ThemeSheet, related_name="actions", on_delete=models.CASCADE)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    title = models.CharField("action", max_length=400)
    status = models.CharField(
        "état", max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    note = models.TextField("suivi", blank=True)

    class Meta:
        verbose_name = "action de la fiche"
        ordering = ["sheet", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class SheetIndicator(models.Model):
    """An evaluation indicator of a sheet, as the sheet words it, optionally linked to one of
    Repères' own indicators (``reperes.reporting.catalogue``) or to a series of the shared
    observatory published under the same convention (so under the same secrecy rule)."""

    sheet = Link(ThemeSheet, related_name="indicators", on_delete=models.CASCADE)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    label = models.CharField("indicateur", max_length=400)
    catalogue_code = models.CharField(
        "indicateur de Repères", max_length=80, blank=True, help_text="Code du catalogue."
    )
    target = models.CharField("cible ou méthode", max_length=300, blank=True)
    series = Link(
        "observatory.Series",
        "série de l'observatoire",
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
    )

    class Meta:
        verbose_name = "indicateur d'évaluation"
        verbose_name_plural = "indicateurs d'évaluation"
        ordering = ["sheet", "order", "pk"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        from reperes.reporting.catalogue import BY_CODE

        if self.catalogue_code and self.catalogue_code not in BY_CODE:
            raise ValidationError(
                {"catalogue_code": f"« {self.catalogue_code} » n'est pas un indicateur de Repères."}
            )
        if self.series is not None and self.series.convention_id != self.sheet.convention_id:
            raise ValidationError(
                {"series": "Cette série de l'observatoire est publiée sous une autre convention."}
            )

    @property
    def catalogue_label(self) -> str:
        from reperes.reporting.catalogue import BY_CODE

        indicator = BY_CODE.get(self.catalogue_code)
        return indicator.label if indicator is not None else ""


# ---------------------------------------------------------------- local diagnostic


class DiagnosticQuerySet(models.QuerySet["Diagnostic"]):
    def visible_to(self, user: Any) -> DiagnosticQuerySet:
        """The service's staff, and the agents of the organisations whose convention binds the
        service (the commune, the Département): ``reperes.conventions.access``."""
        from reperes.conventions.access import services_visible_to

        return self.filter(service__in=services_visible_to(user))


class Diagnostic(models.Model):
    """The local diagnostic of one service on one commune: a document with versions."""

    service = Link("partners.Service", related_name="diagnostics")
    commune = Link("partners.Commune", related_name="diagnostics")
    created_at = models.DateTimeField("création", auto_now_add=True)

    objects = DiagnosticQuerySet.as_manager()

    class Meta:
        verbose_name = "diagnostic local"
        verbose_name_plural = "diagnostics locaux"
        ordering = ["service", "commune"]
        constraints = [
            unique(
                "territory_diagnostic_unique",
                ["service", "commune"],
                "Ce service a déjà un diagnostic pour cette commune.",
            )
        ]

    def __str__(self) -> str:
        return f"Diagnostic local — {self.service} — {self.commune.name}"


class DiagnosticVersionQuerySet(models.QuerySet["DiagnosticVersion"]):
    def visible_to(self, user: Any) -> DiagnosticVersionQuerySet:
        return self.filter(diagnostic__in=Diagnostic.objects.visible_to(user))


class DiagnosticVersion(models.Model):
    """One yearly version: a frozen portrait (the service's indicators, under secrecy), the
    team's shareable observations as they stood, and the sections written together."""

    diagnostic = Link(Diagnostic, related_name="versions", on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField("version")
    year = models.PositiveSmallIntegerField("année décrite")
    portrait = models.JSONField("portrait du territoire", default=list, blank=True)
    observations = models.JSONField("observations de l'équipe", default=list, blank=True)
    zoning = models.TextField("bassin géographique et zonage", blank=True)
    needs = models.TextField("difficultés et besoins identifiés", blank=True)
    resources = models.TextField("ressources, équipements et partenaires", blank=True)
    priorities = models.TextField("priorités", blank=True)
    strengths = models.TextField("points forts / points d'amélioration", blank=True)
    authors = models.CharField("rédigé par", max_length=300, blank=True)
    created_by = acting_user(blank=True)
    created_at = models.DateTimeField("création", auto_now_add=True)
    validated_on = models.DateField("validé le", null=True, blank=True)
    validated_at = at_meeting("validé à la réunion")

    objects = DiagnosticVersionQuerySet.as_manager()

    class Meta:
        verbose_name = "version du diagnostic"
        ordering = ["diagnostic", "number"]
        constraints = [
            unique(
                "territory_diagnostic_version_unique",
                ["diagnostic", "number"],
                "Cette version du diagnostic existe déjà.",
            ),
            year_range("territory_diagnostic_version", first=1990),
        ]

    def __str__(self) -> str:
        return f"{self.diagnostic} — version {self.number} ({self.year})"

    #: Sections written together by the commune and the service (seed 004 art. 9).
    TEXT_SECTIONS = (
        ("zoning", "Bassin géographique et zonage"),
        ("needs", "Difficultés et besoins identifiés"),
        ("resources", "Ressources, équipements et partenaires"),
        ("priorities", "Priorités"),
        ("strengths", "Points forts / points d'amélioration"),
    )
