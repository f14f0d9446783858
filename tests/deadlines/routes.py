"""Deadlines routes in the role × URL matrix."""

from __future__ import annotations

from datetime import date

from reperes.deadlines.models import Obligation
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
    obligation = Obligation.objects.create(
        convention=world["conventions"]["a"],
        key="test:1",
        kind="activity_report",
        title="Rapport d'activité (2024)",
        year=2024,
        due_on=date(2025, 4, 30),
    )
    return {"obligation": obligation.public_id}
