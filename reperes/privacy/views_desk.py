"""The DPO's desk: one page gathering the incidents and their clocks, the register's summary and
the last verification of the logs — never a record's content.

Read by whoever reads the register (the DPO, the platform administration, a service's
direction); the incidents shown are those the breach pages let the reader see
(``views_breaches.visible_breaches``).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reperes.core.management.commands.verify_logs import VERIFICATION_ACTION
from reperes.core.models import AuditEntry

from . import breaches, register
from .models import BreachStatus
from .views_breaches import visible_breaches
from .views_register import _require_reader


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
            "incidents": incidents,
            "closed_count": closed,
            "at": at,
            "register_summary": register.summary(),
            "verification": verification,
        },
    )
