from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reperes.conventions.models import Convention, Party
from reperes.core.access import get_visible_or_404
from reperes.core.models import DataWarning
from reperes.core.params import choice_param, text_param
from reperes.people.models import StaffedService

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
    shared = Convention.objects.visible_to(request.user).filter(
        pk__in=Party.objects.filter(organisation=organisation).values("convention")
    )
    return render(
        request,
        "partners/organisation_detail.html",
        {
            "organisation": organisation,
            "representatives": organisation.representatives.all(),
            "deliberations": organisation.deliberations.all(),
            "services": organisation.services.all(),
            "conventions": shared,
            "warnings": DataWarning.for_object(organisation),
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
            "conventions": Convention.objects.visible_to(request.user).filter(service=service),
            "warnings": DataWarning.for_object(service),
            # The staffing pages are open to fewer people than the directory: link only where
            # the same access layer would open them (no link to a 404).
            "staffing_visible": StaffedService.objects.visible_to(request.user)
            .filter(pk=service.pk)
            .exists(),
        },
    )


def territory_list(request: HttpRequest) -> HttpResponse:
    communes = Commune.objects.visible_to(request.user).prefetch_related(
        Prefetch("quartiers"), Prefetch("places")
    )
    return render(request, "partners/territory_list.html", {"communes": communes})
