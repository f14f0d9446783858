"""Breaches (GDPR art. 33–34, seed 001 art. 9): two clocks, reminders, who read what, letter."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from reperes.privacy import breaches
from reperes.privacy.models import Breach, BreachNotification
from reperes.rules import breaches as rules

PARIS = ZoneInfo("Europe/Paris")
DECLARED = datetime(2025, 6, 2, 9, 0, tzinfo=PARIS)


@pytest.fixture
def clock(monkeypatch):
    """The present as the breach pages and the reminder job see it."""

    class Clock:
        value = DECLARED

        def move(self, value):
            self.value = value

    c = Clock()
    monkeypatch.setattr("reperes.privacy.breaches.now", lambda: c.value)
    return c


@pytest.fixture
def clause_a(world):
    from tests.factories import make_data_protection_clause

    return make_data_protection_clause(world["conventions"]["a"], written_proof=True)


def _declare(client, world, **extra):
    client.force_login(world["users"]["director_a"])
    data = {
        "discovered_at": "2025-06-02T08:30",
        "facts": "Ordinateur portable volé dans un véhicule.",
        "data_categories": "Pseudonymes, observations éducatives",
        "people_categories": "Jeunes accompagnés",
        "window_start": "",
        "window_end": "",
        "consequences": "",
        "measures": "Sessions révoquées.",
        **extra,
    }
    return client.post(reverse("privacy:breach_declare"), data)


def _log(world, at, user, youth_id, service="a"):
    from reperes.fieldwork.models import AccessLogEntry

    return AccessLogEntry.objects.create(
        at=at,
        user=world["users"][user],
        service=world["services"][service],
        youth_public_id=youth_id,
        action="view",
    )


# ---------------------------------------------------------------- the pure clocks
def test_deadlines_and_states():
    due = rules.deadline(DECLARED, 24)
    assert due == datetime(2025, 6, 3, 9, 0, tzinfo=PARIS)
    assert rules.state(due, DECLARED, None) == rules.ON_TIME
    assert rules.state(due, due - timedelta(hours=2), None) == rules.DUE_SOON
    assert rules.state(due, due + timedelta(minutes=1), None) == rules.LATE
    assert rules.state(due, due + timedelta(hours=5), due - timedelta(hours=1)) == rules.NOTIFIED
    assert rules.state(due, due, due + timedelta(hours=1)) == rules.NOTIFIED_LATE
    with pytest.raises(ValueError):
        rules.deadline(datetime(2025, 6, 2, 9), 24)  # naive


# ---------------------------------------------------------------- declaring, the two clocks
@pytest.mark.usefixtures("clause_a")
def test_breach_at_nine_shows_funder_next_day_and_cnil_72h(client, world, clock):
    response = _declare(client, world)
    assert response.status_code == 302, response.content.decode()
    breach = Breach.objects.get()
    assert breach.controller == world["orgs"]["operator_a"]
    funder, cnil = breaches.clocks(breach)
    assert funder.due == datetime(2025, 6, 3, 9, 0, tzinfo=PARIS)
    assert funder.label == "Département de Test"
    assert "art. 9" in funder.source
    assert cnil.due == datetime(2025, 6, 5, 9, 0, tzinfo=PARIS)
    html = client.get(response["Location"]).content.decode()
    assert "3 juin 2025 à 09:00" in html
    assert "5 juin 2025 à 09:00" in html
    assert "reste 24 h 00 min" in html
    assert "reste 72 h 00 min" in html
    assert "deadline-overdue" not in html
    clock.move(DECLARED + timedelta(hours=25))
    html = client.get(response["Location"]).content.decode()
    assert html.count("deadline-overdue") == 1
    assert "dépassé de 1 h 00 min" in html


@pytest.mark.usefixtures("clock")
def test_no_binding_clause_only_the_cnil_clock(client, world):
    _declare(client, world)
    breach = Breach.objects.get()
    assert [c.label for c in breaches.clocks(breach)] == ["CNIL"]
    html = client.get(reverse("privacy:breach_detail", kwargs={"pk": breach.pk})).content.decode()
    assert "seul le délai de la CNIL court" in html


@pytest.mark.usefixtures("clock")
def test_declaring_keeps_everything_on_error(client, world):
    response = _declare(client, world, facts="", window_start="2025-06-01T00:00")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce champ est obligatoire." in html
    assert "Indiquez les deux bornes" in html
    assert "Sessions révoquées." in html  # nothing lost
    assert not Breach.objects.exists()


@pytest.mark.usefixtures("clock")
def test_breaches_are_never_deleted(client, world):
    _declare(client, world)
    with pytest.raises(PermissionError):
        Breach.objects.all().delete()
    with pytest.raises(PermissionError):
        Breach.objects.get().delete()


# ---------------------------------------------------------------- reminders
@pytest.mark.usefixtures("clause_a")
def test_reminders_once_per_clock_and_not_after_notification(
    client, world, clock, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    def _run():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("breach_reminders", stdout=StringIO())

    _declare(client, world)
    breach = Breach.objects.get()
    clock.move(DECLARED + timedelta(hours=10))
    _run()
    assert mail.outbox == []
    clock.move(DECLARED + timedelta(hours=20))  # funder's clock: 4 h left
    _run()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world["users"]["director_a"].email]
    assert "Département de Test" in mail.outbox[0].subject
    _run()
    assert len(mail.outbox) == 1  # once
    client.post(
        reverse("privacy:breach_notify", kwargs={"pk": breach.pk}),
        {"recipient": "cnil", "at": "2025-06-03T05:00", "means": "Téléservice", "reference": "X"},
    )
    assert BreachNotification.objects.count() == 1
    clock.move(DECLARED + timedelta(hours=80))  # CNIL overdue but notified
    _run()
    assert len(mail.outbox) == 1


@pytest.mark.usefixtures("clock")
def test_reminder_goes_to_the_dpo_of_the_controller(
    client, world, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    dpo = UserFactory(role="dpo", organisation=world["orgs"]["operator_a"])
    _declare(client, world)
    with django_capture_on_commit_callbacks(execute=True):
        assert breaches.send_reminders(DECLARED + timedelta(hours=70)) == 1
    assert sorted(mail.outbox[0].to) == sorted([world["users"]["director_a"].email, dpo.email])


# ---------------------------------------------------------------- who read what
@pytest.mark.usefixtures("clock")
def test_window_counts_people_and_readers(client, world):
    y1, y2, y3 = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    start = datetime(2025, 5, 1, tzinfo=PARIS)
    end = datetime(2025, 5, 31, tzinfo=PARIS)
    _log(world, start, "educator_a", y1)  # included
    _log(world, start + timedelta(days=1), "educator_a", y1)
    _log(world, start + timedelta(days=2), "director_a", y2)
    _log(world, end, "educator_a", y3)  # end excluded
    _log(world, start - timedelta(seconds=1), "educator_a", y3)
    _log(world, start + timedelta(days=3), "educator_b", y3, service="b")
    window = breaches.who_read(world["services"]["a"], start, end)
    assert (window.people, window.readers, window.entries) == (2, 2, 3)
    by = {u: (n, e) for u, n, e in window.by_reader}
    assert by[world["users"]["educator_a"].pk] == (1, 2)
    assert breaches.records_read(world["services"]["a"], start, end) == sorted(
        [
            (str(y1), world["users"]["educator_a"].pk, 2),
            (str(y2), world["users"]["director_a"].pk, 1),
        ]
    )
    _declare(client, world, window_start="2025-05-01T00:00", window_end="2025-05-31T00:00")
    breach = Breach.objects.get()
    assert (breach.people_count, breach.readers_count) == (2, 2)
    html = client.get(reverse("privacy:breach_detail", kwargs={"pk": breach.pk})).content.decode()
    assert "2 fiches jeunes" in html


# ---------------------------------------------------------------- the letter
@pytest.mark.usefixtures("clause_a", "clock")
def test_letter_renders_html_and_pdf(client, world):
    _declare(client, world, window_start="2025-05-01T00:00", window_end="2025-05-31T00:00")
    breach = Breach.objects.get()
    url = reverse("privacy:breach_letter", kwargs={"pk": breach.pk})
    html = client.get(url + "?destinataire=funder").content.decode()
    assert "Département de Test" in html
    assert "Ordinateur portable volé" in html
    assert "art. 9" in html
    html = unescape(client.get(url).content.decode())
    assert "Commission nationale de l'informatique et des libertés" in html
    pdf = client.get(url + "?destinataire=funder&format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.usefixtures("clock")
def test_no_funder_letter_without_a_clause(client, world):
    _declare(client, world)
    url = reverse("privacy:breach_letter", kwargs={"pk": Breach.objects.get().pk})
    assert client.get(url + "?destinataire=funder").status_code == 404


# ---------------------------------------------------------------- permissions
@pytest.mark.usefixtures("clock")
def test_who_sees_an_incident(client, world):
    from tests.factories import UserFactory

    _declare(client, world)
    url = reverse("privacy:breach_detail", kwargs={"pk": Breach.objects.get().pk})
    controller_dpo = UserFactory(role="dpo", organisation=world["orgs"]["operator_a"])
    for user, code in [
        (world["users"]["director_a"], 200),
        (world["users"]["platform_admin"], 200),
        (controller_dpo, 200),
        (world["users"]["dpo"], 404),  # the Département's DPO: not the controller's
        (world["users"]["educator_a"], 404),
        (world["users"]["departement_agent"], 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == code, user.role
    client.force_login(world["users"]["educator_a"])
    assert client.get(reverse("privacy:breach_declare")).status_code == 403


@pytest.mark.usefixtures("clause_a", "clock")
def test_the_funder_sees_the_notification_addressed_to_it_not_the_case(client, world):
    _declare(client, world)
    breach = Breach.objects.get()
    client.post(
        reverse("privacy:breach_notify", kwargs={"pk": breach.pk}),
        {"recipient": "funder", "at": "2025-06-02T09:00", "means": "Courriel", "reference": "R-1"},
    )
    notification = BreachNotification.objects.get()
    assert notification.organisation == world["orgs"]["departement"]
    url = reverse("privacy:breach_received")
    client.force_login(world["users"]["departement_agent"])
    html = client.get(url).content.decode()
    assert "R-1" in html
    assert "SPS A" in html
    assert "Ordinateur portable volé" not in html  # the facts stay with the controller
    client.force_login(world["users"]["commune_agent"])
    assert "R-1" not in client.get(url).content.decode()
    detail = reverse("privacy:breach_detail", kwargs={"pk": breach.pk})
    client.force_login(world["users"]["departement_agent"])
    assert client.get(detail).status_code == 404


@pytest.mark.usefixtures("clock")
def test_a_closed_incident_is_kept_and_no_longer_reminded(client, world):
    _declare(client, world)
    breach = Breach.objects.get()
    client.post(reverse("privacy:breach_close", kwargs={"pk": breach.pk}))
    breach.refresh_from_db()
    assert breach.status == "closed"
    assert breaches.send_reminders(DECLARED + timedelta(hours=80)) == 0
    listed = client.get(reverse("privacy:breach_list")).content.decode()
    assert f"Violation n° {breach.pk}" in listed
    client.post(reverse("privacy:breach_close", kwargs={"pk": breach.pk}))
    assert breaches.send_reminders(DECLARED + timedelta(hours=80)) == 1
