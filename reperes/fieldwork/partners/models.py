"""The service's partner directory (professional contacts only, never a youth), the actions
with partners, and dated observations of the territory written in general terms."""

from __future__ import annotations

from datetime import date

from django.db import models

from reperes.core.fields import Link, acting_user
from reperes.core.locking import Versioned
from reperes.fieldwork.enums import ObservationTopic, PartnerKind
from reperes.fieldwork.records import ServiceRecordQuerySet
from reperes.partners.models import Commune, Quartier, Service


# ---------------------------------------------------------------- partners and observations
class Partner(Versioned):
    """The service's partner directory (professional contacts only, never a youth)."""

    service = Link(Service, related_name="field_partners")
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("nature", max_length=20, choices=PartnerKind.choices)
    organisation = Link(
        "partners.Organisation", related_name="+", on_delete=models.SET_NULL, null=True
    )
    commune = Link(Commune, related_name="+", null=True)
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
    service = Link(Service, related_name="partnership_actions")
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

    service = Link(Service, related_name="observations")
    observed_on = models.DateField("date", default=date.today)
    topic = models.CharField("thème", max_length=20, choices=ObservationTopic.choices)
    commune = Link(Commune, related_name="+", null=True)
    quartier = Link(Quartier, related_name="+", null=True)
    text = models.TextField("observation")
    shareable = models.BooleanField("partageable en termes généraux", default=True)
    recorded_by = acting_user()

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "observation du territoire"
        verbose_name_plural = "observations du territoire"
        ordering = ["-observed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} ({self.observed_on:%d/%m/%Y})"
