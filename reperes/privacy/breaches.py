"""Breaches as they apply: the two clocks of an incident, who read what in a window, reminders.

The CNIL's clock is the law (``rules.breaches.CNIL_HOURS``); the funder's comes from the binding
data-protection clause of the service's conventions on the day of the declaration — without
one, there is no funder clock and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from reperes.conventions import catalogue, clauses
from reperes.conventions.enums import PartyRole
from reperes.core.models import audit
from reperes.rules import breaches as rules

from . import responsible
from .models import Breach, BreachNotification, BreachStatus, Recipient


def now() -> datetime:
    """The present; tests replace it."""
    return timezone.now()


@dataclass(frozen=True)
class Clock:
    recipient: str
    label: str
    hours: int
    due: datetime
    source: str
    notified_at: datetime | None
    organisations: tuple[Any, ...] = ()

    def state(self, at: datetime) -> str:
        return rules.state(self.due, at, self.notified_at)

    def state_label(self, at: datetime) -> str:
        return rules.STATE_LABELS[self.state(at)]

    def remaining(self, at: datetime) -> rules.Remaining:
        return rules.remaining(self.due, at)


def _first_notification(breach: Breach, recipient: str) -> datetime | None:
    found = (
        BreachNotification.objects.filter(breach=breach, recipient=recipient)
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    )
    return found


def cnil_clock(breach: Breach) -> Clock:
    return Clock(
        recipient=Recipient.CNIL,
        label="CNIL",
        hours=rules.CNIL_HOURS,
        due=rules.deadline(breach.declared_at, rules.CNIL_HOURS),
        source=rules.CNIL_CITATION,
        notified_at=_first_notification(breach, Recipient.CNIL),
    )


def funder_clock(breach: Breach) -> Clock | None:
    """The strictest binding data-protection clause on the declaration day, or None."""
    day = timezone.localtime(breach.declared_at).date()
    bound = [
        b
        for b in clauses.for_service(breach.service, day, kinds=[catalogue.DATA_PROTECTION])
        if isinstance(b.params.get("breach_hours"), int) and b.params["breach_hours"] > 0
    ]
    if not bound:
        return None
    chosen = min(bound, key=lambda b: b.params["breach_hours"])
    role = chosen.params.get("breach_to") or PartyRole.PILOT
    organisations = tuple(
        p.organisation
        for p in chosen.convention.parties.select_related("organisation").filter(role=role)
    )
    names = ", ".join(o.name for o in organisations) or PartyRole(role).label
    return Clock(
        recipient=Recipient.FUNDER,
        label=names,
        hours=chosen.params["breach_hours"],
        due=rules.deadline(breach.declared_at, chosen.params["breach_hours"]),
        source=chosen.source,
        notified_at=_first_notification(breach, Recipient.FUNDER),
        organisations=organisations,
    )


def clocks(breach: Breach) -> list[Clock]:
    found = [funder_clock(breach), cnil_clock(breach)]
    return [c for c in found if c is not None]


# --------------------------------------------------------------------------- who read what


@dataclass
class Window:
    start: datetime
    end: datetime
    people: int = 0
    readers: int = 0
    entries: int = 0
    # (user id, records read, entries) per reader
    by_reader: list[tuple[int | None, int, int]] = field(default_factory=list)


def who_read(service: Any, start: datetime, end: datetime) -> Window:
    """The records of ``service`` read between ``start`` (included) and ``end`` (excluded):
    how many people, by whom. One query: the log's rows are grouped once by (reader, record),
    by hashing, and the pairs are counted per reader and per record (no sort of the rows, as
    ``COUNT(DISTINCT …)`` would do)."""
    from django.db import connection

    from reperes.fieldwork.models import AccessLogEntry

    meta = AccessLogEntry._meta
    table = connection.ops.quote_name(meta.db_table)
    service_col = meta.get_field("service").column
    # Table and column names come from the model; the values are parameters.
    sql = f"""
        WITH pairs AS (
            SELECT user_id, youth_public_id, COUNT(*) AS n FROM {table}
            WHERE {service_col} = %s AND at >= %s AND at < %s
            GROUP BY user_id, youth_public_id
        )
        SELECT user_id, COUNT(*), SUM(n),
               (SELECT COUNT(*) FROM (SELECT youth_public_id FROM pairs
                                      GROUP BY youth_public_id) AS people)
        FROM pairs GROUP BY user_id
    """  # noqa: S608
    with connection.cursor() as cursor:
        adapt = connection.ops.adapt_datetimefield_value
        cursor.execute(sql, [getattr(service, "pk", service), adapt(start), adapt(end)])
        rows = cursor.fetchall()
    window = Window(start=start, end=end)
    window.by_reader = sorted(
        ((u, int(records), int(entries)) for u, records, entries, _ in rows),
        key=lambda r: (-r[1], r[0] if r[0] is not None else -1),
    )
    window.readers = len(window.by_reader)
    window.entries = sum(r[2] for r in window.by_reader)
    window.people = int(rows[0][3]) if rows else 0
    return window


def records_read(service: Any, start: datetime, end: datetime) -> list[tuple[str, int | None, int]]:
    """(youth_public_id, user id, accesses) for each record read in the window and its reader,
    grouped by hashing in the database (no sort of the rows), ordered here."""
    from django.db.models import Count

    from reperes.fieldwork.models import AccessLogEntry

    rows = (
        AccessLogEntry.objects.filter(service=service, at__gte=start, at__lt=end)
        .order_by()
        .values_list("youth_public_id", "user_id")
        .annotate(n=Count("id"))
    )
    return sorted(((str(y), u, n) for y, u, n in rows), key=lambda r: (r[0], r[1] or 0))


# --------------------------------------------------------------------------- actions


@transaction.atomic
def declare(user: Any, service: Any, data: dict[str, Any]) -> Breach:
    breach = Breach(service=service, controller=service.operator, created_by=user, **data)
    breach.declared_at = breach.declared_at or now()
    if breach.window_start and breach.window_end:
        window = who_read(service, breach.window_start, breach.window_end)
        breach.people_count, breach.readers_count = window.people, window.readers
    breach.save()
    audit(user, "privacy.breach.declare", breach, f"Violation déclarée : {service.name}")
    return breach


@transaction.atomic
def notify(user: Any, breach: Breach, data: dict[str, Any]) -> BreachNotification:
    notification = BreachNotification.objects.create(breach=breach, recorded_by=user, **data)
    audit(
        user,
        "privacy.breach.notify",
        breach,
        f"Notification enregistrée : {notification.get_recipient_display()}",
        notification=notification.pk,
    )
    return notification


def send_reminders(at: datetime | None = None) -> int:
    """One e-mail per clock entering its last hours or overdue, never after a notification."""
    at = at or now()
    sent = 0
    for breach in Breach.objects.filter(status=BreachStatus.OPEN).select_related(
        "service", "controller"
    ):
        for clock in clocks(breach):
            stamp = (
                "cnil_reminded_at" if clock.recipient == Recipient.CNIL else "funder_reminded_at"
            )
            if not rules.needs_reminder(clock.due, at, clock.notified_at, getattr(breach, stamp)):
                continue
            due = timezone.localtime(clock.due)
            body = (
                f"La violation de données déclarée pour {breach.service.name} doit être "
                f"notifiée à {clock.label} avant le {due:%d/%m/%Y à %H:%M} "
                f"({clock.source}) — {clock.remaining(at).label}.\n"
                "Aucune notification n'est enregistrée à ce jour."
            )
            responsible.remind(
                breach,
                stamp,
                at,
                action="privacy.breach.remind",
                summary=f"Rappel : {clock.label}",
                subject=f"Violation de données n° {breach.pk} : notification à {clock.label}",
                body=body,
            )
            sent += 1
    return sent


@transaction.atomic
def set_status(user: Any, breach: Breach, *, closed: bool) -> None:
    breach.status = BreachStatus.CLOSED if closed else BreachStatus.OPEN
    breach.save(update_fields=["status"])
    audit(
        user,
        "privacy.breach.close" if closed else "privacy.breach.reopen",
        breach,
        "Incident clos" if closed else "Incident rouvert",
    )
