"""The application's own PostgreSQL role cannot alter the logs (issue 11, « Des journaux qui
prouvent »): granted as ``manage.py grant_app_role`` grants it, it gets a permission error on
UPDATE, DELETE or TRUNCATE of the audit and access logs — even after setting the purge flag the
trigger reads — and removes entries only through ``reperes_purge_log``, which refuses another
table and, with a floor, any entry younger than it.

The role is created for the test and dropped after it; each probe runs in a transaction that is
rolled back, so nothing reaches the other tests. PostgreSQL only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from django.db import connection

from reperes.core.logs import LOG_TABLES, PURGE_SIGNATURE, app_role_grants, purge_function

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL roles only"),
]

ROLE = "reperes_app_probe"
DROP = f"""
DO $$ BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') THEN
        EXECUTE 'DROP OWNED BY {ROLE}';
        EXECUTE 'DROP ROLE {ROLE}';
    END IF;
END $$;
"""


def _connect(user: str | None = None, **options: Any) -> psycopg.Connection[Any]:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        dbname=settings["NAME"],
        user=user or settings["USER"],
        **options,
    )


@pytest.fixture
def admin() -> Iterator[psycopg.Connection[Any]]:
    with _connect(autocommit=True) as conn:
        with conn.cursor() as cursor:
            cursor.execute(DROP)
            cursor.execute(f"CREATE ROLE {ROLE} LOGIN")
            for statement in app_role_grants(ROLE):
                cursor.execute(statement)
        yield conn
        with conn.cursor() as cursor:
            cursor.execute(DROP)


def _as_app(sql: str) -> None:
    with _connect(ROLE) as conn, conn.cursor() as cursor:
        cursor.execute("SET LOCAL reperes.purge = 'on'")  # what the trigger alone would allow
        try:
            cursor.execute(sql)
        finally:
            conn.rollback()


@pytest.mark.parametrize("table", LOG_TABLES)
@pytest.mark.parametrize(
    "statement",
    ["UPDATE {table} SET digest = 'falsifié'", "DELETE FROM {table}", "TRUNCATE {table}"],
)
@pytest.mark.usefixtures("admin")
def test_the_application_role_gets_a_permission_error(table, statement):
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _as_app(statement.format(table=table))


@pytest.mark.parametrize("table", LOG_TABLES)
def test_the_application_role_still_reads_and_appends(admin, table):
    with admin.cursor() as cursor:
        for privilege, expected in (
            ("SELECT", True),
            ("INSERT", True),
            ("UPDATE", False),
            ("DELETE", False),
        ):
            cursor.execute("SELECT has_table_privilege(%s, %s, %s)", [ROLE, table, privilege])
            assert cursor.fetchone()[0] is expected, (table, privilege)
        cursor.execute("SELECT has_table_privilege(%s, 'fieldwork_youth', 'UPDATE')", [ROLE])
        assert cursor.fetchone()[0] is True  # the rest of the application is untouched
        cursor.execute("SELECT has_function_privilege(%s, %s, 'EXECUTE')", [ROLE, PURGE_SIGNATURE])
        assert cursor.fetchone()[0] is True


@pytest.mark.usefixtures("admin")
def test_the_purge_function_refuses_any_other_table():
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="n'est pas un journal"):
        _as_app("SELECT reperes_purge_log('fieldwork_youth'::regclass, ARRAY[1]::bigint[])")


@pytest.mark.usefixtures("admin")
def test_the_purge_function_refuses_entries_younger_than_its_floor():
    insert = (
        "INSERT INTO core_auditentry (at, action, summary, data, previous_digest, digest) "
        "VALUES (now() - %s::interval, 'probe', '', '{}', '', 'probe') RETURNING id"
    )
    with _connect() as conn, conn.cursor() as cursor:
        try:
            cursor.execute(purge_function(6))  # the production floor, in this transaction only
            cursor.execute(insert, ["7 months"])
            old = cursor.fetchone()[0]
            cursor.execute(
                "SELECT reperes_purge_log('core_auditentry'::regclass, ARRAY[%s]::bigint[])",
                [old],
            )
            assert cursor.fetchone()[0] == 1
            cursor.execute(insert, ["1 month"])
            young = cursor.fetchone()[0]
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="moins de 6 mois"):
                cursor.execute(
                    "SELECT reperes_purge_log('core_auditentry'::regclass, ARRAY[%s]::bigint[])",
                    [young],
                )
        finally:
            conn.rollback()


def test_the_command_prints_the_grants(capsys):
    from django.core.management import call_command

    call_command("grant_app_role", "reperes_app", "--print")
    out = capsys.readouterr().out
    assert (
        'REVOKE UPDATE, DELETE, TRUNCATE ON core_auditentry, fieldwork_accesslogentry FROM "reperes_app"'
        in out
    )
