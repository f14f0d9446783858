"""Every write of the educator's field work outside per-youth records is one of these named
actions: one transaction, its audit entry written in the same transaction, and, when a known
youth joins or leaves a collective action, the youth's access-log entry too. Neither the audit
trail nor the access log ever receives a name: counts, dates and identifiers only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from reperes.core.locking import locked
from reperes.core.models import audit
from reperes.partners.models import Commune, Place, Quartier, Service
from reperes.people.models import StaffMember

from .enums import AccessAction, AgeBand, Gender, SessionKind, TimeCategory
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
    log_access,
)

MAX_DAY_HOURS = Decimal(24)


def _check_counts(counts: Mapping[tuple[Any, ...], int]) -> None:
    for key, count in counts.items():
        gender, band = key[0], key[1]
        if gender not in Gender.values or band not in AgeBand.values:
            raise ValidationError("Genre ou tranche d'âge inconnus.")
        if not isinstance(count, int) or count < 0:
            raise ValidationError("Un nombre de jeunes ne peut pas être négatif.")


def _session_summary(session: StreetSession, total: int) -> str:
    plural = "s" if total > 1 else ""
    return f"{session} : {total} contact{plural} compté{plural}"


def _write_session(
    session: StreetSession,
    *,
    educators: Iterable[StaffMember],
    counts: Mapping[tuple[str, str], int],
) -> int:
    _check_counts(counts)
    educators = list(educators)
    if any(m.service_id != session.service_id for m in educators):
        raise ValidationError("Les éducateurs d'une séance appartiennent au service.")
    session.full_clean(exclude=["recorded_by"])
    session.save()
    session.educators.set(educators)
    session.contacts.all().delete()
    ContactCount.objects.bulk_create(
        ContactCount(
            session=session, gender=gender, age_band=band, quartier=session.quartier, count=count
        )
        for (gender, band), count in sorted(counts.items())
        if count
    )
    sync_session_time(session)
    return sum(counts.values())


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


@transaction.atomic
def record_street_session(
    actor: Any,
    service: Service,
    *,
    kind: str = SessionKind.STREET_WORK,
    date: date,
    duration_minutes: int,
    commune: Commune | None = None,
    quartier: Quartier | None = None,
    place: Place | None = None,
    educators: Iterable[StaffMember] = (),
    counts: Mapping[tuple[str, str], int],
) -> StreetSession:
    """A street-work or social-presence session and its anonymous tallies: one ContactCount
    per gender × age band met, none for a zero (seed 000 annex 1 « Présence sociale »: number
    of contacts, ages, gender, geography)."""
    session = StreetSession(
        service=service,
        kind=kind,
        date=date,
        duration_minutes=duration_minutes,
        commune=commune if commune or not quartier else quartier.commune,
        quartier=quartier,
        place=place,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    total = _write_session(session, educators=educators, counts=counts)
    audit(actor, "fieldwork.session.record", session, _session_summary(session, total))
    return session


@transaction.atomic
def update_street_session(
    actor: Any,
    session: StreetSession,
    *,
    kind: str,
    date: date,
    duration_minutes: int,
    commune: Commune | None = None,
    quartier: Quartier | None = None,
    place: Place | None = None,
    educators: Iterable[StaffMember] = (),
    counts: Mapping[tuple[str, str], int],
    version: int | None = None,
) -> StreetSession:
    """Change a session and its tallies; a form opened on an older ``version`` is refused."""
    session = locked(StreetSession, session.pk, version)
    session.kind, session.date, session.duration_minutes = kind, date, duration_minutes
    session.commune = commune if commune or not quartier else quartier.commune
    session.quartier, session.place = quartier, place
    total = _write_session(session, educators=educators, counts=counts)
    audit(actor, "fieldwork.session.update", session, _session_summary(session, total))
    return session


@transaction.atomic
def delete_street_session(actor: Any, session: StreetSession) -> None:
    session = StreetSession.objects.select_for_update().get(pk=session.pk)
    summary = f"{session} supprimée"
    audit(actor, "fieldwork.session.delete", session, summary)
    session.delete()


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
    total = sum((e.hours for e in created), Decimal(0))
    year, week, _ = monday.isocalendar()
    audit(
        actor,
        "fieldwork.time.week",
        staff,
        f"Temps de la semaine {week} de {year} enregistré : {total.normalize():f} h".replace(
            ".", ","
        ),
        public_id=str(staff.public_id),
        week=f"{year}-W{week:02d}",
    )
    return created


# ---------------------------------------------------------------- collective actions
COLLECTIVE_FIELDS = (
    "title",
    "category",
    "started_on",
    "ended_on",
    "families_count",
    "funding",
    "amount",
)


@transaction.atomic
def save_collective_action(
    actor: Any,
    service: Service,
    action: CollectiveAction | None = None,
    *,
    participants: Iterable[Youth] = (),
    counts: Mapping[tuple[str, str, int | None], int] | None = None,
    partners: Iterable[Partner] = (),
    version: int | None = None,
    **fields: Any,
) -> CollectiveAction:
    """Create or change a collective action (seed 000 annex 1: title, period, participants by
    age band and geography). Known youths join by pseudonym; each youth who joins or leaves
    gets an access-log entry. Other participants are counted anonymously. A change from a
    form opened on an older ``version`` is refused (``StaleEdit``)."""
    unknown = set(fields) - set(COLLECTIVE_FIELDS)
    if unknown:
        raise ValueError(f"Champs inconnus : {sorted(unknown)}")
    created = action is None
    if action is None:
        action = CollectiveAction(service=service)
        before: set[int] = set()
    else:
        action = locked(CollectiveAction, action.pk, version)
        before = set(action.participants.values_list("pk", flat=True))
    for name, value in fields.items():
        setattr(action, name, value)
    participants = list(participants)
    partners = list(partners)
    if any(y.service_id != service.pk for y in participants):
        raise ValidationError("Seuls les jeunes connus du service peuvent participer.")
    if any(p.service_id != service.pk for p in partners):
        raise ValidationError("Choisissez des partenaires de l'annuaire du service.")
    action.full_clean()
    action.save()
    action.participants.set(participants)
    action.partners.set(partners)
    if counts is not None:
        _check_counts(counts)
        action.anonymous_participants.all().delete()
        ParticipantCount.objects.bulk_create(
            ParticipantCount(
                action=action, gender=gender, age_band=band, quartier_id=quartier_id, count=count
            )
            for (gender, band, quartier_id), count in counts.items()
            if count
        )
    after = {y.pk for y in participants}
    for youth in participants:
        if youth.pk not in before:
            log_access(
                actor,
                youth,
                AccessAction.CHANGE,
                record="collective_action",
                record_id=str(action.public_id),
                fields=["participants"],
            )
    if before - after:
        for youth in Youth.objects.filter(pk__in=before - after):
            log_access(
                actor,
                youth,
                AccessAction.CHANGE,
                record="collective_action",
                record_id=str(action.public_id),
                fields=["participants"],
            )
    anonymous = sum(action.anonymous_participants.values_list("count", flat=True))
    audit(
        actor,
        "fieldwork.collective.create" if created else "fieldwork.collective.update",
        action,
        f"Action collective {'créée' if created else 'modifiée'} : {len(after)} jeune(s) "
        f"connu(s), {anonymous} participant(s) compté(s)",
        public_id=str(action.public_id),
        added=len(after - before),
        removed=len(before - after),
    )
    return action


# ---------------------------------------------------------------- partners and observations
@transaction.atomic
def save_partner(actor: Any, partner: Partner, *, version: int | None = None) -> Partner:
    """Add or change a partner; a change from a form opened on an older ``version`` is
    refused (``StaleEdit``)."""
    created = partner.pk is None
    if not created:
        locked(Partner, partner.pk, version)
    partner.full_clean()
    partner.save()
    audit(
        actor,
        "fieldwork.partner.create" if created else "fieldwork.partner.update",
        partner,
        f"Partenaire {'ajouté à' if created else 'modifié dans'} l'annuaire : {partner.name}",
    )
    return partner


@transaction.atomic
def save_partnership_action(
    actor: Any,
    service: Service,
    action: PartnershipAction | None = None,
    *,
    date: date,
    title: str,
    partners: Iterable[Partner],
    hours: Decimal | None = None,
    version: int | None = None,
) -> PartnershipAction:
    """An action with partners (seed 001 référentiel « Une dynamique de relais »). A change
    from a form opened on an older ``version`` is refused (``StaleEdit``)."""
    partners = list(partners)
    if not partners:
        raise ValidationError("Choisissez au moins un partenaire de l'annuaire.")
    if any(p.service_id != service.pk for p in partners):
        raise ValidationError("Choisissez des partenaires de l'annuaire du service.")
    created = action is None
    action = locked(PartnershipAction, action.pk, version) if action else None
    action = action or PartnershipAction(service=service)
    action.date, action.title, action.hours = date, title, hours
    action.full_clean()
    action.save()
    action.partners.set(partners)
    audit(
        actor,
        "fieldwork.partnership.create" if created else "fieldwork.partnership.update",
        action,
        f"Action partenariale du {date:%d/%m/%Y} avec {len(partners)} partenaire(s)",
    )
    return action


@transaction.atomic
def save_observation(
    actor: Any, observation: Observation, *, version: int | None = None
) -> Observation:
    """Record or change an observation; a change from a form opened on an older ``version``
    is refused (``StaleEdit``)."""
    created = observation.pk is None
    if not created:
        locked(Observation, observation.pk, version)
    if created:
        observation.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    observation.full_clean(exclude=["recorded_by"])
    observation.save()
    audit(
        actor,
        "fieldwork.observation.create" if created else "fieldwork.observation.update",
        observation,
        f"Observation du territoire : {observation}",
    )
    return observation
