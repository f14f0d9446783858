"""Deadlines routes in the role × URL matrix."""

from __future__ import annotations

from tests.deadlines.factories import ObligationFactory
from tests.matrix import convention_page, convention_write, everyone

ROUTES = {
    "deadlines:calendar": (None, everyone(200)),
    "deadlines:subscription": (None, everyone(200)),
    "deadlines:convention": ("convention", convention_page()),
    "deadlines:done": ("obligation", convention_write()),
}
# The feed authenticates by its secret token (calendar clients cannot log in): tested in
# tests/deadlines/test_deadlines.py.
EXEMPT = {"deadlines:feed"}


def make_targets(world) -> dict[str, object]:
    obligation = ObligationFactory(convention=world["conventions"]["a"])
    return {"obligation": obligation.public_id}
