"""Pages of the partner directory, partnership actions and observations of the territory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from reperes.core.form_actions import form_page, run_form_action
from reperes.core.params import choice_param
from reperes.fieldwork.enums import ObservationTopic
from reperes.fieldwork.pages import create_and_edit, field_service, page_of, staff_of
from reperes.fieldwork.partners import actions
from reperes.fieldwork.partners.forms import (
    GENERAL_TERMS,
    ObservationForm,
    PartnerForm,
    PartnershipActionForm,
)
from reperes.fieldwork.partners.models import Observation, Partner, PartnershipAction
from reperes.fieldwork.street.views import _default_where
from reperes.partners.models import Service


# ---------------------------------------------------------------- partners
def partner_list(request: HttpRequest) -> HttpResponse:
    service = field_service(request)
    partners = Partner.objects.filter(service=service).select_related("organisation", "commune")
    partnership = (
        PartnershipAction.objects.filter(service=service)
        .prefetch_related(Prefetch("partners", queryset=Partner.objects.order_by("name")))
        .order_by("-date", "-pk")
    )
    page = page_of(request, partnership)
    context = {
        "service": service,
        "partners": list(partners),
        "page": page,
        "partnership_actions": page.object_list,
    }
    return render(request, "fieldwork/partner_list.html", context)


# Where the partner and partnership-action forms are shown, and lead back to.
DIRECTORY_PAGE = {
    "redirect_to": "fieldwork:partner_list",
    "template": "fieldwork/partner_form.html",
}


def _record_page(
    request: HttpRequest,
    form: Any,
    save: Callable[[int | None], Any],
    fresh: Callable[[], Any],
    *,
    heading: str,
    success: str,
    redirect_to: str,
    template: str,
    **context: Any,
) -> HttpResponse:
    """The form page of a record the service keeps (a partner, a partnership action, an
    observation): ``save(version)`` on a valid POST, refused when the record changed since
    the form was opened (``fresh()``: the form on the record as it is now); back to the
    list once saved."""
    return run_form_action(
        request,
        form,
        save,
        fresh=fresh,
        success=success,
        redirect_to=redirect_to,
        page=form_page(request, template, form=form, heading=heading, **context),
    )


def _partner_form(request: HttpRequest, service: Service, partner: Partner | None) -> HttpResponse:
    form = PartnerForm(request.POST or None, instance=partner, service=service)

    def save(version: int | None) -> Partner:
        instance = form.save(commit=False)
        instance.service = service
        return actions.save_partner(request.user, instance, version=version)

    return _record_page(
        request,
        form,
        save,
        lambda: PartnerForm(instance=Partner.objects.get(pk=form.instance.pk), service=service),
        heading=f"Modifier : {partner}" if partner else "Ajouter un partenaire",
        success="L'annuaire des partenaires a été mis à jour.",
        **DIRECTORY_PAGE,
        kind="partner",
    )


partner_create, partner_edit = create_and_edit(_partner_form, Partner)


def _partnership_action_form(
    service: Service, action: PartnershipAction | None, data: Any = None
) -> PartnershipActionForm:
    if action is None:
        return PartnershipActionForm(data, initial={"date": timezone.localdate()}, service=service)
    initial = {
        "date": action.date,
        "title": action.title,
        "partners": list(action.partners.all()),
        "hours": action.hours,
    }
    return PartnershipActionForm(data, initial=initial, service=service, version=action.version)


def _partnership_form(
    request: HttpRequest, service: Service, action: PartnershipAction | None
) -> HttpResponse:
    form = _partnership_action_form(service, action, request.POST or None)
    return _record_page(
        request,
        form,
        lambda version: actions.save_partnership_action(
            request.user, service, action, version=version, **form.cleaned_data
        ),
        lambda: _partnership_action_form(
            service, PartnershipAction.objects.get(pk=action.pk) if action else None
        ),
        heading=f"Modifier : {action}" if action else "Nouvelle action partenariale",
        success="L'action partenariale a été enregistrée.",
        **DIRECTORY_PAGE,
        kind="partnership",
    )


partnership_create, partnership_edit = create_and_edit(_partnership_form, PartnershipAction)


# ---------------------------------------------------------------- observations
def observation_list(request: HttpRequest) -> HttpResponse:
    service = field_service(request)
    observations = Observation.objects.filter(service=service).select_related("commune", "quartier")
    topic = choice_param(request.GET, "theme", ObservationTopic.values)
    if topic:
        observations = observations.filter(topic=topic)
    page = page_of(request, observations.order_by("-observed_on", "-pk"))
    context = {
        "service": service,
        "page": page,
        "observations": page.object_list,
        "topics": ObservationTopic.choices,
        "topic": topic,
    }
    return render(request, "fieldwork/observation_list.html", context)


def _observation_form(
    request: HttpRequest, service: Service, observation: Observation | None
) -> HttpResponse:
    instance = observation or Observation(service=service)
    staff = staff_of(request.user)
    initial = (
        None
        if observation
        else {"where": _default_where(service, request.user, staff), "shareable": True}
    )
    form = ObservationForm(
        request.POST or None, instance=instance, initial=initial, service=service
    )

    def save(version: int | None) -> Observation:
        return actions.save_observation(request.user, form.save(commit=False), version=version)

    return _record_page(
        request,
        form,
        save,
        lambda: ObservationForm(
            instance=Observation.objects.get(pk=form.instance.pk), service=service
        ),
        heading=f"Modifier : {observation}"
        if observation
        else "Nouvelle observation du territoire",
        success="L'observation a été enregistrée.",
        redirect_to="fieldwork:observation_list",
        template="fieldwork/observation_form.html",
        general_terms=GENERAL_TERMS,
    )


observation_create, observation_edit = create_and_edit(_observation_form, Observation)
