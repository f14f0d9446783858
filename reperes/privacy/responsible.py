"""Who answers for a service's personal data: the platform administrator (every service), the
data protection officer of the controller (the services its organisation operates) and the
service's director. Whether a role reads the desk's registers (``reads_desk``), what each
reads in them (``scope``), the service a director acts for (``director_service``; refused to
anybody else: ``directed_service``), who is told of a deadline (``recipients``) and how
(``remind``)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q, QuerySet

from reperes.accounts.enums import Role
from reperes.core import access
from reperes.core.mail import send_on_commit
from reperes.core.models import audit

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


def director_service(user: Any) -> Any:
    """The service ``user`` directs, who records and acts for it at the desk; or None."""
    if user.role != Role.SERVICE_DIRECTOR or access.staff_service_id(user) is None:
        return None
    return user.service


def directed_service(user: Any, refusal: str) -> Any:
    """The service ``user`` directs; for anybody else, a refusal (403) saying ``refusal``."""
    service = director_service(user)
    if service is None:
        raise PermissionDenied(refusal)
    return service


def reads_desk(user: Any) -> bool:
    """Whether ``user``'s role has registers to read at the desk (what ``scope`` lets them see
    in each): the platform administrator, a DPO, the director of a service."""
    return user.role in (Role.PLATFORM_ADMIN, Role.DPO) or director_service(user) is not None


@transaction.atomic
def remind(
    row: Any, stamp: str, at: Any, *, action: str, summary: str, subject: str, body: str
) -> None:
    """Remind those who answer for ``row`` (a breach, a rights request: it has a ``service``
    and a ``controller``) of its deadline: ``stamp`` set to ``at``, so that the same reminder
    is not sent twice, the audit entry, and the e-mail once the write commits."""
    type(row).objects.filter(pk=row.pk).update(**{stamp: at})
    setattr(row, stamp, at)
    audit(None, action, row, summary)
    send_on_commit(subject, body, recipients(row.service, row.controller_id))


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
