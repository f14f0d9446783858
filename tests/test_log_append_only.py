"""Logs that prove (issue 11), in the database itself: on PostgreSQL a trigger refuses UPDATE
and DELETE of the audit log and the access log to every role, the application's included,
unless the transaction sets ``reperes.purge`` — which only ``purge_before`` does. SQLite has no
such trigger (the ORM refuses there), so these tests run on PostgreSQL only."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import DatabaseError, connection, transaction

from reperes.core.logs import purge_before, verify
from reperes.core.models import AuditEntry, audit
from reperes.fieldwork.enums import AccessAction
from reperes.fieldwork.models import AccessLogEntry
from reperes.fieldwork.youths.access_log import log_access
from tests.fieldwork.factories import YouthFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
    ),
]

TABLES = ["core_auditentry", "fieldwork_accesslogentry"]


@pytest.fixture
def rows(db):
    youth = YouthFactory()
    return {
        "core_auditentry": audit(None, "test.action", youth, summary="x").pk,
        "fieldwork_accesslogentry": log_access(None, youth, AccessAction.VIEW).pk,
    }


def _run(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize("table", TABLES)
def test_a_raw_update_is_refused(rows, table):
    column = "summary" if table == "core_auditentry" else "record"
    with pytest.raises(DatabaseError, match="ne peut être ni modifié ni effacé"):
        _run(f"UPDATE {table} SET {column} = 'falsifié' WHERE id = %s", [rows[table]])


@pytest.mark.parametrize("table", TABLES)
def test_a_raw_delete_is_refused(rows, table):
    with pytest.raises(DatabaseError, match="ne peut être ni modifié ni effacé"):
        _run(f"DELETE FROM {table} WHERE id = %s", [rows[table]])


def test_the_logs_close_again_after_a_purge(rows):
    """The test runs in one transaction, as a retention job calling the purge would: the
    logs do not stay open for what follows it."""
    assert purge_before(AccessLogEntry, datetime(2099, 1, 1, tzinfo=UTC)) == 1
    with pytest.raises(DatabaseError, match="ne peut être ni modifié ni effacé"):
        _run("DELETE FROM core_auditentry WHERE id = %s", [rows["core_auditentry"]])


@pytest.mark.usefixtures("rows")
def test_the_purge_helper_deletes():
    cutoff = datetime(2099, 1, 1, tzinfo=UTC)
    assert purge_before(AccessLogEntry, cutoff) == 1
    assert not AccessLogEntry.objects.exists()
    assert purge_before(AuditEntry, cutoff) == 2  # the entry and the record of the first purge
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["journal.purge"]
    assert verify(AuditEntry).broken is None


def test_deleting_a_youth_only_unlinks_its_entries(rows):
    entry = AccessLogEntry.objects.get(pk=rows["fieldwork_accesslogentry"])
    entry.youth.delete()
    entry = AccessLogEntry.objects.get(pk=entry.pk)
    assert entry.youth_id is None
    assert entry.youth_public_id
    assert verify(AccessLogEntry).broken is None


def test_the_application_role_is_refused_too(rows):
    """A role that is neither superuser nor owner, given the rights the application needs."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            pytest.skip("creating a role needs a superuser")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP ROLE IF EXISTS reperes_test_app")
        cursor.execute("CREATE ROLE reperes_test_app NOLOGIN")
        for table in TABLES:
            cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO reperes_test_app")
        cursor.execute("SET LOCAL ROLE reperes_test_app")
        for table in TABLES:
            refused = pytest.raises(DatabaseError, match="ne peut être ni modifié ni effacé")
            with refused, transaction.atomic():
                cursor.execute(f"DELETE FROM {table} WHERE id = %s", [rows[table]])
        cursor.execute("RESET ROLE")
        for table in TABLES:
            cursor.execute(f"REVOKE ALL ON {table} FROM reperes_test_app")
        cursor.execute("DROP ROLE reperes_test_app")
