"""Clocks of a personal-data breach (GDPR art. 33, data-protection clause of a convention).

Pure: no Django, no database. A clock runs from the declaration; it is *notified* once a
notification is recorded, *late* once its deadline is past unnotified, *due soon* within
``SOON`` of its deadline, and *on time* before that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# GDPR art. 33 § 1: notification to the supervisory authority « dans la mesure du possible,
# 72 heures au plus tard après en avoir pris connaissance ».
CNIL_HOURS = 72
CNIL_CITATION = "RGPD, art. 33 § 1 (notification à la CNIL au plus tard 72 heures)"
# A reminder leaves when a clock has less than this left (or is overdue).
SOON = timedelta(hours=6)

ON_TIME = "on_time"
DUE_SOON = "due_soon"
LATE = "late"
NOTIFIED = "notified"
NOTIFIED_LATE = "notified_late"

STATE_LABELS = {
    ON_TIME: "dans les délais",
    DUE_SOON: "échéance proche",
    LATE: "en retard",
    NOTIFIED: "notifiée",
    NOTIFIED_LATE: "notifiée hors délai",
}


def deadline(declared_at: datetime, hours: int) -> datetime:
    if declared_at.tzinfo is None:
        raise ValueError("declared_at must be an aware datetime")
    if hours <= 0:
        raise ValueError("hours must be positive")
    return declared_at + timedelta(hours=hours)


def state(due: datetime, now: datetime, notified_at: datetime | None) -> str:
    if notified_at is not None:
        return NOTIFIED if notified_at <= due else NOTIFIED_LATE
    if now > due:
        return LATE
    if due - now <= SOON:
        return DUE_SOON
    return ON_TIME


def needs_reminder(
    due: datetime, now: datetime, notified_at: datetime | None, reminded_at: datetime | None
) -> bool:
    """Once per clock: when it is due soon or late and nobody has notified yet."""
    if reminded_at is not None:
        return False
    return state(due, now, notified_at) in (DUE_SOON, LATE)


@dataclass(frozen=True)
class Remaining:
    late: bool
    hours: int
    minutes: int

    @property
    def label(self) -> str:
        text = f"{self.hours} h {self.minutes:02d} min"
        return f"dépassé de {text}" if self.late else f"reste {text}"


def remaining(due: datetime, now: datetime) -> Remaining:
    delta = due - now
    late = delta < timedelta(0)
    seconds = int(abs(delta).total_seconds())
    return Remaining(late=late, hours=seconds // 3600, minutes=(seconds % 3600) // 60)
