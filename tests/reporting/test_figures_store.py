"""Figures kept between requests (``reperes.reporting.figures_store``, issue 12): a service's
figures of a year are computed once, served as stored while its records stay the same, and
computed again — by itself alone — after any write to a record they come from, whichever way
the write is made (a named action, a form's many-to-many, a bulk write, a deletion).

Every write runs under ``django_capture_on_commit_callbacks(execute=True)``: the versions move
when the transaction commits, as they do in production."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest

from reperes.fieldwork import synthetic
from reperes.fieldwork.models import Accompaniment, ChoiceItem, TimeEntry
from reperes.fieldwork.time.actions import save_time_week
from reperes.reporting import consolidation, figures_store, indicators_by_service
from reperes.reporting.models import StoredFigures
from tests.factories import ServiceFactory
from tests.fieldwork.factories import (
    AccompanimentFactory,
    CollectiveActionFactory,
    ParticipantCountFactory,
    YouthFactory,
)
from tests.people.factories import StaffMemberFactory

YEAR = 2024


@pytest.fixture
def computed(monkeypatch):
    """The services whose figures were computed from their records, call by call."""
    calls: list[list[int]] = []
    compute = indicators_by_service.values_by_service

    def counting(ids, period):
        calls.append(sorted(ids))
        return compute(ids, period)

    monkeypatch.setattr(indicators_by_service, "values_by_service", counting)
    return calls


@pytest.fixture
def two_services(db, django_capture_on_commit_callbacks):
    """Two services with a youth accompanied in 2024 each, their figures stored once."""
    with django_capture_on_commit_callbacks(execute=True):
        services = [ServiceFactory(), ServiceFactory()]
        for service in services:
            AccompanimentFactory(youth=YouthFactory(service=service), closed=True)
    figures_store.values_by_service([s.pk for s in services], YEAR)
    return services


def _values(service):
    return figures_store.values_by_service([service.pk], YEAR)[service.pk]


@pytest.mark.django_db
def test_stored_figures_are_the_computed_ones_and_are_not_computed_again(two_services, computed):
    ids = [s.pk for s in two_services]
    stored = figures_store.values_by_service(ids, YEAR)
    assert computed == []  # read from the store
    fresh = indicators_by_service.values_by_service(ids, indicators_by_service.Period.year(YEAR))
    for pk in ids:
        assert stored[pk] == {code: Decimal(value) for code, value in fresh[pk].items()}
        assert stored[pk]["youths.accompanied"] == 1
    assert StoredFigures.objects.filter(service__in=two_services, year=YEAR).count() == 2


def _add_youth(service, staff, _commit):
    YouthFactory(service=service, first_met_on=date(YEAR, 5, 2))


def _delete_accompaniments(service, staff, _commit):
    Accompaniment.objects.filter(service=service).delete()  # a queryset: one by one


def _health():
    item, _ = ChoiceItem.objects.get_or_create(kind="problem", convention=None, label="Santé")
    return item


def _add_problem(service, staff, _commit):
    service.accompaniments.first().problems.add(_health())


def _rename_problem(service, staff, commit):
    item = _health()
    with commit(execute=True):
        item.label = "Santé publique"  # not the catalogue's « Santé »
        item.save()
        service.accompaniments.first().problems.add(item)
    assert _values(service)["problems.health"] == 0  # stored again after the link
    item.label = "Santé"
    item.save()


def _add_participant(service, staff, commit):
    with commit(execute=True):
        action = CollectiveActionFactory(service=service, started_on=date(YEAR, 7, 1))
    figures_store.values_by_service([service.pk], YEAR)
    action.participants.add(service.youths.first())


def _count_participants(service, staff, commit):
    with commit(execute=True):
        action = CollectiveActionFactory(service=service, started_on=date(YEAR, 7, 1))
    figures_store.values_by_service([service.pk], YEAR)
    ParticipantCountFactory(action=action, count=7)


def _time_week(service, staff, _commit):
    save_time_week(None, staff, date(YEAR, 3, 4), {(date(YEAR, 3, 5), "social_presence"): 4})


def _change_fte(service, staff, _commit):
    staff.fte = Decimal("0.5")
    staff.save()


def _generate(service, staff, _commit):
    synthetic.generate(service, year=YEAR, youths=5, seed=7, until=date(YEAR, 12, 31))


WRITES = {
    "a youth met": (_add_youth, "youths.met"),
    "accompaniments deleted": (_delete_accompaniments, "youths.accompanied"),
    "a problem added to an accompaniment": (_add_problem, "problems.health"),
    "a problem's label renamed": (_rename_problem, "problems.health"),
    "a youth added to a collective action": (_add_participant, "collective.youths"),
    "an anonymous count of participants": (_count_participants, "collective.youths"),
    "the time grid (a bulk write)": (_time_week, "hours"),
    "a staff member's FTE": (_change_fte, "staff.fte"),
    "the synthetic generator (bulk writes)": (_generate, "youths.met"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES, ids=list(WRITES))
def test_a_write_makes_its_service_computed_again_and_only_it(
    two_services, computed, django_capture_on_commit_callbacks, write
):
    service, other = two_services
    with django_capture_on_commit_callbacks(execute=True):
        staff = StaffMemberFactory(service=service, fte=1, arrival=date(2020, 1, 1))
    act, code = WRITES[write]
    figures_store.values_by_service([service.pk, other.pk], YEAR)  # current, after the staff
    before = _values(service)[code]
    del computed[:]
    with django_capture_on_commit_callbacks(execute=True):
        act(service, staff, django_capture_on_commit_callbacks)
    after = figures_store.values_by_service([service.pk, other.pk], YEAR)
    assert computed[-1] == [service.pk]  # the other one is read from the store
    assert after[service.pk][code] != before
    fresh = indicators_by_service.values_by_service(
        [service.pk], indicators_by_service.Period.year(YEAR)
    )[service.pk]
    assert after[service.pk] == {c: Decimal(v) for c, v in fresh.items()}


@pytest.mark.django_db
def test_the_version_moves_when_the_transaction_commits_not_before(
    two_services, django_capture_on_commit_callbacks
):
    service = two_services[0]
    before = figures_store.versions([service.pk])[service.pk]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        YouthFactory(service=service)
        YouthFactory(service=service)
        assert figures_store.versions([service.pk])[service.pk] == before
    assert len(callbacks) == 1  # the services written in one transaction, bumped once
    callbacks[0]()
    assert figures_store.versions([service.pk])[service.pk] == before + 1


@pytest.mark.django_db
def test_new_definitions_compute_everything_again(two_services, computed, monkeypatch):
    monkeypatch.setattr(figures_store, "DEFINITIONS", "une autre version du code")
    figures_store.values_by_service([s.pk for s in two_services], YEAR)
    assert computed == [sorted(s.pk for s in two_services)]


@pytest.mark.django_db
def test_years_with_data_follow_a_write_in_a_new_year(
    two_services, django_capture_on_commit_callbacks
):
    service = two_services[0]
    assert consolidation.years_with_data([service], 2026) == {2024: {service.pk}}
    with django_capture_on_commit_callbacks(execute=True):
        staff = StaffMemberFactory(service=service, arrival=date(2020, 1, 1))
        TimeEntry.objects.create(
            staff=staff, day=date(2025, 2, 3), category="social_presence", hours=2
        )
    assert consolidation.years_with_data([service], 2026) == {
        2024: {service.pk},
        2025: {service.pk},
    }


@pytest.mark.django_db
def test_a_running_accompaniment_is_data_every_year_until_the_one_asked(
    two_services, django_capture_on_commit_callbacks
):
    service = two_services[0]
    with django_capture_on_commit_callbacks(execute=True):
        AccompanimentFactory(youth=service.youths.first(), started_on=date(2022, 5, 1))
    assert consolidation.years_with_data([service], 2025) == {
        y: {service.pk} for y in (2022, 2023, 2024, 2025)
    }
    assert consolidation.years_with_data([service], 2023) == {y: {service.pk} for y in (2022, 2023)}


@pytest.mark.django_db
def test_the_command_brings_the_store_up_to_date(two_services, computed, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setattr(figures_store, "DEFINITIONS", "une nouvelle version")
    out = io.StringIO()
    call_command("compute_figures", "--year", str(YEAR), stdout=out)
    assert "2 couple(s) service-année" in out.getvalue()
    assert computed == [sorted(s.pk for s in two_services)]
    figures_store.values_by_service([s.pk for s in two_services], YEAR)
    assert len(computed) == 1  # the consolidation then reads them


@pytest.mark.django_db
def test_the_command_refuses_a_year_to_come(db):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Année invalide"):
        call_command("compute_figures", "--year", "2999")


@pytest.mark.django_db
def test_a_service_deleted_with_its_staff_is_passed_over(django_capture_on_commit_callbacks):
    from reperes.reporting.models import RecordsVersion

    with django_capture_on_commit_callbacks(execute=True):
        staff = StaffMemberFactory()
    service, pk = staff.service, staff.service_id
    assert RecordsVersion.objects.filter(service_id=pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        staff.delete()  # announces its service…
        service.delete()  # …which is gone by the commit
    assert not RecordsVersion.objects.filter(service_id=pk).exists()


@pytest.mark.django_db
def test_a_time_entry_saved_with_its_staff_member_does_not_read_it_again(
    two_services, django_capture_on_commit_callbacks
):
    """The time grid saves an entry per educator with the staff member in hand: finding the
    service whose figures move reads it from there, not with a query per entry."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    service = two_services[0]
    with django_capture_on_commit_callbacks(execute=True):
        staff = StaffMemberFactory(service=service, arrival=date(2020, 1, 1))
    staff_table = staff._meta.db_table
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        TimeEntry.objects.create(
            staff=staff, day=date(YEAR, 2, 3), category="social_presence", hours=2
        )
    assert not [q for q in queries.captured_queries if staff_table in q["sql"]]
    assert consolidation.years_with_data([service], 2026)[YEAR] == {service.pk}
