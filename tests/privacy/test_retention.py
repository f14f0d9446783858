"""Retention (``reperes.privacy.retention``): the boundary day, legal holds, clause-driven
durations, the per-service purge of the access log, and a job that does nothing twice."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from reperes.core import logs
from reperes.core.models import AuditEntry
from reperes.fieldwork.enums import AccessAction
from reperes.fieldwork.models import AccessLogEntry, Youth
from reperes.fieldwork.youths.access_log import log_access
from reperes.privacy import anonymise as anon
from reperes.privacy import retention
from reperes.privacy.models import LegalHold
from tests.factories import make_data_protection_clause
from tests.fieldwork.factories import AccompanimentFactory, YouthFactory

pytestmark = pytest.mark.django_db
DAY = date(2025, 6, 1)  # convention A binds service A (2023–2025)


def _youth(world, last_contact: date, service: str = "b", **extra) -> Youth:
    return YouthFactory(service=world["services"][service], first_met_on=last_contact, **extra)


def _clause(world, **params):
    return make_data_protection_clause(world["conventions"]["a"], **params)


@pytest.mark.parametrize(
    ("last_contact", "anonymised"),
    [
        (date(2023, 5, 31), True),  # 2 years + 1 day
        (date(2023, 6, 1), False),  # 2 years exactly: the last day kept
        (date(2023, 6, 2), False),  # 2 years − 1 day
    ],
)
def test_the_default_boundary(world, last_contact, anonymised):
    youth = _youth(world, last_contact)
    retention.run(DAY)
    youth.refresh_from_db()
    assert (youth.anonymised_on == DAY) is anonymised


def test_an_accompaniment_is_a_contact_and_an_open_one_keeps_the_record(world):
    youth = _youth(world, date(2022, 1, 10))
    AccompanimentFactory(
        youth=youth, started_on=date(2022, 2, 1), closed=True, ended_on=date(2023, 6, 2)
    )
    other = _youth(world, date(2022, 1, 10))
    AccompanimentFactory(youth=other, started_on=date(2022, 2, 1))
    assert list(retention.due(world["services"]["b"], DAY)) == []


def test_a_held_record_is_kept_until_the_hold_is_lifted(world):
    youth = _youth(world, date(2022, 1, 10))
    hold = LegalHold.objects.create(
        service=youth.service, youth=youth, reason="Réquisition judiciaire du 2 mai 2025"
    )
    retention.run(DAY)
    youth.refresh_from_db()
    assert youth.anonymised_on is None
    hold.lifted_at = timezone.now()
    hold.save()
    retention.run(DAY)
    youth.refresh_from_db()
    assert youth.anonymised_on == DAY


def test_a_hold_past_its_end_no_longer_keeps(world):
    youth = _youth(world, date(2022, 1, 10))
    LegalHold.objects.create(
        service=youth.service, youth=youth, reason="Litige", until=date(2025, 5, 31)
    )
    assert list(retention.due(youth.service, DAY)) == [youth]


def test_the_job_is_idempotent(world):
    youth = _youth(world, date(2022, 1, 10), with_identity=True)
    first = retention.run(DAY)
    assert first[youth.service].youths == 1
    assert first[youth.service].identities == 1
    assert AuditEntry.objects.filter(action=retention.RUN_ACTION).count() == 1
    entries = AuditEntry.objects.count()
    second = retention.run(DAY)
    assert sum(f.youths + f.log_entries for f in second.values()) == 0
    assert AuditEntry.objects.count() == entries


def test_the_command_runs_the_job_on_today(world, access_day, capsys):
    youth = _youth(world, date(2022, 1, 10), pseudonym="J-NOMME")
    access_day.move(DAY)
    call_command("retention", "--dry-run")
    out = capsys.readouterr().out
    assert f"Service n° {youth.service.pk} : 1 fiche(s) à anonymiser" in out
    assert "J-NOMME" not in out
    assert Youth.objects.get(pk=youth.pk).anonymised_on is None
    call_command("retention")
    assert "1 fiche(s) anonymisée(s)" in capsys.readouterr().out
    assert Youth.objects.get(pk=youth.pk).anonymised_on == DAY


def test_a_clause_of_three_months_anonymises_sooner(world):
    _clause(world, retention_value=3, retention_unit="months")
    service = world["services"]["a"]
    rule = retention.record_retention(service, DAY)
    assert rule.label == "3 mois"
    assert rule.source.endswith("art. 9")
    gone = _youth(world, date(2025, 2, 28), service="a")
    kept = _youth(world, date(2025, 3, 1), service="a")
    retention.run(DAY)
    assert Youth.objects.get(pk=gone.pk).anonymised_on == DAY
    assert Youth.objects.get(pk=kept.pk).anonymised_on is None


def test_the_shortest_binding_clause_wins_and_none_gives_the_default(world):
    from tests.conftest import accept
    from tests.factories import ConventionFactory

    _clause(world, retention_value=3, retention_unit="years", log_retention_months=6)
    sixth = accept(ConventionFactory(title="Sixième", service=world["services"]["a"]))
    make_data_protection_clause(
        sixth, "art. 4", breach_hours=48, retention_value=18, retention_unit="months"
    )
    service = world["services"]["a"]
    assert retention.record_retention(service, DAY).label == "18 mois"
    assert retention.log_retention(service, DAY).label == "6 mois"
    default = retention.record_retention(world["services"]["b"], DAY)
    assert (default.label, default.source) == ("2 ans", retention.DEFAULT_SOURCE)
    assert retention.log_retention(world["services"]["b"], DAY).label == "12 mois"


def test_upcoming_lists_the_next_thirty_days_with_their_day(world):
    service = world["services"]["b"]
    _youth(world, date(2023, 5, 1))  # already due: goes today
    soon = _youth(world, date(2023, 6, 15))
    _youth(world, date(2023, 7, 2))  # day 31
    rows = retention.upcoming(service, DAY)
    assert [(r.youth.pk, r.on) for r in rows][1:] == [(soon.pk, date(2025, 6, 16))]
    assert rows[0].on == DAY
    assert retention.upcoming_counts([service], DAY) == {service: 2}


def _access(youth, at):
    return AccessLogEntry.objects.create(
        at=at,
        service_id=youth.service_id,
        youth=youth,
        youth_public_id=youth.public_id,
        action=AccessAction.VIEW,
    )


def test_the_access_log_is_purged_per_service_and_stays_verifiable(world):
    _clause(world, log_retention_months=6)
    a = _youth(world, date(2025, 1, 1), service="a")
    b = _youth(world, date(2025, 1, 1), service="b")
    old_a = [_access(a, datetime(2024, 11, 30, 23, 0, tzinfo=UTC))]  # 1 Dec, 0 h in Paris
    old_b = [_access(b, datetime(2024, 11, 1, tzinfo=UTC))]
    old_a.append(_access(a, datetime(2024, 11, 29, tzinfo=UTC)))
    kept_b = _access(b, datetime(2024, 12, 15, tzinfo=UTC))
    recent = [log_access(None, a, AccessAction.VIEW), log_access(None, b, AccessAction.VIEW)]
    result = retention.run(DAY)
    assert result[a.service].log_entries == 1  # A keeps 6 months: since 1 Dec 2024 (Paris)
    assert result[b.service].log_entries == 0  # B keeps 12 months
    left = set(AccessLogEntry.objects.values_list("pk", flat=True))
    assert left == {old_a[0].pk, *(e.pk for e in old_b), kept_b.pk, *(e.pk for e in recent)}
    assert logs.verify(AccessLogEntry).broken is None
    retention.run(date(2025, 12, 1))  # B's November 2024 goes too
    assert old_b[0].pk not in set(AccessLogEntry.objects.values_list("pk", flat=True))
    assert logs.verify(AccessLogEntry).broken is None
    # an entry forged below the ORM is still found after the purges
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL reperes.purge = 'on'")
        cursor.execute(
            "UPDATE fieldwork_accesslogentry SET fields = %s WHERE id = %s", ['["x"]', kept_b.pk]
        )
    assert logs.verify(AccessLogEntry).broken.entry_id == kept_b.pk


def test_the_run_is_recorded_once_without_names(world):
    _youth(world, date(2022, 1, 10), pseudonym="J-SECRET9")
    retention.run(DAY)
    entry = AuditEntry.objects.get(action=retention.RUN_ACTION)
    assert "J-SECRET9" not in f"{entry.summary} {entry.data}"
    assert entry.data["services"][str(world["services"]["b"].pk)]["youths"] == 1
    assert AuditEntry.objects.filter(action=anon.ANONYMISE_ACTION).count() == 1
