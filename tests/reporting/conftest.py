"""The reporting tests' world: conventions A and B ask for every report model (one report
clause each), so that the report pages, exports and publications have something to show.
Tests of *which* models a service has build their own conventions (test_obligations.py)."""

from __future__ import annotations

import pytest

from tests.reporting.obligations_fixture import ask_every_model


@pytest.fixture
def world(world):
    for name in ("a", "b"):
        ask_every_model(world["conventions"][name])
    return world
