"""Logs that prove (issue 11): the audit log and the access log are chained by digests, and
``manage.py verify_logs`` finds the first forged, removed or slipped-in entry. The forgeries
are done in raw SQL, below the ORM's refusals, as an intruder in the database would."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.db.migrations.loader import MigrationLoader

from reperes.core import logs
from reperes.core.models import AuditEntry, audit
from reperes.fieldwork.enums import AccessAction
from reperes.fieldwork.models import AccessLogEntry
from reperes.fieldwork.youths.access_log import log_access
from tests.factories import UserFactory
from tests.fieldwork.factories import YouthFactory

pytestmark = pytest.mark.django_db


def _verify() -> tuple[bool, str]:
    try:
        call_command("verify_logs", stdout=(out := _Out()))
    except CommandError as exc:
        return False, str(exc)
    return True, out.text


def _broken() -> str:
    """What ``verify_logs`` says when it fails, as it must once an entry is forged."""
    ok, text = _verify()
    assert not ok
    return text


class _Out:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text


def _raw(sql: str, params: list) -> None:
    """A write below the ORM; on PostgreSQL the trigger is lifted for it as an intruder with
    the owner's rights would (the trigger itself is tested in test_log_append_only)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL reperes.purge = 'on'")
        cursor.execute(sql, params)


@pytest.fixture
def youth(db):
    return YouthFactory()


@pytest.fixture
def entries(youth):
    audits = [audit(None, f"test.action{i}", youth, summary=f"n° {i}", n=i) for i in range(5)]
    reader = UserFactory()
    accesses = [log_access(reader, youth, AccessAction.VIEW, fields=[f"f{i}"]) for i in range(5)]
    return audits, accesses


def test_each_entry_points_to_the_one_before(entries):
    for chain in entries:
        assert chain[0].previous_digest == ""
        for before, after in zip(chain, chain[1:], strict=False):
            assert after.previous_digest == before.digest
            assert len(after.digest) == 64
        # what was stored is what was computed
        model = type(chain[0])
        stored = list(model._base_manager.order_by("pk").values_list("digest", flat=True))
        assert stored == [e.digest for e in chain]


@pytest.mark.usefixtures("entries")
def test_untouched_logs_are_intact():
    ok, text = _verify()
    assert ok
    assert "Journal d'audit : intègre (5 entrée(s))." in text
    assert "Journal des accès : intègre (5 entrée(s))." in text
    last = AuditEntry.objects.filter(action="journal.verification").get()
    assert last.data["intact"] is True


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("core_auditentry", "summary", "autre chose"),
        ("core_auditentry", "at", datetime(2025, 1, 1, tzinfo=UTC)),
        ("fieldwork_accesslogentry", "action", AccessAction.CHANGE),
        ("fieldwork_accesslogentry", "user_id", None),  # made to look anonymous
    ],
)
def test_a_changed_field_is_detected(entries, table, column, value):
    target = (entries[0] if table == "core_auditentry" else entries[1])[2]
    _raw(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, target.pk])
    text = _broken()
    assert f"ROMPU à l'entrée n° {target.pk} du" in text
    assert "entrée modifiée" in text


def test_a_changed_json_payload_is_detected(entries):
    target = entries[0][1]
    _raw("UPDATE core_auditentry SET data = %s WHERE id = %s", ['{"n": 7}', target.pk])
    text = _broken()
    assert f"n° {target.pk} " in text


def test_a_removed_middle_entry_is_detected(entries):
    accesses = entries[1]
    _raw("DELETE FROM fieldwork_accesslogentry WHERE id = %s", [accesses[2].pk])
    text = _broken()
    assert "Journal d'audit : intègre" in text
    assert f"Journal des accès : ROMPU à l'entrée n° {accesses[3].pk} du" in text
    assert "lien avec l'entrée précédente est rompu" in text


@pytest.mark.usefixtures("youth")
def test_an_inserted_entry_is_detected(entries):
    audits = entries[0]
    # slipped in after the last one, copying the shape of a real entry and its link
    _raw(
        "INSERT INTO core_auditentry (at, action, object_id, summary, data, previous_digest,"
        " digest) VALUES (%s, %s, %s, %s, %s, %s, %s)",
        [audits[-1].at, "test.forged", None, "", "{}", audits[-1].digest, "0" * 64],
    )
    forged = AuditEntry.objects.get(action="test.forged")
    text = _broken()
    assert f"n° {forged.pk} " in text


def test_an_entry_inserted_in_the_middle_is_detected(entries):
    """An entry re-keyed between two others: its link and its successor's both fail."""
    audits = entries[0]
    _raw("DELETE FROM core_auditentry WHERE id = %s", [audits[2].pk])
    _raw(
        "INSERT INTO core_auditentry (id, at, action, object_id, summary, data,"
        " previous_digest, digest) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
        [audits[2].pk, audits[2].at, "test.other", None, "", "{}", audits[1].digest, "1" * 64],
    )
    text = _broken()
    assert f"n° {audits[2].pk} " in text


def test_bulk_created_entries_are_chained(youth):
    first = log_access(None, youth, AccessAction.VIEW)
    made = AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(
                service_id=youth.service_id,
                youth=youth,
                youth_public_id=youth.public_id,
                action=AccessAction.VIEW,
            )
            for _ in range(3)
        ]
    )
    assert made[0].previous_digest == first.digest
    assert made[2].previous_digest == made[1].digest
    assert logs.verify(AccessLogEntry).broken is None


@pytest.mark.filterwarnings("ignore:DateTimeField")
@pytest.mark.usefixtures("youth")
def test_a_naive_date_is_chained_as_it_is_stored():
    audit(None, "test.before")
    AuditEntry.objects.create(action="test.naive", at=datetime(2025, 3, 30, 2, 30))
    audit(None, "test.after")
    assert logs.verify(AuditEntry).broken is None


def test_the_orm_still_refuses_changes(entries):
    entry = entries[0][0]
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="x")
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.bulk_update(entries[1], ["record"])


def test_a_purge_keeps_the_chain_verifiable(youth):
    old = datetime(2024, 1, 1, tzinfo=UTC)
    for i in range(3):
        AccessLogEntry.objects.create(
            at=old + timedelta(days=i),
            service_id=youth.service_id,
            youth=youth,
            youth_public_id=youth.public_id,
            action=AccessAction.VIEW,
        )
    kept = log_access(None, youth, AccessAction.VIEW)
    assert logs.purge_before(AccessLogEntry, datetime(2025, 1, 1, tzinfo=UTC)) == 3
    assert list(AccessLogEntry.objects.all()) == [kept]
    record = AuditEntry.objects.get(action=logs.PURGE_ACTION)
    assert record.data["gaps"] == [["", kept.previous_digest]]
    assert record.data["count"] == 3
    ok, text = _verify()
    assert ok, text
    assert "Journal des accès : intègre (1 entrée(s))." in text


@pytest.fixture
def interleaved(youth):
    """Access entries of two services, alternating: a, b, a, a, b, a (in key order)."""
    other = YouthFactory()
    pattern = [youth, other, youth, youth, other, youth]
    return [log_access(None, y, AccessAction.VIEW) for y in pattern], youth, other


def _purge_service(youth) -> int:
    doomed = AccessLogEntry._base_manager.filter(service_id=youth.service_id)
    return logs.purge(AccessLogEntry, doomed, actor=None, summary="test")


def test_a_purge_of_one_service_leaves_gaps_the_verification_crosses(interleaved):
    entries, youth, other = interleaved
    assert _purge_service(youth) == 4
    kept = list(AccessLogEntry.objects.order_by("pk"))
    assert kept == [entries[1], entries[4]]
    record = AuditEntry.objects.get(action=logs.PURGE_ACTION)
    # three runs: [0], [2, 3], [5]; each from the digest before it to its last entry's
    assert record.data["gaps"] == [
        ["", entries[0].digest],
        [entries[1].digest, entries[3].digest],
        [entries[4].digest, entries[5].digest],
    ]
    assert logs.verify(AccessLogEntry).broken is None
    after = log_access(None, other, AccessAction.VIEW)
    assert after.previous_digest == entries[4].digest
    assert logs.verify(AccessLogEntry).broken is None


def test_successive_purges_of_adjacent_runs_are_crossed(interleaved):
    entries, youth, other = interleaved
    first = AccessLogEntry._base_manager.filter(pk__lte=entries[2].pk, service_id=youth.service_id)
    logs.purge(AccessLogEntry, first, actor=None, summary="test")
    logs.purge(
        AccessLogEntry,
        AccessLogEntry._base_manager.filter(pk=entries[1].pk),
        actor=None,
        summary="test",
    )
    assert logs.verify(AccessLogEntry).broken is None


def test_an_entry_removed_beside_a_purged_run_is_detected(interleaved):
    """The entry before a gap, removed outside a purge: the entry after the gap crosses it,
    but the gap does not start from the entry now before it."""
    entries, youth, _other = interleaved
    _purge_service(youth)
    _raw("DELETE FROM fieldwork_accesslogentry WHERE id = %s", [entries[1].pk])
    verdict = logs.verify(AccessLogEntry)
    assert verdict.broken is not None
    assert verdict.broken.entry_id == entries[4].pk


def test_a_forged_entry_is_detected_after_a_purge(interleaved):
    entries, youth, _other = interleaved
    _purge_service(youth)
    _raw(
        "UPDATE fieldwork_accesslogentry SET action = %s WHERE id = %s",
        [AccessAction.CHANGE, entries[4].pk],
    )
    text = _broken()
    assert f"n° {entries[4].pk} " in text


def test_a_chain_starting_from_nowhere_is_broken(youth):
    """Without the purge's record, entries removed at the start of the log are detected."""
    log_access(None, youth, AccessAction.VIEW)
    second = log_access(None, youth, AccessAction.VIEW)
    _raw("DELETE FROM fieldwork_accesslogentry WHERE id < %s", [second.pk])
    text = _broken()
    assert f"n° {second.pk} " in text


@pytest.mark.usefixtures("entries")
def test_the_purge_removes_nothing_when_nothing_is_old():
    assert logs.purge_before(AuditEntry, datetime(2000, 1, 1, tzinfo=UTC)) == 0
    assert AuditEntry.objects.count() == 5


@pytest.mark.usefixtures("entries")
def test_the_migration_chains_existing_entries():
    """The data migration's step, run over entries whose digests were lost."""
    _raw("UPDATE fieldwork_accesslogentry SET digest = '', previous_digest = ''", [])
    assert logs.verify(AccessLogEntry).broken is not None
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL reperes.purge = 'on'")
        state = MigrationLoader(connection).project_state(("fieldwork", "0007_access_log_chain"))
        logs.chain_existing(state.apps.get_model("fieldwork", "AccessLogEntry"), logs.ACCESS)
    assert logs.verify(AccessLogEntry).broken is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="lock checked on PostgreSQL")
def test_concurrent_writers_make_one_chain():
    youth = YouthFactory()
    barrier = threading.Barrier(4)

    def write() -> None:
        try:
            barrier.wait()
            for _ in range(10):
                with transaction.atomic():
                    log_access(None, youth, AccessAction.VIEW)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    verdict = logs.verify(AccessLogEntry)
    assert verdict.broken is None
    assert verdict.count == 40
