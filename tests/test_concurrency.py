"""Two sessions save the same record at the same moment from forms opened on the same version
(issue 9, point 7 and « Done when »): exactly one write goes through, the other is refused
with the French message, nothing is lost. The row lock that makes the check and the write one
step is PostgreSQL's (``SELECT … FOR UPDATE``); SQLite serialises whole transactions, so the
test runs on PostgreSQL only (``DATABASE_URL=postgres://…``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections

from reperes.core.locking import STALE_MESSAGE, StaleEdit
from reperes.fieldwork.enums import Situation
from reperes.fieldwork.youths import actions as actions_youths
from reperes.people import actions as people_actions
from tests.fieldwork.factories import YouthFactory
from tests.people.factories import StaffMemberFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are checked on PostgreSQL"
    ),
]


def _race(*writes: Callable[[], Any]) -> list[Any]:
    """Run the writes in threads released together; each outcome is the result or the error."""
    barrier = threading.Barrier(len(writes))
    outcomes: list[Any] = [None] * len(writes)

    def run(index: int, write: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = write()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test checks
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(writes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def _one_refused(outcomes: list[Any]) -> StaleEdit:
    refused = [o for o in outcomes if isinstance(o, StaleEdit)]
    assert len(refused) == 1, outcomes
    assert not [o for o in outcomes if isinstance(o, Exception) and o not in refused], outcomes
    assert refused[0].messages == [STALE_MESSAGE]
    return refused[0]


def _race_edits(update, user, record, edits: list[dict]) -> tuple[Any, dict]:
    """Two sessions save ``record`` at the same moment, each with its edit, from forms opened on
    the same version: one is refused, the version moves by one. The record as saved, and the
    edit that went through."""
    opened_on = record.version
    outcomes = _race(
        *(
            lambda values=values: update(user, record, version=opened_on, **values)
            for values in edits
        )
    )
    _one_refused(outcomes)
    saved = type(record).objects.get(pk=record.pk)
    assert saved.version == opened_on + 1
    winner = edits[0] if not isinstance(outcomes[0], StaleEdit) else edits[1]
    return saved, winner


def test_two_sessions_editing_the_same_staff_member(world):
    member = StaffMemberFactory(
        service=world["services"]["a"], job_title="Éducatrice", fte=Decimal("1")
    )
    edits = [{"job_title": "Coordinatrice"}, {"fte": Decimal("0.5")}]
    saved, winner = _race_edits(
        people_actions.update_staff_member, world["users"]["director_a"], member, edits
    )
    # The winner's change is there whole, the loser's is not there at all.
    assert (saved.job_title, saved.fte) == (
        winner.get("job_title", "Éducatrice"),
        winner.get("fte", Decimal("1")),
    )


def test_two_sessions_editing_the_same_youth(world):
    youth = YouthFactory(service=world["services"]["a"], situation=Situation.SCHOOL)
    educator = world["users"]["educator_a"]
    base = {
        "pseudonym": youth.pseudonym,
        "gender": youth.gender,
        "birth_year": youth.birth_year,
        "age_band": youth.age_band,
        "commune": None,
        "quartier": None,
        "situation": youth.situation,
        "qualification": youth.qualification,
        "family": None,
        "first_met_on": youth.first_met_on,
    }
    edits = [{**base, "situation": Situation.TRAINING}, {**base, "birth_year": 2007}]
    saved, winner = _race_edits(actions_youths.update_youth, educator, youth, edits)
    assert (saved.situation, saved.birth_year) == (winner["situation"], winner["birth_year"])
    assert saved.first_met_on == date(2024, 3, 1)
