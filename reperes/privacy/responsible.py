"""Who answers for a service's personal data: the platform administrator (every service), the
data protection officer of the controller (the services its organisation operates) and the
service's director. What each of them reads at the privacy desk (``scope``) and who is told of
a deadline (``recipients``)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q, QuerySet

from reperes.accounts.enums import Role
from reperes.core import access

M = TypeVar("M", bound=models.Model)


def scope(user: Any, rows: QuerySet[M], *, controller: str, service: str) -> QuerySet[M]:
    """The ``rows`` that ``user`` answers for: all for the platform administrator, those whose
    ``controller`` lookup is their organisation for a DPO, those whose ``service`` lookup is
    their own service for its director; none for anybody else."""
    if user.role == Role.PLATFORM_ADMIN:
        return rows
    if user.role == Role.DPO and user.organisation_id:
        return rows.filter(**{controller: user.organisation_id})
    if user.role == Role.SERVICE_DIRECTOR and (service_id := access.staff_service_id(user)):
        return rows.filter(**{service: service_id})
    return rows.none()


def recipients(service: Any, controller_id: int) -> list[str]:
    """The addresses of the active directors of ``service`` at the controller and of the
    controller's DPOs, sorted, each once."""
    emails = (
        get_user_model()
        .objects.filter(
            Q(role=Role.SERVICE_DIRECTOR, service=service) | Q(role=Role.DPO),
            is_active=True,
            organisation_id=controller_id,
        )
        .values_list("email", flat=True)
    )
    return sorted({email for email in emails if email})
