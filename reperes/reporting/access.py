"""Who opens a service's reports, and under which convention (shared by the report and
submission views, the API, the secrecy layer and the submission actions). The rule itself is
``reperes.core.access`` and ``reperes.conventions.access``: these are the reporting app's names for it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404

from reperes.conventions.access import binding_ids, conventions_granting, services_visible_to
from reperes.conventions.models import Convention
from reperes.core.access import is_service_staff
from reperes.partners.models import Service

__all__ = ["convention_for", "is_service_staff", "service_or_404", "visible_services"]


def visible_services(user: Any, on: date | None = None):
    return services_visible_to(user, on).select_related("operator")


def service_or_404(user: Any, pk: int) -> Service:
    try:
        return visible_services(user).get(pk=pk)
    except (Service.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Page introuvable") from exc


def convention_for(user: Any, service: Service, on: date) -> Convention | None:
    """The service's convention the report is addressed under: for a funder, one that binds
    its organisation (on ``on`` first, else today); for the service's staff, one its operator
    has accepted (binding on ``on`` and today first, then on ``on``, then today, else the
    latest). Never a draft nor a refused one."""
    latest = ("-starts_on", "-pk")
    if not is_service_staff(user, service):
        granting = conventions_granting(user, service, on)
        if not granting.exists():
            granting = conventions_granting(user, service)
        return granting.order_by(*latest).first()
    of_service = Convention.objects.filter(service=service)
    on_ids, today_ids = binding_ids(of_service, on), binding_ids(of_service)
    for ids in ([i for i in on_ids if i in today_ids], on_ids, today_ids):
        if ids:
            return of_service.filter(pk__in=ids).order_by(*latest).first()
    return (
        of_service.filter(operator_decision="accepted", operator_decision_org=service.operator_id)
        .order_by(*latest)
        .first()
    )
