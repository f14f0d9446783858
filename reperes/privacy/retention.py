"""Retention: how long a youth's record stays active after the last contact, how long the access
log is kept, and the daily job that anonymises and purges what is past its time.

The durations are the binding data-protection clauses' (``retention_value``/``retention_unit``
for the record, ``log_retention_months`` for the access log); when several conventions bind a
service the shortest wins (each funder's clause is a ceiling); when none sets one, the CNIL's
référentiel « protection de l'enfance » (délibération 2022-008): 2 years after the last contact,
and its recommendation of 6 to 12 months for access logs, taken at 12.

A record is due when its last contact + retention is *before* the day: on the day exactly
retention after the last contact it is still kept, it goes the day after. A record with an open
accompaniment is in use, never due; a record under an active legal hold waits for its lifting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from reperes.conventions import catalogue, clauses
from reperes.core import logs
from reperes.core.models import audit
from reperes.fieldwork.models import AccessLogEntry, Youth
from reperes.partners.models import Service

from . import anonymise as anon
from .models import LegalHold

RUN_ACTION = "privacy.retention"
HOLD_ACTION = "privacy.legal_hold"
LIFT_ACTION = "privacy.legal_hold.lift"
DEFAULT_SOURCE = "par défaut, référentiel CNIL « protection de l'enfance »"
DEFAULT_RECORD = relativedelta(years=2)
DEFAULT_LOG = relativedelta(months=12)


def now() -> datetime:
    """The present a hold is recorded or lifted at; tests replace it."""
    return timezone.now()


@dataclass(frozen=True)
class Rule:
    """A retention in force: its duration and where it comes from."""

    duration: relativedelta
    label: str  # « 2 ans »
    source: str

    def cutoff(self, day: date) -> date:
        """The last contact (or entry) a record must be younger than on ``day`` to be kept:
        older than ``day`` minus the duration is past its time."""
        return day - self.duration


def _label(value: int, unit: str) -> str:
    return f"{value} " + dict(catalogue.UNIT_CHOICES)[unit]


def _shortest(candidates: list[Rule], default: Rule, day: date) -> Rule:
    return max(candidates, key=lambda rule: rule.cutoff(day)) if candidates else default


def _bound(service: Any, day: date) -> list[clauses.BoundClause]:
    return clauses.for_service(service, day, kinds=[catalogue.DATA_PROTECTION])


def record_retention(service: Any, day: date) -> Rule:
    """How long a youth's record stays active after the last contact in ``service``."""
    rules = []
    for bound in _bound(service, day):
        value, unit = bound.params.get("retention_value"), bound.params.get("retention_unit")
        if value and unit in dict(catalogue.UNIT_CHOICES):
            duration = relativedelta(**{unit: int(value)})  # type: ignore[arg-type]  # unit: days, months or years
            rules.append(Rule(duration, _label(int(value), unit), bound.source))
    return _shortest(rules, Rule(DEFAULT_RECORD, "2 ans", DEFAULT_SOURCE), day)


def log_retention(service: Any, day: date) -> Rule:
    """How long the access log of ``service`` is kept."""
    rules = []
    for bound in _bound(service, day):
        months = bound.params.get("log_retention_months")
        if months:
            rules.append(Rule(relativedelta(months=int(months)), f"{months} mois", bound.source))
    return _shortest(rules, Rule(DEFAULT_LOG, "12 mois", DEFAULT_SOURCE), day)


def active_holds(service: Any, day: date) -> QuerySet[LegalHold]:
    """Holds not lifted whose end, if any, is not past."""
    return LegalHold.objects.active().filter(
        Q(until__isnull=True) | Q(until__gte=day), service=service
    )


def holdable(service: Any) -> QuerySet[Youth]:
    """The records a hold may be put on: the service's, not anonymised."""
    return Youth.objects.filter(service=service, anonymised_on__isnull=True)


@transaction.atomic
def hold(actor: Any, youth: Youth, reason: str, until: date | None, day: date) -> LegalHold:
    """Keep ``youth``'s record past its retention for ``reason`` (a judicial request, a
    litigation), until ``until`` if known. The audit entry names the hold, never the youth."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Indiquez le motif du gel.")
    if until is not None and until < day:
        raise ValidationError("La fin du gel ne peut pas être passée.")
    youth = Youth.objects.select_for_update().get(pk=youth.pk)
    if youth.anonymised_on is not None:
        raise ValidationError("Cette fiche est déjà anonymisée : il n'y a plus rien à geler.")
    if active_holds(youth.service, day).filter(youth=youth).exists():
        raise ValidationError("Cette fiche est déjà gelée : levez le gel en cours pour en changer.")
    held = LegalHold.objects.create(
        service_id=youth.service_id,
        youth=youth,
        reason=reason,
        until=until,
        recorded_by=actor,
        recorded_at=now(),
    )
    end = f" jusqu'au {until:%d/%m/%Y}" if until else ""
    audit(
        actor,
        HOLD_ACTION,
        held,
        f"Gel de conservation n° {held.pk} enregistré{end}",
        service=youth.service_id,
    )
    return held


@transaction.atomic
def lift(actor: Any, held: LegalHold, reason: str, day: date) -> None:
    """End a hold: the record follows its retention again from the next run. The hold stays,
    with who lifted it and why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Indiquez le motif de la levée.")
    held = LegalHold.objects.select_for_update().get(pk=held.pk)
    if not active_holds(held.service, day).filter(pk=held.pk).exists():
        raise ValidationError("Ce gel n'est plus en cours : il a été levé ou il est échu.")
    held.lifted_at, held.lifted_by, held.lift_reason = now(), actor, reason
    held.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    audit(
        actor,
        LIFT_ACTION,
        held,
        f"Gel de conservation n° {held.pk} levé",
        service=held.service_id,
    )


def _candidates(service: Any, day: date) -> QuerySet[Any]:
    """Records of ``service`` the job may anonymise one day: kept, not in use, not held.
    (Youths annotated with ``last_contact`` and ``open_accompaniments``, which the type
    checker does not see on ``Youth``: hence ``Any``.)"""
    held = active_holds(service, day).values("youth_id")
    kept = Youth.objects.filter(service=service, anonymised_on__isnull=True).exclude(pk__in=held)
    annotated: QuerySet[Any] = anon.with_last_contact(kept)
    return annotated.filter(open_accompaniments=0)


def due(service: Any, day: date) -> QuerySet[Youth]:
    """Records of ``service`` past their time on ``day`` (last contact + retention < day)."""
    cutoff = record_retention(service, day).cutoff(day)
    return _candidates(service, day).filter(last_contact__lt=cutoff).order_by("last_contact", "pk")


@dataclass(frozen=True)
class Upcoming:
    youth: Youth
    last_contact: date
    on: date  # the day the job anonymises it


def _going(service: Any, day: date, days: int, rule: Rule) -> QuerySet[Any]:
    return _candidates(service, day).filter(
        last_contact__lt=rule.cutoff(day + timedelta(days=days))
    )


def upcoming(service: Any, day: date, days: int = 30) -> list[Upcoming]:
    """Records the job will anonymise from ``day`` to ``day + days`` if nothing changes (a new
    contact or a hold keeps one), each with its day; those already due go on ``day``."""
    rule = record_retention(service, day)
    return [
        Upcoming(y, y.last_contact, max(day, y.last_contact + rule.duration + timedelta(days=1)))
        for y in _going(service, day, days, rule).order_by("last_contact", "pk")
    ]


def upcoming_count(service: Any, day: date, days: int = 30, rule: Rule | None = None) -> int:
    """How many records ``upcoming`` lists, counted in the database (no pseudonym: what the
    DPO's desk and the controller's figures show); ``rule`` if the caller already has it."""
    return _going(service, day, days, rule or record_retention(service, day)).count()


def upcoming_counts(services: Any, day: date, days: int = 30) -> dict[Any, int]:
    return {service: upcoming_count(service, day, days) for service in services}


def log_cutoff(service: Any, day: date) -> datetime:
    """Access-log entries of ``service`` before this instant are past their time."""
    start = log_retention(service, day).cutoff(day)
    return timezone.make_aware(datetime.combine(start, time.min))


def expired_log(service: Any, day: date) -> QuerySet[AccessLogEntry]:
    return AccessLogEntry._base_manager.filter(service=service, at__lt=log_cutoff(service, day))


@dataclass
class Figures:
    youths: int = 0
    identities: int = 0
    families: int = 0
    log_entries: int = 0
    digest: str = ""  # of the destroyed set (``anonymise.digest_of``)

    @property
    def anything(self) -> bool:
        return bool(self.youths or self.log_entries)


def run(day: date, actor: Any = None) -> dict[Service, Figures]:
    """The daily job: in every service, anonymise the records past their time and purge the
    access log past its own; one audit entry for the run when it did anything. Running it
    again the same day does nothing (idempotent)."""
    result: dict[Service, Figures] = {}
    with transaction.atomic():
        for service in Service.objects.order_by("pk"):
            figures = Figures()
            outcome = anon.anonymise(
                list(due(service, day)), on=day, actor=actor, reason=anon.RETENTION
            )
            figures.youths, figures.identities = outcome.youths, outcome.identities
            figures.families, figures.digest = outcome.families, outcome.digest
            cutoff = log_cutoff(service, day)
            figures.log_entries = logs.purge(
                AccessLogEntry,
                expired_log(service, day),
                actor=actor,
                summary=f"service n° {service.pk}, antérieures au {cutoff:%d/%m/%Y}",
                service=service.pk,
                cutoff=cutoff.isoformat(),
            )
            result[service] = figures
        done = {s: f for s, f in result.items() if f.anything}
        if done:
            audit(
                actor,
                RUN_ACTION,
                summary=f"Conservation au {day:%d/%m/%Y} : "
                f"{sum(f.youths for f in done.values())} fiche(s) anonymisée(s), "
                f"{sum(f.log_entries for f in done.values())} entrée(s) du journal des accès "
                "purgée(s)",
                day=day.isoformat(),
                services={
                    str(s.pk): {
                        "youths": f.youths,
                        "identities": f.identities,
                        "families": f.families,
                        "log_entries": f.log_entries,
                        "digest": f.digest,
                    }
                    for s, f in done.items()
                },
            )
    return result
