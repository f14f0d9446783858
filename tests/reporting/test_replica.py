"""Reports and consolidations read from the read replica when one is configured
(``reperes/core/replica.py``, issue 12), everything else from the primary.

The router is checked alone on every database; the pages on PostgreSQL, where a second
connection to the test database stands for the replica (on SQLite the test database lives in
one connection's memory)."""

from __future__ import annotations

import pytest
from django.db import connections, transaction
from django.urls import reverse
from django.utils.connection import ConnectionDoesNotExist

from reperes.core import replica
from reperes.core.replica import ReplicaRouter, reading_replica
from reperes.fieldwork.models import Youth
from tests.reporting import report_fixture

router = ReplicaRouter()


def _forget_the_replica():
    """No alias ``replica`` left behind: neither its settings nor a connection object (which
    Django's test case may have wrapped while the alias existed)."""
    try:
        connections["replica"].close()
        del connections["replica"]
    except (AttributeError, KeyError, ConnectionDoesNotExist):
        pass
    connections.settings.pop("replica", None)


@pytest.fixture
def with_replica():
    """A replica among the databases, as ``DATABASE_REPLICA_URL`` adds it (no connection
    opened)."""
    connections.settings["replica"] = dict(connections["default"].settings_dict)
    yield
    _forget_the_replica()


def test_without_a_replica_every_read_goes_to_the_primary():
    assert not replica.configured()
    with reading_replica():
        assert router.db_for_read(Youth) is None
    assert router.db_for_write(Youth) is None


@pytest.mark.usefixtures("with_replica")
def test_a_block_reads_the_replica_and_writes_the_primary():
    assert replica.configured()
    assert router.db_for_read(Youth) is None  # outside a block
    with reading_replica():
        assert router.db_for_read(Youth) == "replica"
        assert router.db_for_write(Youth) is None
    assert router.db_for_read(Youth) is None
    assert not router.allow_migrate("replica", "fieldwork")
    assert router.allow_migrate("default", "fieldwork")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("with_replica")
def test_inside_a_transaction_reads_stay_on_the_primary():
    with transaction.atomic(), reading_replica():
        assert router.db_for_read(Youth) is None


# --- The pages, on PostgreSQL ---------------------------------------------------------------


@pytest.fixture
def second_connection():
    """A second connection to the test database, as the alias ``replica``; the SQL sent to
    each alias is recorded."""
    default = connections["default"]
    if default.vendor != "postgresql":
        pytest.skip("a second connection to the same test database needs PostgreSQL")
    _forget_the_replica()
    # Kept open across the request (Django closes an obsolete connection when a request
    # starts), and opened here: the test case refuses new connections to aliases it did not
    # know when it started.
    connections.settings["replica"] = {**default.settings_dict, "CONN_MAX_AGE": None}
    connections["replica"].connect()
    sent: dict[str, list[str]] = {"default": [], "replica": []}

    def recorder(alias):
        def record(execute, sql, params, many, context):
            sent[alias].append(sql)
            return execute(sql, params, many, context)

        return record

    with (
        connections["default"].execute_wrapper(recorder("default")),
        connections["replica"].execute_wrapper(recorder("replica")),
    ):
        yield sent
    _forget_the_replica()


def _field_work(sqls):
    return [sql for sql in sqls if '"fieldwork_' in sql]


@pytest.mark.django_db(transaction=True)
def test_a_live_report_reads_its_figures_from_the_replica(client, world, second_connection):
    report_fixture.build(world["services"]["a"], world["services"]["b"])
    service = world["services"]["a"]
    client.force_login(world["users"]["director_a"])
    second_connection["default"].clear()
    url = reverse("reporting:report", kwargs={"pk": service.pk})
    response = client.get(url + "?modele=bilan-annuel&periode=2024")
    assert response.status_code == 200
    assert _field_work(second_connection["replica"])
    assert not _field_work(second_connection["default"])
    # The director's own texts, just written maybe, come from the primary.
    assert any('"reporting_reportnarrative"' in sql for sql in second_connection["default"])
