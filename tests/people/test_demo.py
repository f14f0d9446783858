"""Demo data of the personnel app: the seeds' staffing tables, a synthetic register, idempotent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from reperes.accounts.models import User
from reperes.demo.build import people as demo
from reperes.demo.loader import load_demo
from reperes.demo.seeds import seed_000, seed_001, seed_004
from reperes.partners.models import Service
from reperes.people import rules, terms
from reperes.people.models import ChangeRequest, FinancialDocument, StaffingLine, StaffMember


def _counts():
    return [
        StaffingLine.objects.count(),
        StaffMember.objects.count(),
        ChangeRequest.objects.count(),
        FinancialDocument.objects.count(),
    ]


@pytest.fixture
def loaded(db):
    load_demo()
    demo.load()


def _table(name, year):
    return {
        line.category: line.planned_fte
        for line in StaffingLine.objects.filter(service__name=name, year=year)
    }


@pytest.mark.usefixtures("loaded")
def test_seed_tables_and_synthetic_register():
    # Seed 001, « Composition des équipes de prévention spécialisée », SPS Arras.
    assert _table(seed_001.SPS_ARRAS, 2022) == {
        "direction": Decimal("1"),
        "social_worker": Decimal("3.83"),
        "administrative": Decimal("0.5"),
    }
    assert _table(seed_001.SPS_ETAPLES, 2022)["maintenance"] == Decimal("0.33")
    assert StaffingLine.objects.filter(year=2022).values("service").distinct().count() == 8
    # Seed 000 art. 5: 1 directeur, 1 administratif, 8 éducateurs spécialisés.
    for year in (2023, 2024, 2025):
        assert _table(seed_000.SERVICE, year) == {
            "direction": Decimal("1"),
            "administrative": Decimal("1"),
            "social_worker": Decimal("8"),
        }
        # Seed 004 art. 6: 6 posts financed.
        assert _table(seed_004.SERVICE, year) == {"social_worker": Decimal("6")}

    # The synthetic register: invented names, moves during 2024, one person without diploma.
    names = list(StaffMember.objects.values_list("display_name", flat=True))
    assert names
    assert all("Exemple" in name for name in names)
    montelimar = Service.objects.get(name=seed_004.SERVICE)
    records = [m.record() for m in StaffMember.objects.filter(service=montelimar)]
    assert any(r.departure and r.departure.year == 2024 for r in records)
    assert any(r.arrival.year == 2024 for r in records)
    assert rules.real_presence(records, 2024) < rules.planned_presence(Decimal("6"), 2024)
    # The VAE rule is the qualification clause of Montélimar's convention (seed 004 art. 5).
    (qualification,) = terms.qualification_rules(montelimar, 2024)
    assert qualification.source.endswith(", art. 5")
    assert "qualifi" in qualification.text
    without = [
        r
        for r in records
        if rules.vae_status(
            r, None, date(2024, 6, 1), delay=qualification.delay, category=qualification.category
        )
    ]
    assert len(without) == 1
    assert ChangeRequest.objects.filter(status="pending").count() == 1
    assert ChangeRequest.objects.exclude(status="pending").count() == 1


@pytest.mark.usefixtures("loaded")
def test_loading_twice_changes_nothing_and_the_page_renders(client):
    before = _counts()
    lines = list(StaffingLine.objects.values_list("pk", "updated_at"))
    demo.load()
    assert _counts() == before
    assert list(StaffingLine.objects.values_list("pk", "updated_at")) == lines

    director = User.objects.get(email="direction.longwy@demo.reperes.example")
    client.force_login(director)
    service = Service.objects.get(name=seed_000.SERVICE)
    response = client.get(reverse("people:service", kwargs={"pk": service.pk}) + "?annee=2024")
    html = response.content.decode()
    assert response.status_code == 200
    # Seed 000 has no prior-approval clause: Longwy has no request, and is told why.
    assert "ne soumet d'engagement à un accord écrit préalable" in html
    agent = User.objects.get(email="agent.pas-de-calais@demo.reperes.example")
    client.force_login(agent)
    arras = Service.objects.get(name=seed_001.SPS_ARRAS)
    html = client.get(
        reverse("people:service", kwargs={"pk": arras.pk}) + "?annee=2025"
    ).content.decode()
    assert "Emprunt pour l&#x27;aménagement du local d&#x27;accueil" in html
    assert "art. 8.2" in html
