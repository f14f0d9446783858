"""Writes of the time of the staff: the week typed in the grid, and the time that a street
session or a dated intervention already says, filled in once for each educator it names (record
once, never re-type). A day never holds more than 24 hours."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from reperes.core.models import audit
from reperes.fieldwork.changes import announce
from reperes.fieldwork.enums import TimeCategory
from reperes.fieldwork.street.models import StreetSession
from reperes.fieldwork.time.models import TimeEntry
from reperes.people.models import StaffMember

MAX_DAY_HOURS = Decimal(24)


def minutes_to_hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


def _check_day_total(staff: StaffMember, day: date) -> None:
    total = TimeEntry.objects.filter(staff=staff, day=day).aggregate(total=Sum("hours"))["total"]
    if total and total > MAX_DAY_HOURS:
        raise ValidationError(
            f"Le {day:%d/%m/%Y}, {staff} compterait plus de 24 heures de temps : "
            "rien n'a été enregistré. Corrigez la durée ou le temps de la semaine."
        )


def sync_session_time(session: StreetSession) -> None:
    """Record once: a session's duration is the time of each educator it names, on its day, in
    « Présence sociale » (seed 000 annex 1 counts street work there; seed 001 puts that item in
    « Travail de rue »). The grid shows it as coming from the session and adds what the
    educator types on top; the reports read both, never the same hours twice."""
    educators = list(session.educators.all())
    session.time_entries.exclude(staff__in=educators).delete()
    hours = minutes_to_hours(session.duration_minutes)
    for staff in educators:
        TimeEntry.objects.update_or_create(
            staff=staff,
            street_session=session,
            defaults={
                "day": session.date,
                "category": TimeCategory.SOCIAL_PRESENCE,
                "hours": hours,
            },
        )
        _check_day_total(staff, session.date)


def sync_intervention_time(intervention: Any) -> None:
    """An intervention with a duration and the professional who held it fills that person's
    « Accompagnement individuel » on its day (the same rule as a session)."""
    intervention.time_entries.all().delete()
    if not intervention.duration_minutes or intervention.staff_id is None:
        return
    TimeEntry.objects.create(
        staff_id=intervention.staff_id,
        intervention=intervention,
        day=intervention.occurred_on,
        category=TimeCategory.INDIVIDUAL,
        hours=minutes_to_hours(intervention.duration_minutes),
    )
    _check_day_total(intervention.staff, intervention.occurred_on)


# ---------------------------------------------------------------- time
def week_days(monday: date) -> list[date]:
    return [monday + timedelta(days=i) for i in range(7)]


def sourced_hours(entries: Any) -> dict[tuple[date, str], Decimal]:
    """Hours that come from sessions and interventions, per day and item."""
    totals: dict[tuple[date, str], Decimal] = {}
    for entry in entries.exclude(street_session=None, intervention=None):
        key = (entry.day, entry.category)
        totals[key] = totals.get(key, Decimal(0)) + entry.hours
    return totals


def check_week(
    staff: StaffMember,
    monday: date,
    entries: Mapping[tuple[date, str], Decimal],
    recorded: Mapping[tuple[date, str], Decimal] | None = None,
) -> None:
    """The rules of a week of time: within the week, known items, no negative hours, at most
    24 h a day (with the hours already recorded by sessions and interventions), and nothing
    outside the person's presence in the service (register dates)."""
    if monday.weekday() != 0:
        raise ValidationError("Une semaine commence un lundi.")
    days = set(week_days(monday))
    per_day: dict[date, Decimal] = {}
    typed: set[date] = set()
    for (day, _category), hours in (recorded or {}).items():
        per_day[day] = per_day.get(day, Decimal(0)) + hours
    for (day, category), hours in entries.items():
        if day not in days:
            raise ValidationError(f"Le {day:%d/%m/%Y} n'est pas dans la semaine saisie.")
        if category not in TimeCategory.values:
            raise ValidationError("Activité inconnue.")
        if hours < 0:
            raise ValidationError("Un temps ne peut pas être négatif.")
        per_day[day] = per_day.get(day, Decimal(0)) + hours
        if hours:
            typed.add(day)
    for day, total in sorted(per_day.items()):
        if total > MAX_DAY_HOURS:
            raise ValidationError(
                f"Le {day:%d/%m/%Y} compte plus de 24 heures : rien n'a été enregistré."
            )
        if day in typed and (
            day < staff.arrival or (staff.departure is not None and day > staff.departure)
        ):
            raise ValidationError(
                f"Le {day:%d/%m/%Y} est hors de la présence de la personne dans le service : "
                "rien n'a été enregistré."
            )


@transaction.atomic
def save_time_week(
    actor: Any, staff: StaffMember, monday: date, entries: Mapping[tuple[date, str], Decimal]
) -> list[TimeEntry]:
    """Replace the week's time of ``staff`` with ``entries``; a zero is no entry."""
    staff = StaffMember.objects.select_for_update().get(pk=staff.pk)
    week = TimeEntry.objects.filter(staff=staff, day__range=(monday, monday + timedelta(days=6)))
    recorded = sourced_hours(week)
    check_week(staff, monday, entries, recorded)
    week.filter(street_session=None, intervention=None).delete()
    created = TimeEntry.objects.bulk_create(
        TimeEntry(staff=staff, day=day, category=category, hours=hours)
        for (day, category), hours in sorted(entries.items())
        if hours
    )
    announce([staff.service_id])  # bulk_create sends no model signal
    total = sum((e.hours for e in created), Decimal(0))
    year, week_number, _ = monday.isocalendar()
    audit(
        actor,
        "fieldwork.time.week",
        staff,
        f"Temps de la semaine {week_number} de {year} enregistré : {total.normalize():f} h".replace(
            ".", ","
        ),
        public_id=str(staff.public_id),
        week=f"{year}-W{week_number:02d}",
    )
    return created
