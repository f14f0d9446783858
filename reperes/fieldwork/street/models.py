"""Level 1, anonymous tallies: a street-work or social-presence session and the youths met,
counted by gender, age band and quartier, never named."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q

from reperes.core.constraints import check
from reperes.core.fields import Link, acting_user
from reperes.core.locking import Versioned
from reperes.fieldwork.enums import SessionKind
from reperes.fieldwork.records import AnonymousCount, ServiceRecordQuerySet, SessionChildQuerySet
from reperes.partners.models import Commune, Place, Quartier, Service


# ---------------------------------------------------------------- level 1: anonymous tallies
class StreetSession(Versioned):
    """A street-work or social-presence session; the youths met are counted, never named."""

    service = Link(Service, related_name="street_sessions")
    kind = models.CharField(
        "nature", max_length=20, choices=SessionKind.choices, default=SessionKind.STREET_WORK
    )
    date = models.DateField("date", default=date.today)
    duration_minutes = models.PositiveIntegerField("durée (minutes)", default=120)
    commune = Link(Commune, related_name="+", null=True)
    quartier = Link(Quartier, related_name="+", null=True)
    place = Link(Place, related_name="+", null=True)
    educators = models.ManyToManyField(
        "people.StaffMember", blank=True, related_name="street_sessions", verbose_name="éducateurs"
    )
    recorded_by = acting_user()
    created_at = models.DateTimeField("saisie", auto_now_add=True)

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "séance de travail de rue"
        verbose_name_plural = "séances de travail de rue"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["service", "date"])]
        constraints = [
            check(
                "street_session_duration_in_a_day",
                Q(duration_minutes__gt=0) & Q(duration_minutes__lte=24 * 60),
                "Une séance dure entre une minute et 24 heures.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.date:%d/%m/%Y}"


class ContactCount(AnonymousCount):
    session = Link(StreetSession, related_name="contacts", on_delete=models.CASCADE)

    objects = SessionChildQuerySet.as_manager()

    class Meta:
        verbose_name = "contacts comptés"
        verbose_name_plural = "contacts comptés"
