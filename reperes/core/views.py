from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from reperes.conventions.overview import conventions_overview
from reperes.core.params import date_param


def reference_date(request: HttpRequest) -> date:
    """The date the pages compute statuses for: today, or ?date=AAAA-MM-JJ (400 if malformed)."""
    return date_param(request.GET, "date") or timezone.localdate()


def home(request: HttpRequest) -> HttpResponse:
    on = reference_date(request)
    rows = conventions_overview(request.user, on)
    return render(
        request, "core/home.html", {"rows": rows, "on": on, "today": timezone.localdate()}
    )


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


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
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/404.html", status=404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/500.html", status=500)
