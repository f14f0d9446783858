"""The retention page (« Conservation des données »): the rules in force in a service, the
records the daily job will anonymise in the next 30 days, and the legal holds that keep some.

Who sees what: the director of the service reads it all and records or lifts holds; the DPO of
the service's controller (its operator) and the platform administration read the rules, the
counts and the dates — never a pseudonym nor a hold's reason (BRIEF: the DPO sees registers,
not cases). Nobody else.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from reperes.accounts.enums import Role
from reperes.accounts.http import SignedInRequest
from reperes.core import access
from reperes.core.form_actions import form_page, run_form_action
from reperes.core.params import id_param
from reperes.partners.models import Service

from . import anonymise as anon
from . import responsible, retention
from .forms_retention import HoldForm, LiftForm
from .models import LegalHold

HORIZON_DAYS = 30


def readable_services(user: Any) -> QuerySet[Service] | None:
    """The services whose retention ``user`` reads; None when the role reads none."""
    services = Service.objects.order_by("name", "pk")
    if user.role == Role.PLATFORM_ADMIN:
        return services
    if user.role == Role.DPO and user.organisation_id:
        return services.filter(operator_id=user.organisation_id)
    service = responsible.director_service(user)
    return services.filter(pk=service.pk) if service is not None else None


def _director(request: HttpRequest) -> Service:
    return responsible.directed_service(
        request.user, "Seule la direction du service gèle ou lève la conservation."
    )


def _chosen(request: HttpRequest, services: QuerySet[Service]) -> Service | None:
    pk = id_param(request.GET, "service")
    if pk is None:
        return services.first()
    try:
        return services.get(pk=pk)
    except Service.DoesNotExist as exc:
        raise Http404("Aucun service") from exc


def _service_context(service: Service, day: Any, nominative: bool) -> dict[str, Any]:
    upcoming = retention.upcoming(service, day, HORIZON_DAYS)
    active = retention.active_holds(service, day).select_related("youth")
    active_ids = {h.pk for h in active}
    past = (
        LegalHold.objects.filter(service=service).exclude(pk__in=active_ids).select_related("youth")
    )
    return {
        "record_rule": retention.record_retention(service, day),
        "log_rule": retention.log_retention(service, day),
        "upcoming": upcoming if nominative else [],
        "upcoming_by_day": sorted(Counter(u.on for u in upcoming).items()),
        "upcoming_count": len(upcoming),
        "active": list(active),
        "past": list(past),
    }


@login_required
def retention_page(request: SignedInRequest) -> HttpResponse:
    services = readable_services(request.user)
    if services is None:
        raise PermissionDenied("Votre rôle ne donne pas accès à la conservation des données.")
    day = access.today()
    nominative = request.user.role == Role.SERVICE_DIRECTOR
    service = _chosen(request, services)
    overview = []
    if not nominative and len(services) > 1:
        overview = [
            (s, retention.record_retention(s, day), n, retention.active_holds(s, day).count())
            for s, n in retention.upcoming_counts(services, day, HORIZON_DAYS).items()
        ]
    context = {
        "day": day,
        "horizon": day + timedelta(days=HORIZON_DAYS),
        "nominative": nominative,
        "service": service,
        "overview": overview,
        **(_service_context(service, day, nominative) if service else {}),
    }
    return render(request, "privacy/retention.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def retention_hold(request: HttpRequest, pk: Any) -> HttpResponse:
    service = _director(request)
    day = access.today()
    youth = retention.holdable(service).filter(public_id=pk).first()
    if youth is None:
        raise Http404("Aucune fiche")
    form = HoldForm(request.POST or None, today=day)

    def page() -> HttpResponse:
        # Any: annotated with last_contact, which the type checker does not see on Youth.
        last_contact: QuerySet[Any] = anon.with_last_contact(
            retention.holdable(service).filter(pk=youth.pk)
        )
        return render(
            request,
            "privacy/retention_hold.html",
            {
                "form": form,
                "youth": youth,
                "last_contact": last_contact.get().last_contact,
                "rule": retention.record_retention(service, day),
                "service": service,
            },
        )

    return run_form_action(
        request,
        form,
        lambda: retention.hold(
            request.user, youth, form.cleaned_data["reason"], form.cleaned_data["until"], day
        ),
        success=f"La fiche {youth.pseudonym} est gelée.",
        redirect_to=reverse("privacy:retention"),
        page=page,
    )


@login_required
@require_http_methods(["GET", "POST"])
def retention_lift(request: HttpRequest, pk: int) -> HttpResponse:
    service = _director(request)
    day = access.today()
    held = retention.active_holds(service, day).select_related("youth").filter(pk=pk).first()
    if held is None:
        raise Http404("Aucun gel en cours")
    form = LiftForm(request.POST or None)
    return run_form_action(
        request,
        form,
        lambda: retention.lift(request.user, held, form.cleaned_data["lift_reason"], day),
        success=f"Le gel de la fiche {held.youth.pseudonym} est levé.",
        redirect_to=reverse("privacy:retention"),
        page=form_page(
            request, "privacy/retention_lift.html", form=form, held=held, service=service
        ),
    )
