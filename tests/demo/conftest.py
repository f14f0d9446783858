"""Fixtures of the demo's tests."""

from __future__ import annotations

import pytest
from django.db import transaction

from reperes.demo.loader import load_demo
from tests.conftest import ACCESS_DAY
from tests.demo.clock import on


@pytest.fixture(scope="module")
def seeds_on_access_day(django_db_setup, django_db_blocker):
    """The demo loaded once for the module on the access day (the seeds' story, with their own
    dates), rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        with on(ACCESS_DAY):
            load_demo()
        yield
        transaction.set_rollback(True)
