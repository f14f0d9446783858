"""Each role lands on its work: the educator on « Terrain », the director on this month's
deadlines, reports to write, submissions returned and staff changes awaiting approval, the
funder's agent on what awaits their decision, the DPO on their desk — read through the access
layer (another service's or another funder's work never shows)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from reperes.reporting.models import Submission
from tests.deadlines.factories import ObligationFactory
from tests.governance.factories import BodyFactory, MeetingFactory
from tests.money.factories import InstalmentFactory, PaymentScheduleFactory
from tests.people.factories import ChangeRequestFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 1)  # tests/conftest.py ACCESS_DAY: conventions A and B in force


def _home(client, user):
    client.force_login(user)
    return client.get(reverse("core:home"))


def test_the_educator_lands_on_terrain(client, world):
    response = _home(client, world["users"]["educator_a"])
    assert response.status_code == 302
    assert response["Location"] == reverse("fieldwork:home")


def test_sign_in_leads_the_educator_to_terrain(client, world):
    user = world["users"]["educator_a"]
    user.set_password("mot-de-passe-de-test-1")
    user.save()
    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": "mot-de-passe-de-test-1"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("fieldwork:home")
    assert "Terrain" in response.content.decode()


def test_the_dpo_lands_on_their_desk(client, world):
    response = _home(client, world["users"]["dpo"])
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:desk")


def test_the_director_lands_on_the_month_work(client, world):
    conv_a, conv_b = world["conventions"]["a"], world["conventions"]["b"]
    for convention, title, year, due_on in [
        (conv_a, "Rapport d'activité (2024)", 2024, date(2025, 6, 20)),
        (conv_a, "Bilan lointain", 2025, date(2025, 9, 30)),
        (conv_b, "Rapport du service B", 2024, date(2025, 6, 10)),
    ]:
        ObligationFactory(convention=convention, title=title, year=year, due_on=due_on)
    now = timezone.make_aware(datetime(2025, 5, 20, 10))
    Submission.objects.create(
        service=world["services"]["a"],
        convention=conv_a,
        year=2024,
        status="returned",
        sent_at=now,
        funder_comment="Le nombre de jeunes suivis manque.",
    )
    ChangeRequestFactory(service=world["services"]["a"], title="Septième poste d'éducateur")
    ChangeRequestFactory(service=world["services"]["b"], title="Poste du service B")
    response = _home(client, world["users"]["director_a"])
    assert response.status_code == 200
    html = response.content.decode()
    work = response.context["work"]
    assert [o.title for o, _ in work["deadlines"]] == ["Rapport d'activité (2024)"]
    assert "Échéances jusqu'au 30 juin" in html
    assert "20 juin 2025 (dans 19 jours)" in html
    assert "Rapport du service B" not in html
    assert "Bilan lointain" not in html
    assert [s.year for s in work["returned"]] == [2024]
    assert "Le nombre de jeunes suivis manque." in html
    assert [r.title for r in work["pending_changes"]] == ["Septième poste d'éducateur"]
    assert "Poste du service B" not in html
    # The conventions follow.
    assert "Convention A" in html


def test_the_funder_lands_on_what_awaits_their_decision(client, world):
    conv_a = world["conventions"]["a"]
    now = timezone.make_aware(datetime(2025, 5, 20, 10))
    Submission.objects.create(
        service=world["services"]["a"], convention=conv_a, year=2024, status="sent", sent_at=now
    )
    Submission.objects.create(service=world["services"]["a"], convention=conv_a, year=2023)
    departement = world["orgs"]["departement"]
    payer = conv_a.parties.get(organisation=departement)
    payee = conv_a.parties.get(role="operator")
    schedule = PaymentScheduleFactory(convention=conv_a, payer=payer, payee=payee)
    InstalmentFactory(
        schedule=schedule,
        year=2025,
        label="Dotation mensuelle de juin 2025",
        due_on=date(2025, 6, 1),
        amount=Decimal("1000.00"),
    )
    InstalmentFactory(
        schedule=schedule,
        year=2025,
        slot="M12",
        label="Dotation mensuelle de décembre 2025",
        due_on=date(2025, 12, 1),
    )
    body = BodyFactory(convention=conv_a, name="Comité de pilotage A")
    MeetingFactory(body=body, starts_at=timezone.make_aware(datetime(2025, 6, 12, 14)))
    response = _home(client, world["users"]["departement_agent"])
    assert response.status_code == 200
    html = response.content.decode()
    work = response.context["work"]
    assert [s.year for s in work["to_validate"]] == [2024]
    assert [i.label for i, _ in work["payments"]] == ["Dotation mensuelle de juin 2025"]
    assert "1er juin 2025 (aujourd&#x27;hui)" in html
    assert [m.body.name for m in work["meetings"]] == ["Comité de pilotage A"]
    assert "jeudi 12 juin 2025 (dans 11 jours)" in html
    # Conventions A and B end on 31 December 2025, within the nine months looked at.
    assert {row.convention.title for row, _ in work["ending"]} == {"Convention A", "Convention B"}
    # The commune pays nothing in this schedule and sees none of the Département's payments.
    response = _home(client, world["users"]["commune_agent"])
    assert response.context["work"]["payments"] == []
    # An agent of a funder of no convention sees nothing to do.
    outsider = _home(client, world["users"]["outsider"]).context["work"]
    assert not outsider["to_validate"]
    assert not outsider["meetings"]
    assert not outsider["ending"]
