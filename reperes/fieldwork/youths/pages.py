"""What the pages of the youth records share: the user's service, fetching a youth or an
accompaniment for the user (a 404 when it is not visible), the refusal of a change to an
anonymised record, links and the form page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from reperes.core.access import get_visible_or_404
from reperes.fieldwork.enums import AgeBand
from reperes.fieldwork.youths import actions
from reperes.fieldwork.youths.models import Accompaniment, Family, Youth

PAGE_SIZE = 50
LOG_SIZE = 50


# ---------------------------------------------------------------- helpers
def _youth(request: HttpRequest, pk: Any) -> Youth:
    return get_visible_or_404(Youth, request.user, public_id=pk)


def _refused(request: HttpRequest, youth: Youth) -> HttpResponse | None:
    """Back to the record, with the reason, when it is anonymised: nothing of it changes any
    more (the actions refuse it too, ``actions_youths.anonymised_message``)."""
    if youth.anonymised_on is None:
        return None
    messages.error(request, actions.anonymised_message(youth))
    return redirect(_youth_url(youth))


def _accompaniment(request: HttpRequest, pk: Any) -> Accompaniment:
    accompaniment = get_visible_or_404(Accompaniment, request.user, public_id=pk)
    return Accompaniment.objects.select_related("youth", "service", "orienting_partner").get(
        pk=accompaniment.pk
    )


def _opened_accompaniment(request: HttpRequest, pk: Any) -> Accompaniment:
    """The accompaniment a form is about; showing the form reads the youth's record (logged in
    the same transaction)."""
    with transaction.atomic():
        accompaniment = _accompaniment(request, pk)
        if request.method == "GET" and accompaniment.youth.anonymised_on is None:
            actions.read_youth(
                request.user,
                accompaniment.youth,
                record="accompaniment",
                record_id=str(accompaniment.public_id),
            )
    return accompaniment


def _data_protection_sources(service: Any) -> list[str]:
    """The binding data-protection clauses that let the service hold a youth's identity, cited
    beside the identity pages (none when no binding convention says so)."""
    from reperes.conventions import catalogue, clauses
    from reperes.core.access import today

    return [
        bound.source
        for bound in clauses.for_service(service, today(), kinds=[catalogue.DATA_PROTECTION])
        if bound.params.get("nominative")
    ]


def _youth_url(youth: Youth) -> str:
    return reverse("fieldwork:youth_detail", kwargs={"pk": youth.public_id})


def _accompaniment_url(accompaniment: Accompaniment) -> str:
    return reverse("fieldwork:accompaniment_detail", kwargs={"pk": accompaniment.public_id})


def _family_url(family: Family) -> str:
    return reverse("fieldwork:family_detail", kwargs={"pk": family.public_id})


def _form_page(request: HttpRequest, form: Any, heading: str, cancel: str, **extra: Any) -> Any:
    context = {
        "form": form,
        "heading": heading,
        "cancel_url": cancel,
        "intro": "",
        "youth": None,
        "accompaniment": None,
        "family": None,
        "danger": False,
        "submit": "Enregistrer",
        **extra,
    }
    return render(request, "fieldwork/youth_form.html", context)


def _band_filter(band: str, today: date) -> Q:
    """Youths in ``band`` today: by birth year when known, else by the band recorded."""
    recorded = Q(birth_year__isnull=True, age_band=band)
    if band == AgeBand.UNKNOWN:
        return recorded
    if band == AgeBand.OVER_25:
        return recorded | Q(birth_year__lte=today.year - 26)
    low, high = (int(x) for x in band.split("-"))
    return recorded | Q(birth_year__gte=today.year - high, birth_year__lte=today.year - low)


def _age_label(youth: Youth, today: date) -> str:
    if youth.birth_year:
        return f"{today.year - youth.birth_year} ans"
    return AgeBand(youth.age_band).label
