"""Pages of the collective actions of the user's service."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from reperes.core.access import get_visible_or_404
from reperes.core.form_actions import form_page, run_form_action
from reperes.fieldwork.collective import actions
from reperes.fieldwork.collective.forms import (
    CollectiveActionForm,
    ParticipantCountFormSet,
    participant_counts,
)
from reperes.fieldwork.collective.models import CollectiveAction, ParticipantCount
from reperes.fieldwork.enums import AgeBand, Gender
from reperes.fieldwork.form_fields import service_quartiers
from reperes.fieldwork.pages import create_and_edit, field_service, page_of
from reperes.partners.models import Service


# ---------------------------------------------------------------- collective actions
def collective_list(request: HttpRequest) -> HttpResponse:
    service = field_service(request)
    counted = (
        ParticipantCount.objects.filter(action=OuterRef("pk"))
        .values("action")
        .annotate(total=Sum("count"))
        .values("total")
    )
    actions_qs = (
        CollectiveAction.objects.filter(service=service)
        .annotate(known=Count("participants", distinct=True), counted=Subquery(counted))
        .order_by("-started_on", "-pk")
    )
    page = page_of(request, actions_qs)
    return render(
        request,
        "fieldwork/collective_list.html",
        {"service": service, "page": page, "actions": page.object_list},
    )


def collective_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    action = get_visible_or_404(CollectiveAction, request.user, public_id=pk)
    counts = list(action.anonymous_participants.select_related("quartier__commune"))
    context = {
        "action": action,
        "participants": list(action.participants.order_by("pseudonym")),
        "counts": counts,
        "counted": sum(c.count for c in counts),
        "partners": list(action.partners.all()),
    }
    return render(request, "fieldwork/collective_detail.html", context)


def _collective_form(
    request: HttpRequest, service: Service, action: CollectiveAction | None
) -> HttpResponse:
    form = CollectiveActionForm(
        request.POST or None,
        instance=action,
        user=request.user,
        service=service,
        initial=None if action else {"started_on": timezone.localdate()},
    )
    initial_counts = (
        [
            {
                "gender": c.gender,
                "age_band": c.age_band,
                "quartier": c.quartier_id,
                "count": c.count,
            }
            for c in action.anonymous_participants.all()
        ]
        if action
        else []
    )
    formset = ParticipantCountFormSet(
        request.POST or None,
        prefix="comptes",
        initial=initial_counts,
        form_kwargs={"quartiers": service_quartiers(service)},
    )

    def save(version: int | None) -> CollectiveAction:
        return actions.save_collective_action(
            request.user,
            service,
            action,
            participants=form.cleaned_data["participants"],
            partners=form.cleaned_data["partners"],
            counts=participant_counts(formset),
            version=version,
            **{name: form.cleaned_data[name] for name in actions.COLLECTIVE_FIELDS},
        )

    return run_form_action(
        request,
        form,
        save,
        with_forms=[formset],
        fresh=lambda: CollectiveActionForm(
            instance=CollectiveAction.objects.get(pk=action.pk) if action else None,
            user=request.user,
            service=service,
        ),
        success="L'action collective a été enregistrée.",
        redirect_to=lambda saved: reverse("fieldwork:collective_detail", args=[saved.public_id]),
        page=form_page(
            request,
            "fieldwork/collective_form.html",
            form=form,
            formset=formset,
            action=action,
            heading=f"Modifier : {action}" if action else "Nouvelle action collective",
            genders=Gender.choices,
            bands=AgeBand.choices,
        ),
    )


collective_create, collective_edit = create_and_edit(
    _collective_form, CollectiveAction, lookup="public_id"
)
