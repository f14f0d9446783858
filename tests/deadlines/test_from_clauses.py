"""Deadlines and the staff page follow only the clauses of the conventions that bind a service.

World (tests/conftest.py): convention A binds service A from 2023 to 2025; on service A, a
draft its operator has not accepted, one it refused, and one that ended on 31 December 2024.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reperes.conventions.models import Clause, ConventionTemplate
from reperes.deadlines import actions, duties
from reperes.deadlines.models import Obligation
from reperes.partners.models import Authorisation
from tests.conftest import accept
from tests.factories import ConventionFactory, PartyFactory, make_clause, make_evaluation_clause
from tests.pages import page_text
from tests.people.factories import staffing_clauses


def _yearly(month, day, year_offset=0):
    return {
        "periodicity": "year",
        "due": {"rule": "day_of_year", "month": month, "day": day, "year_offset": year_offset},
    }


def _staff_statement(convention, article="art. 6", key="etat", month=11, day=30, **extra):
    return make_clause(
        convention,
        "document",
        key,
        article,
        document="staff_statement",
        owner="operator",
        **_yearly(month, day),
        **extra,
    )


def _clause_obligations(convention):
    return {o.key: o for o in Obligation.objects.filter(convention=convention)}


def test_a_convention_that_does_not_bind_generates_nothing(world):
    """The draft (not accepted) and the refused convention hold a staff statement clause:
    service A owes nothing under them, on the calendar or on the staff page."""
    for key in ("draft", "refused"):
        _staff_statement(world["conventions"][key])
        assert actions.generate_obligations(world["conventions"][key], date(2025, 6, 1)) == 0
    assert not Obligation.objects.exists()
    service = world["services"]["a"]
    assert duties.documents_due_in(service, 2024, date(2025, 6, 1)) == []
    assert duties.documents_due_in(service, 2025, date(2025, 6, 1)) == []


def test_a_convention_owes_only_about_the_years_it_binds(world):
    """Accepted by its operator on 1 June 2024: nothing about 2023; and the convention that
    ended on 31 December 2024 still owes about 2024, not 2025."""
    late = ConventionFactory(title="Acceptée en 2024", service=world["services"]["a"])
    PartyFactory(convention=late, organisation=world["orgs"]["operator_a"], role="operator")
    accept(late, on=date(2024, 6, 1))
    _staff_statement(late)
    ended = world["conventions"]["ended"]
    _staff_statement(ended, key="etat-echue")
    actions.generate_all(date(2025, 6, 1))
    assert set(_clause_obligations(late)) == {"clause:etat:2024", "clause:etat:2025"}
    assert set(_clause_obligations(ended)) == {"clause:etat-echue:2023", "clause:etat-echue:2024"}


def test_two_binding_conventions_both_apply_each_labelled(world):
    service = world["services"]["a"]
    second = ConventionFactory(title="Convention commune", service=service)
    PartyFactory(convention=second, organisation=world["orgs"]["commune"], role="pilot")
    PartyFactory(convention=second, organisation=world["orgs"]["operator_a"], role="operator")
    accept(second)
    _staff_statement(world["conventions"]["a"], article="art. 6")
    _staff_statement(second, article="art. 4", month=10, day=15)
    items = duties.documents_due_in(service, 2024, date(2025, 6, 1))
    assert [(i.due_on, i.source) for i in items] == [
        (date(2024, 10, 15), "Convention « Convention commune », art. 4"),
        (date(2024, 11, 30), "Convention « Convention A », art. 6"),
    ]
    actions.generate_all(date(2025, 6, 1))
    assert {
        (o.convention.title, o.due_on, o.source)
        for o in Obligation.objects.filter(key__startswith="clause:", year=2024)
    } == {
        ("Convention commune", date(2024, 10, 15), "Convention « Convention commune », art. 4"),
        ("Convention A", date(2024, 11, 30), "Convention « Convention A », art. 6"),
    }


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_the_staff_page_and_the_deadlines_page_agree(client, world, year):
    """Same service, same year: the documents the staff page lists are the document
    obligations the deadlines page holds (title, period, due date, source)."""
    service = world["services"]["a"]
    staffing_clauses(world["conventions"]["a"])
    second = ConventionFactory(title="Convention commune", service=service)
    PartyFactory(convention=second, organisation=world["orgs"]["operator_a"], role="operator")
    accept(second)
    _staff_statement(second, article="art. 4", month=10, day=15)
    # What a convention that does not bind asks is on neither page.
    _staff_statement(world["conventions"]["draft"], month=1, day=15)
    actions.generate_all(date(2025, 6, 1))

    client.force_login(world["users"]["director_a"])
    response = client.get(reverse("people:service", kwargs={"pk": service.pk}), {"annee": year})
    staff_page = {(o["label"], o["due"], o["source"]) for o in response.context["obligations"]}
    html = response.content.decode()
    for label, _due, source in staff_page:
        assert label in html
        assert source in html

    client.force_login(world["users"]["departement_agent"])
    calendar = client.get(reverse("deadlines:calendar"), {"annee": year})
    on_calendar = {
        (o.title, o.due_on, o.source)
        for _month, rows in calendar.context["months"]
        for o, _status in rows
        if o.key.startswith("clause:") and o.convention.service_id == service.pk
    }
    # The commune's convention is not the Département's: read it from the database as well.
    stored = {
        (o.title, o.due_on, o.source)
        for o in Obligation.objects.filter(
            convention__service=service, key__startswith="clause:", due_on__year=year
        )
    }
    assert on_calendar <= stored
    assert staff_page == stored
    assert len(staff_page) >= 3


def test_evaluation_comes_from_the_clause(world):
    service = world["services"]["a"]
    convention = world["conventions"]["a"]
    Authorisation.objects.create(service=service, granted_on=date(2017, 1, 1))
    actions.generate_obligations(convention, date(2025, 6, 1))
    assert not Obligation.objects.filter(kind="external_evaluation").exists()

    clause = make_evaluation_clause(convention)
    actions.generate_obligations(convention, date(2025, 6, 1))
    evaluation = Obligation.objects.get(kind="external_evaluation")
    # Authorised for 15 years from 1 January 2017: ends 31 December 2031.
    assert evaluation.due_on == date(2029, 12, 31)
    assert evaluation.source == "Convention « Convention A », art. 8.3"
    assert evaluation.owner.organisation == world["orgs"]["operator_a"]

    clause.params = {**clause.params, "years_before_end": 3}
    clause.save()
    actions.generate_obligations(convention, date(2025, 6, 1))
    assert Obligation.objects.get(kind="external_evaluation").due_on == date(2028, 12, 31)

    clause.delete()
    actions.generate_obligations(convention, date(2025, 6, 1))
    assert not Obligation.objects.filter(kind="external_evaluation").exists()


def test_a_removed_clause_removes_its_open_obligations_not_the_done_ones(world):
    convention = world["conventions"]["a"]
    _staff_statement(convention)
    actions.generate_obligations(convention, date(2025, 6, 1))
    done = Obligation.objects.get(key="clause:etat:2023")
    done.done_on, done.evidence = date(2023, 11, 20), "Transmis par courriel"
    done.save()
    Clause.objects.all().delete()
    actions.generate_obligations(convention, date(2025, 6, 1))
    assert list(Obligation.objects.values_list("key", flat=True)) == ["clause:etat:2023"]


def test_a_past_period_keeps_the_clause_that_held_then(world):
    """An amendment moves the staff statement to 31 October from 2025: 2024's stays 30
    November."""
    convention = world["conventions"]["a"]
    _staff_statement(convention, valid_until=date(2024, 12, 31))
    _staff_statement(convention, month=10, day=31, valid_from=date(2025, 1, 1))
    actions.generate_obligations(convention, date(2025, 6, 1))
    due = {o.year: o.due_on for o in Obligation.objects.filter(key__startswith="clause:etat:")}
    assert due == {2023: date(2023, 11, 30), 2024: date(2024, 11, 30), 2025: date(2025, 10, 31)}


def test_a_document_due_before_each_meeting_of_a_body(world):
    from reperes.governance.models import Body, Meeting

    convention = world["conventions"]["a"]
    organiser = convention.parties.get(role="operator")
    body = Body.objects.create(
        convention=convention,
        kind="conseil_pedagogique",
        name="Conseil pédagogique",
        organiser=organiser,
    )
    for day, status in ((date(2024, 3, 12), "held"), (date(2024, 10, 8), "cancelled")):
        Meeting.objects.create(
            body=body,
            starts_at=timezone.make_aware(datetime(day.year, day.month, day.day, 14)),
            status=status,
        )
    make_clause(
        convention,
        "document",
        "note",
        "annexe 1",
        document="other",
        title="Note d'activité",
        owner="operator",
        periodicity="meeting",
        due={"rule": "before_meeting", "value": 15, "unit": "days", "body": "Conseil pédagogique"},
    )
    actions.generate_obligations(convention, date(2025, 6, 1))
    (note,) = Obligation.objects.filter(key__startswith="clause:note:")
    assert note.due_on == date(2024, 2, 26)
    assert note.kind == "other"
    assert note.title == "Note d'activité (réunion du 12/03/2024)"


def test_the_convention_deadlines_page_lists_its_dated_clauses_with_their_source(client, world):
    convention = world["conventions"]["a"]
    _staff_statement(convention)
    actions.generate_obligations(convention, date(2025, 6, 1))
    client.force_login(world["users"]["departement_agent"])
    html = page_text(
        client.get(reverse("deadlines:convention", kwargs={"pk": convention.pk})),
        "État des effectifs — chaque année, dû le 30 novembre de l",
        "Convention « Convention A », art. 6",
        "État des effectifs (2024)",
    )
    assert "Si elle était signée" not in html  # it binds: no projection


def test_an_ended_convention_with_an_undated_start_still_owes_its_last_years(world):
    """Starts at a signature whose date is unknown, ended on 31 December 2025, asked on 4
    December 2026: it bound, its clauses (from 2023) still date its obligations."""
    convention = ConventionFactory(
        at_signature=True,
        ends_on=date(2025, 12, 31),
        service=world["services"]["a"],
    )
    PartyFactory(convention=convention, organisation=world["orgs"]["operator_a"], role="operator")
    accept(convention)
    _staff_statement(convention, valid_from=date(2023, 1, 1))
    actions.generate_obligations(convention, date(2026, 12, 4))
    assert set(_clause_obligations(convention)) == {
        "clause:etat:2023",
        "clause:etat:2024",
        "clause:etat:2025",
    }


def test_an_undated_convention_owes_from_its_acceptance_whatever_the_day_asked(world):
    """Starts at a signature whose date is unknown, renewed without end, clauses without a
    date: it owes from the operator's acceptance (nothing due before it), and the years owed
    do not move with the day the question is asked."""
    convention = ConventionFactory(tacit=True, at_signature=True, service=world["services"]["a"])
    PartyFactory(convention=convention, organisation=world["orgs"]["operator_a"], role="operator")
    accept(convention, on=date(2024, 3, 1))
    _staff_statement(convention)
    actions.generate_obligations(convention, date(2025, 6, 1))
    owed = set(_clause_obligations(convention))
    assert {"clause:etat:2024", "clause:etat:2025", "clause:etat:2026"} <= owed
    assert "clause:etat:2023" not in owed
    later = duties.documents_due_in(world["services"]["a"], 2024, date(2027, 1, 1))
    assert [i.key for i in later if i.bound.convention == convention] == ["clause:etat:2024"]


def test_an_undated_instance_owes_from_its_model_s_approval(world):
    """No acceptance date either: an instance cannot have started before its model convention
    was approved; with no date at all, nothing can be dated."""
    from reperes.partners.models import Deliberation

    convention = ConventionFactory(tacit=True, at_signature=True, service=world["services"]["a"])
    PartyFactory(convention=convention, organisation=world["orgs"]["operator_a"], role="operator")
    accept(convention)
    _staff_statement(convention)
    assert duties.span(convention, date(2025, 6, 1)) is None
    template = ConventionTemplate.objects.create(
        title="Modèle",
        owner=world["orgs"]["departement"],
        period_kind="fixed",
        approved_by=Deliberation.objects.create(
            organisation=world["orgs"]["departement"], decided_on=date(2023, 12, 11)
        ),
    )
    convention.template = template
    convention.save()
    actions.generate_obligations(convention, date(2025, 6, 1))
    owed = set(_clause_obligations(convention))
    assert {"clause:etat:2024", "clause:etat:2025"} <= owed
    # The 2023 statement was due on 30 November 2023, before the model existed.
    assert "clause:etat:2023" not in owed
