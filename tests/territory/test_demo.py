"""The demo: the Metz fiches-actions with their indicators, listed on the comité de pilotage's
agenda; the Montélimar diagnostic in two versions that compare, its yearly update a deadline;
the demo's subsidies export valid against the SCDL schema."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reperes.accounts.models import User
from reperes.deadlines.enums import ObligationKind
from reperes.deadlines.models import Obligation
from reperes.demo.seeds import seed_003, seed_004
from reperes.governance.enums import BodyKind
from reperes.governance.models import Meeting
from reperes.partners.models import Organisation
from reperes.territory import scdl
from reperes.territory.models import Diagnostic, ThemeSheet

pytestmark = pytest.mark.django_db


def test_metz_sheets_and_the_copil_agenda(client, demo):
    sheets = ThemeSheet.objects.filter(convention__short_title=seed_003.CONVENTION.short_title)
    originals = sheets.filter(year=2009)
    assert originals.count() == 7
    parentalite = originals.get(theme="Parentalité")
    assert parentalite.years_text == "2009-2010"
    assert "Créer un référentiel commun" in parentalite.objectives
    assert "secret statistique" in parentalite.regulatory_notes
    assert [i.label for i in parentalite.indicators.all()] == [
        "nombre de familles bénéficiaires de projets",
        "évaluation des projets associatifs développés au titre de cette thématique",
        "données exploitées dans le cadre de la mise en œuvre du dispositif de réussite éducative",
    ]
    copil = (
        Meeting.objects.filter(
            body__convention=parentalite.convention,
            body__kind=BodyKind.COMITE_PILOTAGE,
            status="held",
        )
        .order_by("starts_at")
        .first()
    )
    carried = sheets.get(theme="Parentalité", year=copil.day.year)
    assert carried.carried_from == parentalite
    assert carried.decided_at == copil
    client.force_login(User.objects.get(email="agent.caf-moselle@demo.reperes.example"))
    html = client.get(reverse("governance:meeting", kwargs={"pk": copil.public_id})).content
    assert reverse("territory:sheet", args=[carried.pk]).encode() in html
    assert b"Petite Enfance" in html


def test_montelimar_diagnostic_versions_compare_and_deadline(client, demo):
    diagnostic = Diagnostic.objects.get(service__name=seed_004.SERVICE)
    first, second = diagnostic.versions.order_by("number")
    assert (first.year, second.year) == (2024, 2025)
    assert first.validated_on is not None
    assert second.validated_on is None
    client.force_login(User.objects.get(email="agent.montelimar@demo.reperes.example"))
    page = client.get(reverse("territory:compare", kwargs={"pk": diagnostic.pk}))
    changed = {s.heading for s in page.context["sections"] if s.changed}
    assert "Difficultés et besoins identifiés" in changed
    assert any(c.changed for c in page.context["portrait"])
    due = Obligation.objects.filter(
        convention__service=diagnostic.service, kind=ObligationKind.DIAGNOSTIC
    )
    assert due.filter(year=2024).exists()


def test_demo_subsidies_export_validates(demo):
    rows = scdl.subsidies_of(Organisation.objects.get(name="Département de la Drôme"))
    published = [r for r in rows if r.publishable]
    assert published
    assert all(r.values["montant"] == "245000.00" for r in published)
    assert scdl.validate_csv(scdl.to_csv(rows)) == []
