"""Deadlines generated from the conventions, their status, reminders and the iCalendar feed."""

from __future__ import annotations

from datetime import date

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from reperes.conventions.actions import sign_convention
from reperes.core.models import AuditEntry
from reperes.deadlines import actions
from reperes.deadlines.models import CalendarFeed, Obligation
from reperes.deadlines.rules import external_evaluation_due, reminder_due, status_of
from tests.conftest import accept
from tests.factories import ConventionFactory, PartyFactory, make_clause

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@settings(deadline=None, database=None)
@given(due=dates, today=dates, window=st.integers(0, 120))
def test_status_follows_the_calendar(due, today, window):
    status = status_of(due, None, today, window)
    if today > due:
        assert status == "overdue"
    elif (due - today).days <= window:
        assert status == "due"
    else:
        assert status == "upcoming"
    assert status_of(due, today, today, window) == "done"


@settings(deadline=None, database=None)
@given(due=dates, window=st.integers(0, 120))
def test_exactly_one_day_starts_the_reminder_window(due, window):
    days = [due.fromordinal(due.toordinal() - k) for k in range(0, window + 30)]
    first = [d for d in days if reminder_due(due, None, d, window, None)]
    assert len(first) == window + 1
    assert max(first) == due


def test_external_evaluation_from_the_clause_parameters():
    ends = date(2031, 6, 30)
    assert external_evaluation_due(ends, None, every_years=5, years_before_end=2) == date(
        2029, 6, 30
    )
    assert external_evaluation_due(
        ends, date(2020, 1, 10), every_years=5, years_before_end=2
    ) == date(2025, 1, 10)
    assert external_evaluation_due(
        ends, date(2020, 1, 10), every_years=7, years_before_end=1
    ) == date(2027, 1, 10)


def _document(convention, key, document, month, day, year_offset, article, **extra):
    return make_clause(
        convention,
        "document",
        key,
        article,
        document=document,
        owner="operator",
        periodicity="year",
        due={"rule": "day_of_year", "month": month, "day": day, "year_offset": year_offset},
        **extra,
    )


def _drome_like(world):
    """A convention on service A starting at an unknown signature date, ending 31 December
    2025, accepted by its operator, whose clauses run from 2023: a staff statement by 30
    November N and the accounts of N by 30 April N+1."""
    convention = ConventionFactory(
        at_signature=True,
        ends_on=date(2025, 12, 31),
        service=world["services"]["a"],
    )
    PartyFactory(convention=convention, organisation=world["orgs"]["departement"], role="pilot")
    PartyFactory(convention=convention, organisation=world["orgs"]["operator_a"], role="operator")
    accept(convention)
    _document(
        convention, "etat", "staff_statement", 11, 30, 0, "art. 6", valid_from=date(2023, 1, 1)
    )
    _document(
        convention, "comptes", "year_end_accounts", 4, 30, 1, "art. 8", valid_from=date(2023, 1, 1)
    )
    return convention


def _draft_with_clause(world, document, month, day, year_offset):
    """An unsigned, tacitly renewed convention on service A starting at signature, with one
    document clause of the operator."""
    draft = ConventionFactory(
        draft=True,
        tacit=True,
        at_signature=True,
        service=world["services"]["a"],
    )
    PartyFactory(convention=draft, organisation=world["orgs"]["departement"], role="pilot")
    PartyFactory(convention=draft, organisation=world["orgs"]["operator_a"], role="operator")
    _document(draft, "doc", document, month, day, year_offset, "art. 3")
    return draft


def test_generation_is_idempotent_and_follows_the_clauses(world):
    convention = _drome_like(world)
    assert actions.generate_obligations(convention, date(2024, 6, 1)) == 6
    assert actions.generate_obligations(convention, date(2024, 6, 1)) == 0
    due = sorted(convention.obligations.values_list("due_on", flat=True))
    assert due == [
        date(2023, 11, 30),
        date(2024, 4, 30),
        date(2024, 11, 30),
        date(2025, 4, 30),
        date(2025, 11, 30),
        date(2026, 4, 30),
    ]


def test_conventions_have_no_deadlines_until_their_operator_accepts_them(world):
    draft = _draft_with_clause(world, "year_end_accounts", 4, 30, 1)
    assert actions.generate_obligations(draft, date(2024, 6, 1)) == 0
    sign_convention(None, draft, signed_on=date(2024, 1, 15))
    draft.refresh_from_db()
    # Signed by the parties, not yet accepted by the operator: it binds nothing.
    assert actions.generate_obligations(draft, date(2024, 6, 1)) == 0
    assert not draft.obligations.exists()
    accept(draft)
    actions.generate_obligations(draft, date(2024, 6, 1))
    keys = {o.key: o for o in draft.obligations.all()}
    # Renewed without end: this year's accounts and next year's are on the calendar.
    assert keys["clause:doc:2024"].due_on == date(2025, 4, 30)
    assert keys["clause:doc:2025"].due_on == date(2026, 4, 30)
    assert keys["clause:doc:2024"].kind == "accounts"
    assert keys["clause:doc:2024"].source == f"Convention « {draft.title} », art. 3"
    # Tacit renewal on 15 January 2025, six months' notice not extendable: last day 15 July 2024.
    assert keys["withdrawal:2025-01-15"].due_on == date(2024, 7, 15)


def test_reminders_are_sent_once_after_commit_with_a_fake_clock(
    world, django_capture_on_commit_callbacks
):
    convention = _drome_like(world)
    actions.generate_obligations(convention, date(2024, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_reminders(date(2024, 4, 1)) == 0  # 29 days before: too early
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert actions.send_reminders(date(2024, 4, 15)) == 1
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world["users"]["director_a"].email]
    assert "30/04/2024" in message.subject
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_reminders(date(2024, 4, 16)) == 0
    assert len(mail.outbox) == 1


def test_daily_command_with_a_simulated_day(world, django_capture_on_commit_callbacks):
    _drome_like(world)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("deadlines_daily", "--today", "2024-11-20", verbosity=0)
    assert Obligation.objects.filter(reminded_on=date(2024, 11, 20)).count() == 1
    assert len(mail.outbox) == 1


def test_mark_done_requires_evidence_and_keeps_what_was_typed(client, world):
    convention = _drome_like(world)
    actions.generate_obligations(convention, date(2024, 1, 1))
    obligation = convention.obligations.order_by("due_on").first()
    client.force_login(world["users"]["director_a"])
    url = reverse("deadlines:done", kwargs={"pk": obligation.public_id})
    response = client.post(url, {"done_on": "2023-11-28", "evidence": "   "})
    assert (
        "Indiquez le justificatif" in response.content.decode()
        or "obligatoire" in response.content.decode()
    )
    response = client.post(url, {"done_on": "2023-11-28", "evidence": "Envoyé par courriel"})
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert obligation.done_on == date(2023, 11, 28)
    assert obligation.status(date(2024, 6, 1)) == "done"


def test_feed_is_secret_valid_icalendar_and_scoped(client, world):
    convention = _drome_like(world)
    actions.generate_obligations(convention, date(2024, 1, 1))
    user = world["users"]["educator_b"]  # sees convention B only: none of these obligations
    client.force_login(world["users"]["director_a"])
    client.post(reverse("deadlines:subscription"))
    token = CalendarFeed.objects.get(user=world["users"]["director_a"]).token
    client.logout()
    response = client.get(reverse("deadlines:feed", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"\r\n" in response.content
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Repères — échéances"
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 6
    assert {e.decoded("DTSTART") for e in events} >= {date(2023, 11, 30), date(2026, 4, 30)}
    assert all(str(e["UID"]).startswith("obligation-") for e in events)
    assert client.get(reverse("deadlines:feed", kwargs={"token": "devine"})).status_code == 404
    CalendarFeed.objects.create(user=user, token="jeton-b")
    other = icalendar.Calendar.from_ical(
        client.get(reverse("deadlines:feed", kwargs={"token": "jeton-b"})).content
    )
    assert list(other.walk("VEVENT")) == []


def test_replacing_the_feed_address_revokes_the_old_one(client, world):
    client.force_login(world["users"]["commune_agent"])
    client.post(reverse("deadlines:subscription"))
    old = CalendarFeed.objects.get().token
    client.post(reverse("deadlines:subscription"))
    assert client.get(reverse("deadlines:feed", kwargs={"token": old})).status_code == 404


def test_replacing_the_feed_address_is_a_named_action_with_its_audit_entry(client, world):
    """The page's button goes through ``actions.renew_calendar_feed``, which writes the audit
    entry in the same transaction (issue 15: every write a named action)."""
    agent = world["users"]["commune_agent"]
    first = actions.renew_calendar_feed(agent)
    client.force_login(agent)
    response = client.post(reverse("deadlines:subscription"))
    assert response.status_code == 302
    entries = AuditEntry.objects.filter(action="calendar.feed", actor=agent)
    assert entries.count() == 2
    assert not CalendarFeed.objects.filter(token=first.token).exists()
    assert CalendarFeed.objects.filter(user=agent).count() == 1


@pytest.mark.django_db
def test_demo_deadlines_follow_the_seeds():
    call_command("load_demo", verbosity=0)
    drome = Obligation.objects.filter(convention__source__startswith="Seed 004")
    assert {(o.kind, o.due_on) for o in drome} >= {
        ("staff_statement", date(2025, 11, 30)),
        ("activity_report", date(2026, 4, 30)),
    }
    # The Pas-de-Calais instances owe what their model convention's clauses say, cited as such,
    # and nothing of the Drôme's.
    pas_de_calais = Obligation.objects.filter(
        convention__source__startswith="Seed 001", key__startswith="clause:"
    )
    assert all(o.source.startswith("Convention type") for o in pas_de_calais)
    assert not pas_de_calais.filter(kind="staff_statement").exists()


@pytest.mark.django_db
def test_every_seed_convention_has_its_deadlines():
    """Conventions their operator accepted get stored obligations; the others (the unsigned
    Pas-de-Calais instances, a convention without a service) store none: they bind nothing."""
    from reperes.conventions.access import accepted_by_operator
    from reperes.conventions.models import Convention

    call_command("load_demo", verbosity=0)
    accepted = set(accepted_by_operator(Convention.objects.all()).values_list("pk", flat=True))
    for convention in Convention.objects.all():
        if convention.pk in accepted:
            assert convention.obligations.exists(), convention
        else:
            assert not convention.obligations.exists(), convention
    # Dijon's convention names no service: it binds none, and owes nothing on the calendar.
    assert not Obligation.objects.filter(convention__source__startswith="Seed 002").exists()
    drome = Obligation.objects.filter(convention__source__startswith="Seed 004", kind="payment")
    assert drome.filter(done_on__isnull=False).exists()


def test_a_body_that_has_not_met_enough_is_overdue_on_the_calendar(client, world):
    """Seed 000 art. 6: « Un conseil pédagogique … qui se réunit deux fois par an »."""
    from datetime import datetime

    from django.utils import timezone as tz

    from reperes.governance.models import Body, Meeting

    convention = ConventionFactory(
        starts_on=date(2023, 1, 1), ends_on=date(2025, 12, 31), service=world["services"]["a"]
    )
    organiser = PartyFactory(
        convention=convention, organisation=world["orgs"]["operator_a"], role="operator"
    )
    PartyFactory(convention=convention, organisation=world["orgs"]["departement"], role="pilot")
    body = Body.objects.create(
        convention=convention,
        kind="conseil_pedagogique",
        name="Conseil pédagogique",
        organiser=organiser,
        meetings_per_year=2,
        frequency_text="deux fois par an",
    )
    accept(convention)
    Meeting.objects.create(
        body=body, starts_at=tz.make_aware(datetime(2024, 3, 12, 14)), status="held", place="Mairie"
    )
    actions.generate_obligations(convention, date(2025, 2, 1))
    owed = convention.obligations.get(key=f"body:{body.pk}:2024")
    assert owed.kind == "meeting"
    assert owed.status(date(2025, 2, 1)) == "overdue"
    assert "1 réunion manquante sur 2" in owed.title
    client.force_login(world["users"]["departement_agent"])
    page = client.get(reverse("deadlines:calendar"), {"statut": "overdue"}).content.decode()
    assert "Conseil pédagogique 2024" in page


def test_an_unsigned_convention_shows_projected_deadlines_only(client, world):
    draft = _draft_with_clause(world, "budget_forecast", 10, 31, -1)
    projected = actions.project_obligations(draft, date(2024, 6, 1))
    assert ("Budget prévisionnel (2025)", date(2024, 10, 31)) in projected
    assert projected[0][1] >= date(2024, 6, 1)
    assert not Obligation.objects.filter(convention=draft).exists()
    client.force_login(world["users"]["departement_agent"])
    page = client.get(reverse("deadlines:convention", kwargs={"pk": draft.pk})).content.decode()
    assert "Si elle était signée aujourd" in page
    assert "Budget prévisionnel (2025)" not in page or "31 octobre 2024" in page
    assert "art. 3" in page
