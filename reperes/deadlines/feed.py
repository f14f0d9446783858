"""The private iCalendar feed of a user's deadlines (all-day events, RFC 5545 §3.3.4)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from reperes.governance.ics import escape_text, format_utc, vcalendar

from .models import Obligation

PRODID = "-//Repères//Échéances//FR"


def feed(obligations: Iterable[Obligation], *, stamp: datetime, host: str) -> bytes:
    lines: list[str] = []
    for o in obligations:
        lines += [
            "BEGIN:VEVENT",
            f"UID:obligation-{o.public_id}@{host}",
            f"DTSTAMP:{format_utc(stamp)}",
            f"DTSTART;VALUE=DATE:{o.due_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{o.due_on + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(o.title)}",
            f"DESCRIPTION:{escape_text(f'{o.convention} — {o.source}'.strip(' —'))}",
            "TRANSP:TRANSPARENT",
            "STATUS:CONFIRMED",
            "END:VEVENT",
        ]
    return vcalendar(lines, prodid=PRODID, name="Repères — échéances")
