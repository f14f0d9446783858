"""The local diagnostic: versions freeze a portrait under secrecy and the team's shareable
observations; the commune and the service write it, a funder validates it at a held meeting of
the comité de suivi; two versions compare."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from reperes.core.models import AuditEntry
from reperes.governance.enums import BodyKind, MeetingStatus
from reperes.reporting.indicators import Figures
from reperes.territory import actions, portrait
from reperes.territory.models import Diagnostic, DiagnosticVersion
from tests.factories import CommuneFactory
from tests.governance.factories import BodyFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def diagnostic(world):
    commune = CommuneFactory()
    world["orgs"]["commune"].commune = commune
    world["orgs"]["commune"].save()
    return Diagnostic.objects.create(service=world["services"]["a"], commune=commune)


@pytest.fixture
def figures(monkeypatch):
    """The indicator engine's answer for the portrait (read only: its own tests are elsewhere)."""
    values = {"youths.met": 40, "youths.accompanied": 3, "accompaniments": 3}

    def fake_compute(scope, period):
        assert scope.commune_id is not None
        assert period.start.year == period.end.year
        return Figures(scope, period, dict(values), {}, {}, (), {})

    monkeypatch.setattr(portrait, "compute", fake_compute)
    return values


@pytest.mark.usefixtures("figures")
def test_portrait_withholds_people_under_the_threshold(world, diagnostic):
    version = actions.write_diagnostic_version(
        world["users"]["director_a"], diagnostic, 2024, {"needs": "Décrochage scolaire"}
    )
    values = {row["code"]: row["value"] for row in version.portrait}
    assert values["youths.met"] == 40
    assert values["youths.accompanied"] == "s"  # 3 people < 5
    assert values["accompaniments"] == 3  # a count of actions, no person behind it
    assert version.number == 1
    assert version.needs == "Décrochage scolaire"
    assert AuditEntry.objects.filter(action="territory.diagnostic.version").count() == 1


@pytest.mark.usefixtures("figures")
def test_observations_are_the_shareable_ones_of_the_year_and_commune(world, diagnostic):
    from reperes.fieldwork.models import Observation

    def observed(on, topic, text, **extra):
        """An observation of service A in the diagnostic's commune."""
        return Observation.objects.create(
            service=world["services"]["a"],
            commune=diagnostic.commune,
            observed_on=on,
            topic=topic,
            text=text,
            **extra,
        )

    kept = observed(date(2024, 3, 1), "needs", "Besoin d'un lieu d'accueil le soir")
    observed(date(2024, 3, 2), "risks", "Non partageable", shareable=False)
    observed(date(2023, 3, 2), "needs", "Autre année")
    version = actions.write_diagnostic_version(
        world["users"]["commune_agent"], diagnostic, 2024, {}
    )
    assert [o["text"] for o in version.observations] == [kept.text]


@pytest.mark.usefixtures("figures")
def test_who_writes(world, diagnostic):
    for persona in ("educator_a", "departement_agent"):
        with pytest.raises(PermissionDenied):
            actions.write_diagnostic_version(world["users"][persona], diagnostic, 2024, {})
    assert not DiagnosticVersion.objects.exists()


def _suivi_meeting(world, **kwargs):
    convention = world["conventions"]["a"]
    body = BodyFactory(
        convention=convention,
        organiser=convention.parties.first(),
        kind=kwargs.pop("kind", BodyKind.COMITE_SUIVI_LOCAL),
    )
    return MeetingFactory(
        body=body,
        starts_at=timezone.make_aware(timezone.datetime(2025, 1, 16, 10)),
        status=kwargs.pop("status", MeetingStatus.HELD),
    )


@pytest.mark.usefixtures("figures")
def test_validation_at_a_held_comite_de_suivi(world, diagnostic):
    version = actions.write_diagnostic_version(world["users"]["director_a"], diagnostic, 2024, {})
    planned = _suivi_meeting(world, status=MeetingStatus.PLANNED)
    copil = _suivi_meeting(world, kind=BodyKind.COMITE_PILOTAGE)
    for meeting in (planned, copil):
        with pytest.raises(ValidationError):
            actions.validate_diagnostic_version(
                world["users"]["departement_agent"], version, meeting
            )
    with pytest.raises(PermissionDenied):
        actions.validate_diagnostic_version(world["users"]["director_a"], version, planned)
    held = _suivi_meeting(world)
    actions.validate_diagnostic_version(world["users"]["departement_agent"], version, held)
    version.refresh_from_db()
    assert version.validated_on == date(2025, 1, 16)
    assert version.validated_at == held
    assert AuditEntry.objects.filter(action="territory.diagnostic.validate").count() == 1


def test_compare_shows_what_changed(client, world, diagnostic, figures):
    user = world["users"]["director_a"]
    actions.write_diagnostic_version(
        user, diagnostic, 2024, {"needs": "Décrochage scolaire\nRegroupements tardifs"}
    )
    figures["youths.met"] = 55
    actions.write_diagnostic_version(
        user, diagnostic, 2025, {"needs": "Décrochage scolaire\nInsertion des 18-21 ans"}
    )
    client.force_login(world["users"]["commune_agent"])
    page = client.get(reverse("territory:compare", kwargs={"pk": diagnostic.pk}))
    sections = {s.heading: s for s in page.context["sections"]}
    needs = sections["Difficultés et besoins identifiés"]
    assert needs.removed == ("Regroupements tardifs",)
    assert needs.added == ("Insertion des 18-21 ans",)
    assert not sections["Priorités"].changed
    changes = {c.label: c for c in page.context["portrait"]}
    assert (changes["Jeunes rencontrés"].before, changes["Jeunes rencontrés"].after) == (40, 55)
    assert not changes["Accompagnements"].changed
    html = page.content.decode()
    assert "<ins>Insertion des 18-21 ans</ins>" in html
    missing = client.get(
        reverse("territory:compare", kwargs={"pk": diagnostic.pk}), {"de": 9, "a": 1}
    )
    assert "Choisissez deux versions existantes" in missing.content.decode()


@pytest.mark.usefixtures("figures")
def test_version_form_prefills_the_previous_version(client, world, diagnostic):
    actions.write_diagnostic_version(
        world["users"]["director_a"], diagnostic, 2024, {"priorities": "Sorties de collège"}
    )
    client.force_login(world["users"]["commune_agent"])
    url = reverse("territory:version_create", kwargs={"pk": diagnostic.pk})
    assert "Sorties de collège" in client.get(url).content.decode()
    response = client.post(url, {"year": "3000", "priorities": "Nouvelle priorité"})
    assert response.status_code == 200
    assert "Nouvelle priorité" in response.content.decode()
    assert diagnostic.versions.count() == 1
    response = client.post(url, {"year": "2025", "priorities": "Nouvelle priorité"})
    assert response.status_code == 302
    assert diagnostic.versions.get(number=2).priorities == "Nouvelle priorité"
