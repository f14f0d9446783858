"""The help pages. They show no data of anyone: every signed-in account reads them all (the
login is required by ``reperes.core.middleware.LoginRequiredMiddleware``, the one access layer's
default; nothing here is narrower)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from reperes.reporting import catalogue

from .content import BY_ROLE, BY_SLUG, ROLES
from .glossary import GLOSSARY


def _own(request: HttpRequest):
    return BY_ROLE.get(getattr(request.user, "role", ""))


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    own = _own(request)
    others = [role for role in ROLES if role is not own]
    return render(request, "help/index.html", {"own": own, "others": others, "help_roles": ROLES})


@require_GET
def role_page(request: HttpRequest, slug: str) -> HttpResponse:
    section = BY_SLUG[slug]
    return render(
        request,
        "help/role.html",
        {"section": section, "is_own": section is _own(request), "help_roles": ROLES},
    )


@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "help/glossary.html", {"glossary": GLOSSARY, "help_roles": ROLES})


@require_GET
def indicators(request: HttpRequest) -> HttpResponse:
    groups = [
        (
            title,
            [(indicator, catalogue.BY_CODE.get(indicator.part_of or "")) for indicator in items],
        )
        for title, items in catalogue.groups().items()
    ]
    return render(
        request,
        "help/indicators.html",
        {"groups": groups, "units": list(catalogue.Unit), "help_roles": ROLES},
    )
