"""The weekly time grid: one's own week, or, for a director, any staff member's of the
service; hours that come from a session or an intervention shown with where to correct them."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from reperes.accounts.http import SignedInRequest
from reperes.core.form_actions import run_form_action
from reperes.core.params import MAX_YEAR, MIN_YEAR
from reperes.fieldwork.enums import TimeCategory
from reperes.fieldwork.pages import field_service, staff_of
from reperes.fieldwork.time import actions
from reperes.fieldwork.time.forms import DAY_NAMES, TimeWeekForm, format_hours, hours_field_name
from reperes.fieldwork.time.models import TimeEntry
from reperes.partners.models import Service
from reperes.people.models import StaffMember


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
    url: str | None
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


def _time_staff(request: SignedInRequest, service: Service) -> tuple[StaffMember | None, str]:
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
def time_week(request: SignedInRequest) -> HttpResponse:
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

    def saved(created: list[TimeEntry]) -> str:
        total = format_hours(sum((e.hours for e in created), Decimal(0)))
        return f"Semaine {context['week_number']} enregistrée : {total} h."

    def page() -> HttpResponse:
        context.update(
            form=form,
            grid=_grid(form, _sources(week_entries)),
            copied=copied,
            copy_url=_week_url(monday, person, copier="1"),
            action_url=_week_url(monday, person),
            own=staff == staff_of(request.user),
        )
        return render(request, "fieldwork/time_week.html", context)

    return run_form_action(
        request,
        form,
        lambda: actions.save_time_week(request.user, staff, monday, form.entries()),
        success=saved,
        redirect_to=_week_url(monday, person),
        page=page,
    )
