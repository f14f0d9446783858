from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reperes.core.access import get_visible_or_404
from reperes.core.models import DataWarning
from reperes.core.params import choice_param, text_param

from . import pages
from .enums import OrganisationKind
from .models import Authorisation, Commune, Organisation, Sector, Service


def organisation_list(request: HttpRequest) -> HttpResponse:
    queryset = Organisation.objects.visible_to(request.user).select_related("commune")
    q = text_param(request.GET, "q")
    kind = choice_param(request.GET, "nature", OrganisationKind.values)
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    if kind in OrganisationKind.values:
        queryset = queryset.filter(kind=kind)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/organisation_list.html",
        {"page": page, "q": q, "kind": kind, "kinds": OrganisationKind.choices},
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_visible_or_404(Organisation, request.user, pk=pk)
    return render(
        request,
        "partners/organisation_detail.html",
        {
            "organisation": organisation,
            "representatives": organisation.representatives.all(),
            "deliberations": organisation.deliberations.all(),
            "services": organisation.services.all(),
            "warnings": DataWarning.for_object(organisation),
            **pages.organisation_context(request.user, organisation),
        },
    )


def service_list(request: HttpRequest) -> HttpResponse:
    services = (
        Service.objects.visible_to(request.user)
        .select_related("operator")
        .prefetch_related("communes")
    )
    return render(request, "partners/service_list.html", {"services": services})


def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_visible_or_404(Service, request.user, pk=pk)
    authorisations = list(Authorisation.objects.filter(service=service))
    return render(
        request,
        "partners/service_detail.html",
        {
            "service": service,
            "authorisations": [(a, DataWarning.for_object(a)) for a in authorisations],
            "sectors": Sector.objects.filter(service=service)
            .select_related("commune")
            .prefetch_related("quartiers"),
            "warnings": DataWarning.for_object(service),
            **pages.service_context(request.user, service),
        },
    )


def territory_list(request: HttpRequest) -> HttpResponse:
    communes = Commune.objects.visible_to(request.user).prefetch_related(
        Prefetch("quartiers"), Prefetch("places")
    )
    return render(request, "partners/territory_list.html", {"communes": communes})
