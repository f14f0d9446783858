"""The educator's phone home screen and the street sessions with anonymous tallies.

Everything here belongs to the user's service and is seen by its educators and director only;
anyone else gets a 404, as if the pages did not exist (BRIEF « Who uses it »)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db.models import OuterRef, Prefetch, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from reperes.core.access import get_visible_or_404
from reperes.core.form_actions import run_form_action
from reperes.core.params import choice_param
from reperes.fieldwork.enums import Gender, SessionKind
from reperes.fieldwork.form_fields import where_value
from reperes.fieldwork.pages import field_service, page_of, staff_of
from reperes.fieldwork.street import actions
from reperes.fieldwork.street.forms import (
    GENDER_PLURAL,
    StreetSessionForm,
    count_field_name,
    format_duration,
)
from reperes.fieldwork.street.models import ContactCount, StreetSession
from reperes.fieldwork.time.forms import format_hours
from reperes.fieldwork.time.models import TimeEntry
from reperes.fieldwork.youths.models import Youth
from reperes.partners.models import Sector, Service
from reperes.people.models import StaffMember


def _contacts_total() -> Subquery:
    """Contacts counted in a session, as a correlated subquery: a join with GROUP BY would
    aggregate every session of the service before the page's LIMIT (docs/benchmarks.md)."""
    return Subquery(
        ContactCount.objects.filter(session=OuterRef("pk"))
        .order_by()
        .values("session")
        .annotate(total=Sum("count"))
        .values("total")
    )


def _youth_list_url() -> str | None:
    try:
        return reverse("fieldwork:youth_list")
    except NoReverseMatch:
        return None


# ---------------------------------------------------------------- home
def home(request: HttpRequest) -> HttpResponse:
    service = field_service(request)
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    staff = staff_of(request.user)
    sessions = list(
        StreetSession.objects.filter(service=service, date=today)
        .select_related("commune", "quartier")
        .annotate(contacts_total=_contacts_total())
        .order_by("-pk")
    )
    week_hours = None
    if staff is not None:
        week_hours = TimeEntry.objects.filter(
            staff=staff, day__range=(monday, monday + timedelta(days=6))
        ).aggregate(total=Sum("hours"))["total"] or Decimal(0)
    followed: list[Any] = []
    if staff is not None:
        # The youths this educator follows: open accompaniments naming them as referent
        # (pseudonyms only, through the access layer; the identity stays behind its page).
        followed = list(
            Youth.objects.visible_to(request.user)
            .filter(
                anonymised_on__isnull=True,
                accompaniments__referents=staff,
                accompaniments__ended_on__isnull=True,
            )
            .defer(*Youth.IDENTITY_FIELDS)
            .distinct()
            .order_by("pseudonym", "pk")
        )
    context = {
        "service": service,
        "staff": staff,
        "today": today,
        "followed": followed,
        "sessions": sessions,
        "contacts_today": sum(s.contacts_total or 0 for s in sessions),
        "week_hours": format_hours(week_hours) if week_hours is not None else None,
        "youth_list_url": _youth_list_url(),
    }
    return render(request, "fieldwork/home.html", context)


# ---------------------------------------------------------------- street sessions
def _default_where(service: Service, user: Any, staff: StaffMember | None) -> str:
    """The quartier of the educator's last session, else the service's first sector."""
    last = StreetSession.objects.filter(service=service, recorded_by=user)
    if staff is not None:
        last = last | StreetSession.objects.filter(service=service, educators=staff)
    previous = last.order_by("-date", "-pk").select_related("commune", "quartier").first()
    if previous is not None and (previous.commune or previous.quartier):
        return where_value(previous.commune, previous.quartier)
    sector = Sector.objects.filter(service=service).select_related("commune").first()
    if sector is None:
        return ""
    return where_value(sector.commune, sector.quartiers.order_by("name").first())


def _session_fields(form: StreetSessionForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "date": data["date"],
        "duration_minutes": data["duration"],
        "commune": data.get("commune"),
        "quartier": data.get("quartier"),
        "place": data.get("place"),
        "educators": data["educators"],
        "counts": form.counts(),
    }


def _session_page(
    request: HttpRequest, form: StreetSessionForm, service: Service, **extra: Any
) -> HttpResponse:
    context = {
        "form": form,
        "service": service,
        "genders": [GENDER_PLURAL[Gender.GIRL], GENDER_PLURAL[Gender.BOY]],
        "session": None,
        "no_staff": False,
        **extra,
    }
    return render(request, "fieldwork/session_form.html", context)


def _contacts_message(total: int) -> str:
    if not total:
        return "Séance enregistrée, sans contact compté."
    return f"Séance enregistrée : {total} contact{'s' if total > 1 else ''}."


@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest) -> HttpResponse:
    service = field_service(request)
    staff = staff_of(request.user)
    today = timezone.localdate()
    kind = choice_param(request.GET, "nature", SessionKind.values, SessionKind.STREET_WORK)
    initial = {
        "kind": kind,
        "date": today,
        "duration": format_duration(120),
        "where": _default_where(service, request.user, staff),
        "educators": [staff] if staff else [],
    }
    form = StreetSessionForm(request.POST or None, initial=initial, service=service, on=today)
    heading = SessionKind(kind).label
    return run_form_action(
        request,
        form,
        lambda: actions.record_street_session(request.user, service, **_session_fields(form)),
        success=lambda _: _contacts_message(sum(form.counts().values())),
        redirect_to="fieldwork:home",
        page=lambda: _session_page(request, form, service, heading=heading, no_staff=staff is None),
    )


@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_visible_or_404(StreetSession, request.user, pk=pk)
    service = field_service(request)
    form = _session_edit_form(session, service, request.POST or None)
    return run_form_action(
        request,
        form,
        lambda version: actions.update_street_session(
            request.user, session, version=version, **_session_fields(form)
        ),
        fresh=lambda: _session_edit_form(StreetSession.objects.get(pk=session.pk), service),
        success="La séance a été modifiée.",
        redirect_to="fieldwork:session_list",
        page=lambda: _session_page(
            request, form, service, heading=f"Modifier : {session}", session=session
        ),
    )


def _session_edit_form(
    session: StreetSession, service: Service, data: Any = None
) -> StreetSessionForm:
    initial: dict[str, Any] = {
        "kind": session.kind,
        "date": session.date,
        "duration": format_duration(session.duration_minutes),
        "where": where_value(session.commune, session.quartier),
        "place": session.place_id,
        "educators": list(session.educators.all()),
    }
    for contact in session.contacts.all():
        name = count_field_name(contact.gender, contact.age_band)
        initial[name] = initial.get(name, 0) + contact.count
    return StreetSessionForm(
        data, initial=initial, service=service, on=session.date, version=session.version
    )


@require_http_methods(["GET", "POST"])
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_visible_or_404(StreetSession, request.user, pk=pk)
    if request.method == "POST":
        actions.delete_street_session(request.user, session)
        messages.success(request, "La séance a été supprimée.")
        return redirect("fieldwork:session_list")
    total = session.contacts.aggregate(total=Sum("count"))["total"] or 0
    return render(
        request, "fieldwork/session_delete.html", {"session": session, "contacts_total": total}
    )


def session_list(request: HttpRequest) -> HttpResponse:
    service = field_service(request)
    sessions = (
        StreetSession.objects.filter(service=service)
        .select_related("commune", "quartier", "place")
        .prefetch_related(Prefetch("educators", queryset=StaffMember.objects.order_by("pk")))
        .annotate(contacts_total=_contacts_total())
        .order_by("-date", "-pk")
    )
    page = page_of(request, sessions)
    for session in page.object_list:
        session.duration_label = format_duration(session.duration_minutes)
    return render(
        request,
        "fieldwork/session_list.html",
        {"service": service, "page": page, "sessions": page.object_list},
    )
