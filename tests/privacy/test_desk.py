"""The DPO's desk: the incidents of the reader's controller with their clocks, the register's
summary, the last verification of the logs, and no record's content."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from reperes.privacy.models import Breach
from tests.factories import UserFactory
from tests.fieldwork.factories import YouthFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
DECLARED = datetime(2025, 6, 2, 9, 0, tzinfo=PARIS)


@pytest.fixture
def now(monkeypatch):
    monkeypatch.setattr("reperes.privacy.breaches.now", lambda: DECLARED)


def _breach(world, key):
    service = world["services"][key]
    return Breach.objects.create(
        service=service,
        controller=service.operator,
        declared_at=DECLARED,
        discovered_at=DECLARED,
        facts=f"Faits confidentiels {key}",
        data_categories="Pseudonymes",
        people_categories="Jeunes",
    )


def _page(client, user):
    client.force_login(user)
    response = client.get(reverse("privacy:desk"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.usefixtures("now")
def test_the_dpo_sees_its_controllers_open_incident_with_its_deadline(client, world):
    mine, other = _breach(world, "a"), _breach(world, "b")
    dpo = UserFactory(role="dpo", organisation=world["orgs"]["operator_a"])
    html = _page(client, dpo)
    assert reverse("privacy:breach_detail", args=[mine.pk]) in html
    assert "5 juin 2025 à 09:00" in html  # CNIL: 72 h after the declaration
    assert "reste 72 h 00 min" in html
    assert reverse("privacy:breach_detail", args=[other.pk]) not in html
    assert "Faits confidentiels" not in html


def test_the_last_verification_of_the_logs_appears(client, world):
    html = _page(client, world["users"]["platform_admin"])
    assert "jamais vérifiés" in html
    call_command("verify_logs")
    html = _page(client, world["users"]["platform_admin"])
    assert "jamais vérifiés" not in html
    assert "Dernière vérification le" in html
    assert "journaux intègres" in html
    assert "manage.py verify_logs" in html


@pytest.mark.usefixtures("now")
def test_no_youth_appears(client, world):
    youth = YouthFactory(service=world["services"]["a"], pseudonym="J-SECRET", with_identity=True)
    _breach(world, "a")
    html = _page(client, world["users"]["director_a"])
    assert "Registre des traitements" in html
    for value in ("J-SECRET", "Dupontel", "Maëlys", str(youth.public_id)):
        assert value not in html


def test_the_nav_points_to_the_desk(client, world):
    html = _page(client, world["users"]["dpo"])
    assert f'href="{reverse("privacy:desk")}" aria-current="page">Données personnelles' in html


@pytest.mark.usefixtures("now")
def test_the_desk_shows_requests_retention_and_destructions_without_case_content(
    client, world, access_day
):
    """The three panels the DPO answers for, as counts and deadlines: the requester, the youth,
    the hold's reason never appear."""
    from datetime import date

    from reperes.privacy import rights
    from reperes.privacy.models import Destruction, LegalHold

    service = world["services"]["a"]
    access_day.move(date(2025, 6, 2))
    youth = YouthFactory(service=service, pseudonym="J-DESK", first_met_on=date(2023, 6, 10))
    held = YouthFactory(service=service, pseudonym="J-HELD", first_met_on=date(2023, 6, 10))
    LegalHold.objects.create(service=service, youth=held, reason="Réquisition judiciaire n° 42")
    request = rights.record(
        world["users"]["director_a"],
        service,
        {
            "kind": "access",
            "requester_kind": "youth",
            "requester_name": "Demandeur Confidentiel",
            "identified_by": "Pièce d'identité",
            "received_on": date(2025, 5, 20),
            "youth": youth,
        },
    )
    destruction = Destruction.objects.create(
        convention=world["conventions"]["a"],
        service=service,
        ended_on=date(2025, 5, 31),
        mode="destroy",
        requested_on=date(2025, 6, 1),
    )
    dpo = UserFactory(role="dpo", organisation=service.operator)
    html = _page(client, dpo)
    assert reverse("privacy:rights_detail", args=[request.public_id]) in html
    assert "20 juin 2025" in html  # one month after receipt
    assert reverse("privacy:destruction_detail", args=[destruction.pk]) in html
    row = html[html.index("bureau-conservation") :]
    row = row[row.index(service.name) :]
    # 2 years after 10 June 2023, J-DESK goes on 11 June 2025, within 30 days; J-HELD is held.
    assert "<td>1</td>\n        <td>1</td>" in row
    for value in ("J-DESK", "J-HELD", "Demandeur Confidentiel", "Réquisition judiciaire"):
        assert value not in html
