from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from reperes.core import health
from reperes.core.params import date_param


def reference_date(request: HttpRequest) -> date:
    """The date the pages compute statuses for: today, or ?date=AAAA-MM-JJ (400 if malformed)."""
    return date_param(request.GET, "date") or timezone.localdate()


@login_not_required
@never_cache
@require_GET
def healthz(_request: HttpRequest) -> JsonResponse:
    """The database, the document storage and the task worker (reperes/core/health.py); 503
    when the database or the storage fails. No sign-in, no personal data."""
    body, status = health.report()
    return JsonResponse(body, status=status)


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@login_not_required
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A malformed request (a query parameter, see reperes/core/params.py): the French reason,
    as JSON for the API."""
    message = getattr(exception, "message", "") or "La demande est incorrecte."
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "core/400.html", {"message": message}, status=400)


@login_not_required
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:  # noqa: ARG001
    # (Django passes the exception by name; the page never shows it)
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
