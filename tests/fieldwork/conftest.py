"""Fixtures shared by the field-work tests."""

from __future__ import annotations

import pytest

from tests.fieldwork.factories_street import territory


@pytest.fixture
def field(world):
    """The test world, with service A's commune, quartiers, sector and educator A's register
    entry (``territory``)."""
    return {**world, **territory(world)}
