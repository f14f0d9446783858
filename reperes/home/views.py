from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render

from reperes.accounts.enums import Role
from reperes.accounts.http import SignedInRequest
from reperes.conventions.overview import conventions_overview
from reperes.core import access
from reperes.core.params import date_param
from reperes.fieldwork.records import field_service_id

from . import landing


def home(request: SignedInRequest) -> HttpResponse:
    """Each role lands on its work (reperes/home/landing.py); the conventions follow."""
    role = request.user.role
    if role == Role.EDUCATOR and field_service_id(request.user) is not None:
        return redirect("fieldwork:home")
    if role == Role.DPO:
        return redirect("privacy:desk")
    today = access.today()
    on = date_param(request.GET, "date") or today
    rows = conventions_overview(request.user, on)
    context = {"rows": rows, "on": on, "today": today}
    if role == Role.SERVICE_DIRECTOR:
        context["work"] = landing.director_work(request.user, today)
        return render(request, "core/home_director.html", context)
    if role == Role.FUNDER_AGENT and request.user.organisation_id is not None:
        # The overview's rows are read on ``on``; the landing's on today (the same rows when
        # the page is not asked for another day).
        context["work"] = landing.funder_work(request.user, today, rows if on == today else None)
        return render(request, "core/home_funder.html", context)
    return render(request, "core/home.html", context)
