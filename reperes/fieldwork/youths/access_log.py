"""The access log of the youth records: who read or changed which record, when and what,
append-only and chained (``reperes.core.logs``); ``log_access`` writes one entry inside the
transaction of the read or change."""

from __future__ import annotations

from typing import Any

from django.db import models

from reperes.core.fields import acting_account, acting_user
from reperes.core.journals import Journal, JournalQuerySet
from reperes.core.logs import ACCESS
from reperes.fieldwork.enums import (
    ACCESS_RECORDS,
    AccessAction,
)
from reperes.fieldwork.records import field_service_id
from reperes.fieldwork.youths.models import Youth
from reperes.partners.models import Service


# ---------------------------------------------------------------- access log
class AccessLogQuerySet(JournalQuerySet):
    def visible_to(self, user: Any) -> AccessLogQuerySet:
        service_id = field_service_id(user)
        if service_id is None:
            return self.none()
        return self.filter(service_id=service_id)


class AccessLogEntry(Journal):
    """Who read or changed which youth record, when, and what. Append-only for the
    application; holds identifiers and field names, never a value. Chained by digests and, on
    PostgreSQL, append-only in the database (``reperes.core.logs``)."""

    chain = ACCESS
    journal = "Le journal des accès"

    user = acting_user()
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    youth = models.ForeignKey(
        Youth, null=True, on_delete=models.SET_NULL, related_name="access_log"
    )
    youth_public_id = models.UUIDField("jeune", db_index=True)
    action = models.CharField("action", max_length=20, choices=AccessAction.choices)
    record = models.CharField("fiche", max_length=40, default="youth")
    record_id = models.CharField("identifiant de la fiche", max_length=40, blank=True)
    fields = models.JSONField("champs", default=list, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta(Journal.Meta):
        verbose_name = "accès à une fiche jeune"
        verbose_name_plural = "journal des accès"
        # « Who read what between t1 and t2 » in one service (a breach's window): without it a
        # year's window reads every service's entries through the date index.
        indexes = [models.Index(fields=["service", "at"], name="access_log_service_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"

    @property
    def record_label(self) -> str:
        return ACCESS_RECORDS.get(self.record, self.record)


def log_access(
    user: Any,
    youth: Youth,
    action: str,
    *,
    record: str = "youth",
    record_id: str = "",
    fields: list[str] | tuple[str, ...] = (),
) -> AccessLogEntry:
    """Write one access-log entry; call it inside the transaction of the read or change."""
    return AccessLogEntry.objects.create(
        user=acting_account(user),
        service_id=youth.service_id,
        youth=youth,
        youth_public_id=youth.public_id,
        action=action,
        record=record,
        record_id=record_id,
        fields=list(fields),
    )
