"""The same workbook imported twice at the same moment (a double click, two agents): the second
import waits for the first (the pilot's row is locked), then finds its conventions and writes
nothing — one convention per reference. Row locks are PostgreSQL's; SQLite serialises whole
transactions, so the test runs on PostgreSQL only (``DATABASE_URL=postgres://…``)."""

from __future__ import annotations

import pytest
from django.db import connection

from reperes.conventions.importer import apply_plan, check_upload
from reperes.conventions.models import Convention
from tests.conventions.test_import import CLAUSES, CONVENTIONS, _workbook
from tests.test_concurrency import _race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are checked on PostgreSQL"
    ),
]


def test_the_same_workbook_imported_twice_at_once_creates_each_convention_once(world):
    agent = world["users"]["departement_agent"]
    rows = check_upload("conventions.xlsx", _workbook(CONVENTIONS, CLAUSES))
    outcomes = _race(lambda: apply_plan(agent, rows), lambda: apply_plan(agent, rows))
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    created = sorted(o.summary["convention_create"] for o in outcomes)
    assert created == [0, 2]
    assert Convention.objects.filter(reference__startswith="CD26-").count() == 2
