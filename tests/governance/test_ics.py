"""The tiny iCalendar writer (RFC 5545)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reperes.governance import ics
from tests.properties import examples

SETTINGS = examples(200)
PARIS = ZoneInfo("Europe/Paris")


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


@SETTINGS
@given(st.text(min_size=0, max_size=400))
def test_folded_lines_fit_75_octets_and_unfold_back(text):
    line = "DESCRIPTION:" + ics.escape_text(text)
    folded = ics.fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
    assert ics.unfold((folded + "\r\n").encode("utf-8")) == [line]


@SETTINGS
@given(st.text(max_size=200))
def test_text_escaping_round_trips(text):
    escaped = ics.escape_text(text)
    assert "\n" not in escaped
    assert "\r" not in escaped
    assert unescape(escaped) == text.replace("\r\n", "\n").replace("\r", "\n")


def test_folding_never_splits_a_character():
    line = "SUMMARY:" + "é" * 100
    parts = ics.fold(line).split("\r\n ")
    assert [len(p.encode()) for p in parts] == [74, 74, 60]
    assert "".join(parts) == line


def test_vcalendar_wraps_its_components_and_names_itself_only_when_asked():
    event = ["BEGIN:VEVENT", "UID:x@reperes", "END:VEVENT"]
    named = ics.unfold(ics.vcalendar(event, prodid="-//Test//FR", name="Échéances"))
    assert named == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Test//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Échéances",
        *event,
        "END:VCALENDAR",
    ]
    unnamed = ics.unfold(ics.vcalendar(event, prodid="-//Test//FR"))
    assert unnamed == [line for line in named if not line.startswith("X-WR-CALNAME")]


def test_calendar_is_crlf_with_one_event_in_utc():
    start = datetime(2025, 3, 13, 10, 0, tzinfo=PARIS)
    event = ics.Event(
        uid="abc@reperes",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        summary="Conseil pédagogique, Herserange; printemps",
        location="Salle 1",
        description="Ordre du jour :\nReporting",
    )
    data = ics.calendar([event], stamp=datetime(2025, 3, 1, 8, 0, tzinfo=UTC))
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    lines = ics.unfold(data)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    assert "DTSTART:20250313T090000Z" in lines  # 10:00 in Paris, winter time
    assert "DTEND:20250313T110000Z" in lines
    assert "DTSTAMP:20250301T080000Z" in lines
    assert "SUMMARY:Conseil pédagogique\\, Herserange\\; printemps" in lines
    assert "DESCRIPTION:Ordre du jour :\\nReporting" in lines
    assert "STATUS:CONFIRMED" in lines


def test_summer_time_and_naive_datetimes():
    assert ics.format_utc(datetime(2025, 7, 10, 14, 0, tzinfo=PARIS)) == "20250710T120000Z"
    with pytest.raises(ValueError):
        ics.format_utc(datetime(2025, 7, 10, 14, 0))
