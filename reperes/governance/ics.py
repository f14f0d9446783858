"""A tiny iCalendar writer (RFC 5545) for meeting invitations, without a dependency.

What RFC 5545 asks of us and this module does:
- lines end with CRLF (§3.1);
- content lines longer than 75 octets are folded: CRLF followed by one space, never inside a
  UTF-8 character (§3.1);
- TEXT values escape backslash, semicolon, comma and newlines (§3.3.11);
- dates are written in UTC (``19980119T070000Z``, §3.3.5 form 2), which needs no VTIMEZONE;
- a VEVENT has a UID and a DTSTAMP (§3.6.1).

Invitations are published (``METHOD:PUBLISH``, RFC 5546 §3.2.1): the e-mail comes from a
no-reply address, so calendars add the event without offering a reply. A cancellation is the
same event, same UID, with ``STATUS:CANCELLED`` and a higher SEQUENCE.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

CRLF = "\r\n"
MAX_OCTETS = 75
PRODID = "-//Repères//Instances et réunions//FR"


@dataclass(frozen=True)
class Event:
    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str = ""
    description: str = ""
    sequence: int = 0
    cancelled: bool = False
    url: str = ""


def escape_text(value: str) -> str:
    """TEXT escaping of RFC 5545 §3.3.11."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold one content line at 75 octets (RFC 5545 §3.1), between UTF-8 characters."""
    chunks: list[str] = []
    current, size = "", 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            # A continuation line starts with a space, which counts towards its 75 octets.
            current, size, limit = char, width, MAX_OCTETS - 1
        else:
            current += char
            size += width
    chunks.append(current)
    return (CRLF + " ").join(chunks)


def format_utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("an iCalendar time needs a time zone")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event: Event, stamp: datetime) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{format_utc(stamp)}",
        f"DTSTART:{format_utc(event.starts_at)}",
        f"DTEND:{format_utc(event.ends_at)}",
        f"SEQUENCE:{event.sequence}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append("END:VEVENT")
    return lines


def vcalendar(components: Iterable[str], *, prodid: str, name: str = "") -> bytes:
    """A published VCALENDAR around the lines of its ``components``, named ``name`` in the
    calendar applications that read X-WR-CALNAME, folded, with CRLF line endings, in UTF-8."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *([f"X-WR-CALNAME:{name}"] if name else []),
        *components,
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + CRLF for line in lines).encode("utf-8")


def calendar(events: Iterable[Event], *, stamp: datetime) -> bytes:
    """A VCALENDAR holding ``events``, encoded in UTF-8 with CRLF line endings."""
    return vcalendar(
        (line for event in events for line in _event_lines(event, stamp)), prodid=PRODID
    )


def unfold(data: bytes) -> list[str]:
    """The content lines of an iCalendar stream, unfolded (for tests and for reading back)."""
    text = data.decode("utf-8")
    return text.replace(CRLF + " ", "").replace(CRLF + "\t", "").split(CRLF)[:-1]
