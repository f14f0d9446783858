"""Personal-data breaches (GDPR art. 33–34; data-protection clause of the conventions).

Every incident is kept, notified or not: the application never deletes one.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


class BreachQuerySet(models.QuerySet["Breach"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Un incident de sécurité ne peut pas être effacé.")


class BreachStatus(models.TextChoices):
    OPEN = "open", "Ouvert"
    CLOSED = "closed", "Clos"


class Recipient(models.TextChoices):
    CNIL = "cnil", "CNIL"
    FUNDER = "funder", "Financeur (partie de la convention)"
    PEOPLE = "people", "Personnes concernées"


class Breach(models.Model):
    """A personal-data breach in a service, declared by its director; the operator of the
    service is the controller (responsable de traitement)."""

    service = models.ForeignKey(
        "partners.Service", on_delete=models.PROTECT, related_name="+", verbose_name="service"
    )
    controller = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="responsable de traitement",
    )
    declared_at = models.DateTimeField("déclaré le")
    discovered_at = models.DateTimeField("découvert le")
    facts = models.TextField("faits")
    data_categories = models.TextField("catégories de données concernées")
    people_categories = models.TextField("catégories de personnes concernées")
    window_start = models.DateTimeField("début de la période examinée", null=True, blank=True)
    window_end = models.DateTimeField("fin de la période examinée", null=True, blank=True)
    people_count = models.PositiveIntegerField("nombre de personnes concernées", null=True)
    readers_count = models.PositiveIntegerField("nombre de lecteurs", null=True)
    consequences = models.TextField("conséquences probables", blank=True)
    measures = models.TextField("mesures prises ou envisagées", blank=True)
    status = models.CharField(
        "état", max_length=10, choices=BreachStatus.choices, default=BreachStatus.OPEN
    )
    cnil_reminded_at = models.DateTimeField("rappel CNIL envoyé le", null=True, blank=True)
    funder_reminded_at = models.DateTimeField("rappel financeur envoyé le", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="déclaré par",
    )
    created_at = models.DateTimeField("enregistré le", default=timezone.now)

    objects = BreachQuerySet.as_manager()

    class Meta:
        verbose_name = "violation de données"
        verbose_name_plural = "violations de données"
        ordering = ["-declared_at", "-pk"]

    def __str__(self) -> str:
        return f"Violation n° {self.pk} ({self.declared_at:%d/%m/%Y})"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Un incident de sécurité ne peut pas être effacé.")


class BreachNotificationQuerySet(models.QuerySet["BreachNotification"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Une notification ne peut pas être effacée.")


class BreachNotification(models.Model):
    breach = models.ForeignKey(Breach, on_delete=models.PROTECT, related_name="notifications")
    recipient = models.CharField("destinataire", max_length=10, choices=Recipient.choices)
    organisation = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="organisme notifié",
    )
    at = models.DateTimeField("notifiée le")
    means = models.CharField("moyen", max_length=200)
    reference = models.CharField("référence", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("enregistrée le", default=timezone.now)

    objects = BreachNotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "notification d'une violation"
        verbose_name_plural = "notifications des violations"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_recipient_display()} le {self.at:%d/%m/%Y %H:%M}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Une notification ne peut pas être effacée.")
