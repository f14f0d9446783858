"""A frozen clock for the account tests: ``timezone.now()`` answers the given instant."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=PARIS)


@contextmanager
def frozen(instant: datetime) -> Iterator[None]:
    with mock.patch("django.utils.timezone.now", return_value=instant):
        yield
