"""A frozen clock for loading the demo: the day access is decided on
(``reperes.core.access.today``, which the demo is laid relative to) and ``timezone.now``.

A module-scoped fixture runs before the suite's ``access_day`` fixture pins the day: it loads
the demo inside ``on(ACCESS_DAY)`` so that the demo is the one the tests then read — on the
suite's day, in 2025, the seeds' story with their own dates (``reperes.demo.timeline``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from unittest import mock
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
#: The last day of the seeds' story (reperes.demo.timeline.REFERENCE_YEAR): loaded on it, the
#: demo has the seeds' own dates and its field records cover 2025 whole (and 2024 before it).
STORY_END = date(2025, 12, 31)


@contextmanager
def on(day: date, at: time = time(10, 0)) -> Iterator[None]:
    instant = datetime.combine(day, at, tzinfo=PARIS)
    with (
        mock.patch("reperes.core.access.today", return_value=day),
        mock.patch("django.utils.timezone.now", return_value=instant),
    ):
        yield
