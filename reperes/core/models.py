from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from reperes.core.fields import acting_account, acting_user
from reperes.core.journals import Journal, JournalQuerySet
from reperes.core.logs import AUDIT


class DataWarning(models.Model):
    """A contradiction or a gap found in a source document, kept and shown rather than
    silently resolved (e.g. two dates for the same authorisation in seed 000)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    field = models.CharField("champ", max_length=100, blank=True)
    message = models.TextField("avertissement")
    values = models.JSONField("valeurs en présence", default=list, blank=True)
    source = models.CharField("source", max_length=300, blank=True)

    class Meta:
        verbose_name = "avertissement sur les données"
        verbose_name_plural = "avertissements sur les données"
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.message

    @classmethod
    def for_object(cls, obj: models.Model) -> models.QuerySet[DataWarning]:
        return cls.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )


class AuditEntry(Journal):
    """Who did what, when, on which object. Append-only for the application; it never
    holds personal data of youths, only identifiers and a neutral summary. Chained by digests
    and, on PostgreSQL, append-only in the database (``reperes.core.logs``)."""

    chain = AUDIT
    journal = "Le journal d'audit"

    actor = acting_user("auteur", blank=True)
    action = models.CharField("action", max_length=100)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    summary = models.TextField("résumé", blank=True)
    data = models.JSONField("détails", default=dict, blank=True)

    objects = JournalQuerySet.as_manager()

    class Meta(Journal.Meta):
        verbose_name = "entrée du journal d'audit"
        verbose_name_plural = "journal d'audit"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


def audit(
    actor: Any, action: str, target: models.Model | None = None, summary: str = "", **data: Any
) -> AuditEntry:
    """Write an audit entry; call it inside the transaction of the action it records."""
    return AuditEntry.objects.create(
        actor=acting_account(actor),
        action=action,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=target.pk if target is not None else None,
        summary=summary,
        data=data,
    )


class SyncReceipt(models.Model):
    """What a phone sent while offline, received once: the client identifier (a UUID the
    browser drew when the record was queued) is unique, so a replayed send finds the object
    it already created instead of creating it again. Written in the transaction of the
    action that creates the object. Holds no content of the record, only where it went."""

    client_id = models.UUIDField("identifiant du téléphone", unique=True)
    user = acting_user("compte")
    kind = models.CharField("nature", max_length=40)
    object_id = models.PositiveBigIntegerField("objet créé")
    created = models.DateTimeField("reçu le", default=timezone.now)

    class Meta:
        verbose_name = "réception hors ligne"
        verbose_name_plural = "réceptions hors ligne"

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
