"""The DPO's desk: one page gathering what the controller must answer for — rights requests and
their deadlines, incidents and their clocks, what retention will anonymise next, the destructions
owed at the end of a convention, the register's summary and the last verification of the logs —
never a record's content (no pseudonym, no name, no reason of a hold).

Read by whoever reads the register (the DPO, the platform administration, a service's
direction); each panel shows what its own pages let the reader see (``visible_breaches``,
``rights.visible_requests``, ``views_destruction.visible_requests``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reperes.core import access
from reperes.core.models import AuditEntry
from reperes.partners.models import Service
from reperes.privacy.management.commands.verify_logs import VERIFICATION_ACTION

from . import breaches, register, responsible, retention, rights
from .models import BreachStatus
from .views_breaches import visible_breaches
from .views_destruction import pending_requests
from .views_register import _require_reader


def desk_services(user: Any) -> QuerySet[Service]:
    """The services whose records the reader answers for: all for the platform, those its
    organisation operates for a DPO, its own for a director."""
    services = Service.objects.select_related("operator").order_by("name")
    return responsible.scope(user, services, controller="operator_id", service="pk")


def _retention_rows(user: Any) -> list[dict[str, Any]]:
    day = access.today()
    rows = []
    for service in desk_services(user):
        rule = retention.record_retention(service, day)
        rows.append(
            {
                "service": service,
                "rule": rule,
                "log_rule": retention.log_retention(service, day),
                "upcoming": retention.upcoming_count(service, day, rule=rule),
                "held": retention.active_holds(service, day).count(),
            }
        )
    return rows


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    at = breaches.now()
    visible = visible_breaches(request.user)
    incidents = [
        (b, [(c, c.state_label(at), c.remaining(at)) for c in breaches.clocks(b)])
        for b in visible.filter(status=BreachStatus.OPEN).order_by("declared_at")
    ]
    closed = visible.exclude(status=BreachStatus.OPEN).count()
    verification = (
        AuditEntry.objects.filter(action=VERIFICATION_ACTION).order_by("-at", "-pk").first()
    )
    return render(
        request,
        "privacy/desk.html",
        {
            "requests": rights.open_requests(request.user),
            "incidents": incidents,
            "closed_count": closed,
            "at": at,
            "retention_rows": _retention_rows(request.user),
            "destructions": pending_requests(request.user).select_related("convention", "service"),
            "register_summary": register.summary(),
            "verification": verification,
        },
    )
