"""The dated obligations generated from a convention's clauses, dates, bodies and payments.
BRIEF §6."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from reperes.conventions.models import Convention
from reperes.core.constraints import check, unique
from reperes.core.fields import Link, acting_user

from .enums import ObligationKind
from .rules import status_of


class ObligationQuerySet(models.QuerySet["Obligation"]):
    def visible_to(self, user: Any) -> ObligationQuerySet:
        return self.filter(convention__in=Convention.objects.visible_to(user))


class Obligation(models.Model):
    """One dated obligation, generated from a clause (key « clause:<clause key>:<period> »), the
    convention's own dates, its bodies or its payments (``reperes.deadlines.actions``)."""

    public_id = models.CharField(max_length=32, unique=True, default="", editable=False)
    convention = Link(Convention, related_name="obligations", on_delete=models.CASCADE)
    key = models.CharField("clé de génération", max_length=120)
    kind = models.CharField("nature", max_length=30, choices=ObligationKind.choices)
    title = models.CharField("intitulé", max_length=300)
    year = models.PositiveSmallIntegerField("année de référence", null=True, blank=True)
    due_on = models.DateField("échéance")
    owner = Link(
        "conventions.Party",
        "partie responsable",
        related_name="obligations",
        on_delete=models.SET_NULL,
        null=True,
    )
    source = models.CharField("source", max_length=300, blank=True)
    reminder_days = models.PositiveSmallIntegerField("rappel (jours avant)", default=15)
    done_on = models.DateField("fait le", null=True, blank=True)
    evidence = models.TextField("justificatif", blank=True)
    done_by = acting_user(blank=True)
    reminded_on = models.DateField("rappel envoyé le", null=True, blank=True)

    objects = ObligationQuerySet.as_manager()

    class Meta:
        verbose_name = "échéance"
        ordering = ["due_on", "pk"]
        constraints = [
            unique("obligation_unique_key", ["convention", "key"], "Cette échéance existe déjà."),
            check(
                "obligation_done_has_evidence",
                Q(done_on__isnull=True) | ~Q(evidence=""),
                "Une échéance faite doit porter son justificatif.",
            ),
        ]
        indexes = [models.Index(fields=["due_on"])]

    def __str__(self) -> str:
        return f"{self.title} — {self.due_on:%d/%m/%Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.public_id:
            self.public_id = secrets.token_hex(16)
        super().save(*args, **kwargs)

    def status(self, today: date) -> str:
        return status_of(self.due_on, self.done_on, today, self.reminder_days)


class CalendarFeed(models.Model):
    """A private iCalendar feed: the secret in its URL is the only key, so it can be revoked."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "abonnement au calendrier"

    def __str__(self) -> str:
        return f"Calendrier de {self.user}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
