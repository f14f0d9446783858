"""Who opens a service's reports, and under which convention (shared by the report and
submission views, the API, the secrecy layer and the submission actions)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404

from reperes.conventions.models import Convention
from reperes.partners.models import Service
from reperes.people.models import visible_service_ids


def visible_services(user: Any):
    return Service.objects.filter(pk__in=visible_service_ids(user)).select_related("operator")


def is_service_staff(user: Any, service: Any) -> bool:
    from reperes.accounts.enums import OPERATOR_ROLES

    return (
        bool(getattr(user, "is_authenticated", False))
        and user.role in OPERATOR_ROLES
        and user.service_id == service.pk
        and user.organisation_id == service.operator_id
    )


def service_or_404(user: Any, pk: int) -> Service:
    try:
        return visible_services(user).get(pk=pk)
    except (Service.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Page introuvable") from exc


def convention_for(user: Any, service: Service, on: date) -> Convention | None:
    """The service's convention the report is addressed under: for a funder, one its
    organisation is party to; the one in force on ``on`` first, else the latest."""
    conventions = Convention.objects.filter(service=service)
    if not is_service_staff(user, service):
        conventions = conventions.visible_to(user)
    conventions = list(conventions.order_by("-starts_on", "-pk"))
    for convention in conventions:
        if (convention.starts_on is None or convention.starts_on <= on) and (
            convention.ends_on is None or convention.ends_on >= on
        ):
            return convention
    return conventions[0] if conventions else None
