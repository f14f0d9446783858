"""Who opens a service's reports, and under which convention (shared by the report and
submission views, the API, the secrecy layer and the submission actions). The rule itself is
``reperes.core.access``: these are the reporting app's names for it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404

from reperes.conventions.models import Convention
from reperes.core.access import (
    binding_conventions,
    conventions_granting,
    is_service_staff,
    services_visible_to,
)
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
    has accepted (binding on ``on`` first, else the latest). Never a draft nor a refused one."""
    if is_service_staff(user, service):
        accepted = binding_conventions(Convention.objects.filter(service=service), on)
        if not accepted.exists():
            accepted = Convention.objects.filter(
                service=service,
                operator_decision="accepted",
                operator_decision_org=service.operator_id,
            )
    else:
        accepted = conventions_granting(user, service, on)
        if not accepted.exists():
            accepted = conventions_granting(user, service)
    return accepted.order_by("-starts_on", "-pk").first()
