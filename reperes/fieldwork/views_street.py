"""The educator's field work outside per-youth records: the phone home screen, street sessions
with anonymous tallies, the weekly time grid, collective actions, the partner directory and
observations of the territory.

Everything here belongs to the user's service and is seen by its educators and director only;
anyone else gets a 404, as if the pages did not exist (BRIEF « Who uses it »)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Subquery, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from reperes.core.access import get_visible_or_404
from reperes.core.locking import save_unless_changed
from reperes.core.params import MAX_YEAR, MIN_YEAR, choice_param
from reperes.partners.models import Sector, Service
from reperes.people.models import StaffMember

from . import actions_street as actions
from .enums import AgeBand, Gender, ObservationTopic, SessionKind, TimeCategory
from .forms_street import (
    DAY_NAMES,
    GENDER_PLURAL,
    GENERAL_TERMS,
    CollectiveActionForm,
    ObservationForm,
    ParticipantCountFormSet,
    PartnerForm,
    PartnershipActionForm,
    StreetSessionForm,
    TimeWeekForm,
    count_field_name,
    format_duration,
    format_hours,
    hours_field_name,
    participant_counts,
    service_quartiers,
    where_value,
)
from .models import (
    CollectiveAction,
    ContactCount,
    Observation,
    ParticipantCount,
    Partner,
    PartnershipAction,
    StreetSession,
    TimeEntry,
    Youth,
    field_service_id,
)

PAGE_SIZE = 25


def field_service(request: HttpRequest) -> Service:
    """The user's service, or a 404 for anyone who does no field work."""
    service_id = field_service_id(request.user)
    if service_id is None:
        raise Http404("Page introuvable")
    return Service.objects.get(pk=service_id)


def staff_of(user: Any) -> StaffMember | None:
    """The register entry the account is linked to, if it is in the user's service."""
    try:
        staff = user.staff_record
    except ObjectDoesNotExist:
        return None
    return staff if staff.service_id == user.service_id else None


def week_monday(raw: str | None, today: date) -> date:
    """``?semaine=2026-W48`` (ISO week), or this week."""
    match = re.fullmatch(r"(\d{4})-W(\d{1,2})", raw or "")
    # A week past the helper's bounds (year 9999) would overflow when the grid adds days.
    if match and MIN_YEAR <= int(match.group(1)) <= MAX_YEAR:
        try:
            return date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            pass
    return today - timedelta(days=today.weekday())


def iso_week(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


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


def _page(request: HttpRequest, queryset: Any) -> Any:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


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
    if request.method == "POST" and form.is_valid():
        fields = _session_fields(form)
        try:
            actions.record_street_session(request.user, service, **fields)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _contacts_message(sum(fields["counts"].values())))
            return redirect("fieldwork:home")
    heading = dict(SessionKind.choices)[initial["kind"]]
    return _session_page(request, form, service, heading=heading, no_staff=staff is None)


@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_visible_or_404(StreetSession, request.user, pk=pk)
    service = field_service(request)
    form = _session_edit_form(session, service, request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = _session_fields(form)
        if save_unless_changed(
            form,
            lambda version: actions.update_street_session(
                request.user, session, version=version, **fields
            ),
            lambda: _session_edit_form(StreetSession.objects.get(pk=session.pk), service),
        ):
            messages.success(request, "La séance a été modifiée.")
            return redirect("fieldwork:session_list")
    return _session_page(request, form, service, heading=f"Modifier : {session}", session=session)


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
    page = _page(request, sessions)
    for session in page.object_list:
        session.duration_label = format_duration(session.duration_minutes)
    return render(
        request,
        "fieldwork/session_list.html",
        {"service": service, "page": page, "sessions": page.object_list},
    )


# ---------------------------------------------------------------- weekly time grid
def _typed_hours(value: Any) -> Decimal:
    """What a cell holds, read leniently for the totals shown next to it."""
    text = str(value or "").strip().replace(",", ".").removesuffix("h").strip()
    try:
        hours = Decimal(text) if text else Decimal(0)
    except InvalidOperation:
        return Decimal(0)
    return hours if hours.is_finite() and hours > 0 else Decimal(0)


def _sources(entries: Any) -> dict[tuple[date, str], list[dict[str, Any]]]:
    """The week's hours that come from a session or an intervention, per day and item, each
    with where it came from and where to correct it (record once, never re-type)."""
    sources: dict[tuple[date, str], list[dict[str, Any]]] = {}
    for entry in entries.exclude(street_session=None, intervention=None).select_related(
        "street_session", "intervention__accompaniment"
    ):
        if entry.street_session is not None:
            label = entry.street_session.get_kind_display()
            url = reverse("fieldwork:session_edit", args=[entry.street_session.pk])
        else:
            label = entry.intervention.get_kind_display()
            url = _accompaniment_url(entry.intervention.accompaniment)
        sources.setdefault((entry.day, entry.category), []).append(
            {"label": label, "url": url, "hours": entry.hours, "shown": format_hours(entry.hours)}
        )
    return sources


def _accompaniment_url(accompaniment: Any) -> str | None:
    try:
        return reverse("fieldwork:accompaniment_detail", args=[accompaniment.public_id])
    except NoReverseMatch:
        return None


def _grid(
    form: TimeWeekForm, sources: dict[tuple[date, str], list[dict[str, Any]]] | None = None
) -> dict[str, Any]:
    sources = sources or {}
    rows = []
    column_totals = dict.fromkeys(TimeCategory.values, Decimal(0))
    for index, day in enumerate(form.days):
        cells = []
        total = Decimal(0)
        for category, label in TimeCategory.choices:
            field = form[hours_field_name(category, index)]
            from_sources = sources.get((day, category), [])
            recorded = sum((s["hours"] for s in from_sources), Decimal(0))
            hours = _typed_hours(field.value()) + recorded
            column_totals[category] += hours
            total += hours
            cells.append(
                {
                    "field": field,
                    "label": label,
                    "category": category,
                    "sources": from_sources,
                    "recorded": f"{recorded:f}" if recorded else "",
                }
            )
        rows.append(
            {
                "index": index,
                "name": DAY_NAMES[index],
                "day": day,
                "cells": cells,
                "total": format_hours(total),
                "in_contract": form.in_contract(day),
                "weekend": index >= 5,
            }
        )
    return {
        "rows": rows,
        "categories": TimeCategory.choices,
        "column_totals": [
            {"category": c, "label": label, "total": format_hours(column_totals[c])}
            for c, label in TimeCategory.choices
        ],
        "week_total": format_hours(sum(column_totals.values(), Decimal(0))),
    }


def _week_url(monday: date, person: str = "", **extra: str) -> str:
    query = {"semaine": iso_week(monday), **({"personne": person} if person else {}), **extra}
    return f"{reverse('fieldwork:time_week')}?{urlencode(query)}"


def _time_staff(request: HttpRequest, service: Service) -> tuple[StaffMember | None, str]:
    """Whose grid: oneself; a director may open any staff member of the service."""
    raw = request.GET.get("personne", "")
    own = staff_of(request.user)
    if not raw:
        return own, ""
    if own is not None and str(own.public_id) == raw:
        return own, ""
    if request.user.role != "service_director":
        raise Http404("Page introuvable")
    try:
        return StaffMember.objects.get(service=service, public_id=raw), raw
    except (StaffMember.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("Page introuvable") from exc


@require_http_methods(["GET", "POST"])
def time_week(request: HttpRequest) -> HttpResponse:
    service = field_service(request)
    today = timezone.localdate()
    monday = week_monday(request.GET.get("semaine"), today)
    staff, person = _time_staff(request, service)
    is_director = request.user.role == "service_director"
    context: dict[str, Any] = {
        "service": service,
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "week_number": monday.isocalendar()[1],
        "previous_number": (monday - timedelta(days=7)).isocalendar()[1],
        "next_number": (monday + timedelta(days=7)).isocalendar()[1],
        "staff": staff,
        "previous_url": _week_url(monday - timedelta(days=7), person),
        "next_url": _week_url(monday + timedelta(days=7), person),
        "this_week_url": _week_url(today - timedelta(days=today.weekday()), person),
        "is_this_week": monday <= today <= monday + timedelta(days=6),
        "people": (
            StaffMember.objects.filter(service=service).order_by("display_name")
            if is_director
            else []
        ),
        "person": person,
        "week": iso_week(monday),
    }
    if staff is None:
        return render(request, "fieldwork/time_week.html", {**context, "form": None})

    week_entries = TimeEntry.objects.filter(staff=staff, day__range=(monday, monday + timedelta(6)))
    entries = week_entries.filter(street_session=None, intervention=None)
    initial = {
        hours_field_name(e.category, (e.day - monday).days): format_hours(e.hours) for e in entries
    }
    copied = False
    if request.method == "GET" and request.GET.get("copier") == "1":
        previous = monday - timedelta(days=7)
        initial = {}
        for entry in TimeEntry.objects.filter(
            staff=staff,
            day__range=(previous, previous + timedelta(6)),
            street_session=None,
            intervention=None,
        ):
            day = entry.day + timedelta(days=7)
            if staff.arrival <= day and (staff.departure is None or day <= staff.departure):
                initial[hours_field_name(entry.category, (entry.day - previous).days)] = (
                    format_hours(entry.hours)
                )
        copied = True
    form = TimeWeekForm(request.POST or None, initial=initial, staff=staff, monday=monday)
    if request.method == "POST" and form.is_valid():
        try:
            created = actions.save_time_week(request.user, staff, monday, form.entries())
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            total = format_hours(sum((e.hours for e in created), Decimal(0)))
            messages.success(request, f"Semaine {context['week_number']} enregistrée : {total} h.")
            return redirect(_week_url(monday, person))
    context.update(
        form=form,
        grid=_grid(form, _sources(week_entries)),
        copied=copied,
        copy_url=_week_url(monday, person, copier="1"),
        action_url=_week_url(monday, person),
        own=staff == staff_of(request.user),
    )
    return render(request, "fieldwork/time_week.html", context)


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
    page = _page(request, actions_qs)
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
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        fields = {name: form.cleaned_data[name] for name in actions.COLLECTIVE_FIELDS}
        saved: list[CollectiveAction] = []
        if save_unless_changed(
            form,
            lambda version: saved.append(
                actions.save_collective_action(
                    request.user,
                    service,
                    action,
                    participants=form.cleaned_data["participants"],
                    partners=form.cleaned_data["partners"],
                    counts=participant_counts(formset),
                    version=version,
                    **fields,
                )
            ),
            lambda: CollectiveActionForm(
                instance=CollectiveAction.objects.get(pk=getattr(action, "pk", None)),
                user=request.user,
                service=service,
            ),
        ):
            messages.success(request, "L'action collective a été enregistrée.")
            return redirect("fieldwork:collective_detail", pk=saved[-1].public_id)
    context = {
        "form": form,
        "formset": formset,
        "action": action,
        "heading": f"Modifier : {action}" if action else "Nouvelle action collective",
        "genders": Gender.choices,
        "bands": AgeBand.choices,
    }
    return render(request, "fieldwork/collective_form.html", context)


@require_http_methods(["GET", "POST"])
def collective_create(request: HttpRequest) -> HttpResponse:
    return _collective_form(request, field_service(request), None)


@require_http_methods(["GET", "POST"])
def collective_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    action = get_visible_or_404(CollectiveAction, request.user, public_id=pk)
    return _collective_form(request, field_service(request), action)


# ---------------------------------------------------------------- partners
def partner_list(request: HttpRequest) -> HttpResponse:
    service = field_service(request)
    partners = Partner.objects.filter(service=service).select_related("organisation", "commune")
    partnership = (
        PartnershipAction.objects.filter(service=service)
        .prefetch_related(Prefetch("partners", queryset=Partner.objects.order_by("name")))
        .order_by("-date", "-pk")
    )
    page = _page(request, partnership)
    context = {
        "service": service,
        "partners": list(partners),
        "page": page,
        "partnership_actions": page.object_list,
    }
    return render(request, "fieldwork/partner_list.html", context)


def _partner_form(request: HttpRequest, service: Service, partner: Partner | None) -> HttpResponse:
    form = PartnerForm(request.POST or None, instance=partner, service=service)
    if request.method == "POST" and form.is_valid():
        instance = form.save(commit=False)
        instance.service = service
        if save_unless_changed(
            form,
            lambda version: actions.save_partner(request.user, instance, version=version),
            lambda: PartnerForm(instance=Partner.objects.get(pk=instance.pk), service=service),
        ):
            messages.success(request, "L'annuaire des partenaires a été mis à jour.")
            return redirect("fieldwork:partner_list")
    heading = f"Modifier : {partner}" if partner else "Ajouter un partenaire"
    return render(
        request,
        "fieldwork/partner_form.html",
        {"form": form, "heading": heading, "kind": "partner"},
    )


@require_http_methods(["GET", "POST"])
def partner_create(request: HttpRequest) -> HttpResponse:
    return _partner_form(request, field_service(request), None)


@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_visible_or_404(Partner, request.user, pk=pk)
    return _partner_form(request, field_service(request), partner)


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
    if (
        request.method == "POST"
        and form.is_valid()
        and save_unless_changed(
            form,
            lambda version: actions.save_partnership_action(
                request.user, service, action, version=version, **form.cleaned_data
            ),
            lambda: _partnership_action_form(
                service, PartnershipAction.objects.get(pk=getattr(action, "pk", None))
            ),
        )
    ):
        messages.success(request, "L'action partenariale a été enregistrée.")
        return redirect("fieldwork:partner_list")
    heading = f"Modifier : {action}" if action else "Nouvelle action partenariale"
    return render(
        request,
        "fieldwork/partner_form.html",
        {"form": form, "heading": heading, "kind": "partnership"},
    )


@require_http_methods(["GET", "POST"])
def partnership_create(request: HttpRequest) -> HttpResponse:
    return _partnership_form(request, field_service(request), None)


@require_http_methods(["GET", "POST"])
def partnership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_visible_or_404(PartnershipAction, request.user, pk=pk)
    return _partnership_form(request, field_service(request), action)


# ---------------------------------------------------------------- observations
def observation_list(request: HttpRequest) -> HttpResponse:
    service = field_service(request)
    observations = Observation.objects.filter(service=service).select_related("commune", "quartier")
    topic = choice_param(request.GET, "theme", ObservationTopic.values)
    if topic:
        observations = observations.filter(topic=topic)
    page = _page(request, observations.order_by("-observed_on", "-pk"))
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
    if request.method == "POST" and form.is_valid():
        edited = form.save(commit=False)
        if save_unless_changed(
            form,
            lambda version: actions.save_observation(request.user, edited, version=version),
            lambda: ObservationForm(
                instance=Observation.objects.get(pk=edited.pk), service=service
            ),
        ):
            messages.success(request, "L'observation a été enregistrée.")
            return redirect("fieldwork:observation_list")
    heading = f"Modifier : {observation}" if observation else "Nouvelle observation du territoire"
    return render(
        request,
        "fieldwork/observation_form.html",
        {"form": form, "heading": heading, "general_terms": GENERAL_TERMS},
    )


@require_http_methods(["GET", "POST"])
def observation_create(request: HttpRequest) -> HttpResponse:
    return _observation_form(request, field_service(request), None)


@require_http_methods(["GET", "POST"])
def observation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    observation = get_visible_or_404(Observation, request.user, pk=pk)
    return _observation_form(request, field_service(request), observation)
