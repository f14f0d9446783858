"""The reporting tests' world: conventions A and B ask for every report model (one report
clause each), so that the report pages, exports and publications have something to show.
Tests of *which* models a service has build their own conventions (test_obligations.py)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from reperes.partners.models import Organisation
from tests.demo.clock import STORY_END, on
from tests.factories import ServiceFactory
from tests.reporting import report_fixture
from tests.reporting.obligations_fixture import ask_every_model


@pytest.fixture
def world(world):
    for name in ("a", "b"):
        ask_every_model(world["conventions"][name])
    return world


@pytest.fixture
def services(db):
    """Two services of their own, outside the world's conventions."""
    return ServiceFactory(name="SPS A"), ServiceFactory(name="SPS B")


@pytest.fixture
def data(services):
    """The hand-counted field work of ``report_fixture`` in those two services."""
    return report_fixture.build(*services)


@pytest.fixture(scope="module")
def funder(django_db_setup, django_db_blocker):
    """The demo loaded once for the module (the seeds' story, 2025 complete), flushed after
    it: the Département du Pas-de-Calais, the funder whose consolidation the tests read."""
    with django_db_blocker.unblock():
        with on(STORY_END):
            call_command("load_demo", verbosity=0)
        yield Organisation.objects.get(name="Département du Pas-de-Calais")
        call_command("flush", interactive=False, verbosity=0)
