"""What every read-only field-work endpoint shares: a 404 for anyone who does no field
work, lists included; otherwise the records of the user's service only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.exceptions import NotFound

from reperes.fieldwork.records import ServiceRecordQuerySet, field_service_id


class FieldOnly:
    """Field work exists only for its service's educators and director: 404 for anyone else,
    lists included."""

    queryset: ServiceRecordQuerySet
    request: Any

    def get_queryset(self) -> QuerySet[Any]:
        if field_service_id(self.request.user) is None:
            raise NotFound()
        return self.queryset.visible_to(self.request.user)
