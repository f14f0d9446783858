"""Fiches-actions: the named actions (audit, all-or-nothing), the comité de pilotage's choice
of themes carried over year by year, the agenda of its meeting, and the form's French errors."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reperes.core.models import AuditEntry
from reperes.governance.enums import BodyKind, MeetingStatus
from reperes.territory import actions
from reperes.territory.actions import IndicatorInput
from reperes.territory.models import ThemeSheet
from tests.governance.factories import BodyFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def copil(world):
    convention = world["conventions"]["a"]
    body = BodyFactory(convention=convention, organiser=convention.parties.first())
    return MeetingFactory(body=body)


def _sheet(world, **fields):
    convention = world["conventions"]["a"]
    return actions.save_sheet(
        world["users"]["departement_agent"],
        convention,
        {"theme": "Parentalité", "year": 2024, "priorities": "Cartographier les actions", **fields},
        partners=[world["orgs"]["departement"], world["orgs"]["commune"]],
        actions=["Cartographie des actions"],
        indicators=[IndicatorInput("Familles engagées", "families.engaged")],
    )


def test_save_sheet_writes_sections_links_and_audit(world):
    sheet = _sheet(world, pilot=world["orgs"]["commune"])
    assert sheet.pilot == world["orgs"]["commune"]
    assert [s for h, s in sheet.sections() if h == "Priorités retenues"] == [
        "Cartographier les actions"
    ]
    assert [i.catalogue_label for i in sheet.indicators.all()] == [
        "Familles avec un travail engagé"
    ]
    assert list(sheet.actions.values_list("title", flat=True)) == ["Cartographie des actions"]
    assert AuditEntry.objects.filter(action="territory.sheet.create", object_id=sheet.pk).exists()


def test_unknown_catalogue_code_writes_nothing(world):
    with pytest.raises(ValidationError):
        actions.save_sheet(
            world["users"]["departement_agent"],
            world["conventions"]["a"],
            {"theme": "Logement", "year": 2024},
            indicators=[IndicatorInput("Inconnu", "pas.un.code")],
        )
    assert not ThemeSheet.objects.filter(theme="Logement").exists()


def test_pilot_must_be_a_party(world):
    with pytest.raises(ValidationError, match="n'est pas partie à la convention"):
        _sheet(world, pilot=world["orgs"]["outsider"])
    assert not ThemeSheet.objects.exists()


def test_read_only_member_cannot_write(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.save_sheet(
            world["users"]["educator_a"], world["conventions"]["a"], {"theme": "X", "year": 2024}
        )


def test_decide_themes_carries_over_and_records_the_decision(world, copil):
    old = _sheet(world, year=2023)
    sheets = actions.decide_themes(
        world["users"]["departement_agent"], copil, 2024, ["Parentalité", "Petite enfance"]
    )
    carried, new = sheets
    assert carried.carried_from == old
    assert carried.year == 2024
    assert carried.priorities == old.priorities
    assert [i.catalogue_code for i in carried.indicators.all()] == ["families.engaged"]
    assert [i.label for i in carried.indicators.all()] == ["Familles engagées"]
    assert [a.title for a in carried.actions.all()] == ["Cartographie des actions"]
    assert new.carried_from is None
    assert new.decided_at == copil
    assert old.history() == [old, carried] == carried.history()
    old.refresh_from_db()
    assert old.year == 2023  # the old year is kept as it was
    assert copil.decisions.get().text == (
        "Thèmes de coopération retenus pour 2024 : Parentalité, Petite enfance."
    )
    assert AuditEntry.objects.filter(action="territory.themes.decide").count() == 1


def test_decide_themes_is_all_or_nothing(world, copil):
    _sheet(world, year=2024)
    with pytest.raises(ValidationError, match="existe déjà pour 2024"):
        actions.decide_themes(
            world["users"]["departement_agent"], copil, 2024, ["Santé", "Parentalité"]
        )
    assert not ThemeSheet.objects.filter(theme="Santé").exists()
    assert copil.decisions.count() == 0


def test_only_a_comite_de_pilotage_decides(world):
    convention = world["conventions"]["a"]
    body = BodyFactory(
        convention=convention, organiser=convention.parties.first(), kind=BodyKind.COMITE_TECHNIQUE
    )
    meeting = MeetingFactory(body=body)
    with pytest.raises(ValidationError, match="comité de pilotage"):
        actions.decide_themes(world["users"]["departement_agent"], meeting, 2025, ["Santé"])
    meeting.body.kind = BodyKind.COMITE_PILOTAGE
    meeting.status = MeetingStatus.CANCELLED
    with pytest.raises(ValidationError, match="annulée"):
        actions.decide_themes(world["users"]["departement_agent"], meeting, 2025, ["Santé"])


def test_copil_agenda_lists_the_years_sheets(client, world, copil):
    sheet = _sheet(world, year=copil.day.year)
    _sheet(world, year=copil.day.year - 1, theme="Ancienne")
    client.force_login(world["users"]["commune_agent"])
    page = client.get(reverse("governance:meeting", kwargs={"pk": copil.public_id}))
    html = page.content.decode()
    assert f"Fiches-actions {copil.day.year} à examiner" in html
    assert reverse("territory:sheet", args=[sheet.pk]) in html
    assert "Ancienne" not in html


def test_decide_view_keeps_input_on_error(client, world, copil):
    client.force_login(world["users"]["departement_agent"])
    url = reverse("territory:decide_themes", kwargs={"pk": copil.public_id})
    response = client.post(url, {"year": "1800", "themes": "Santé des jeunes"})
    assert response.status_code == 200
    assert "Santé des jeunes" in response.content.decode()
    assert not ThemeSheet.objects.exists()
    response = client.post(url, {"year": "2026", "themes": "Santé des jeunes\nLogement"})
    assert response.status_code == 302
    assert set(ThemeSheet.objects.values_list("theme", flat=True)) == {
        "Santé des jeunes",
        "Logement",
    }


def test_sheet_form_refuses_unknown_code_in_french(client, world):
    client.force_login(world["users"]["director_a"])
    url = reverse("territory:sheet_create", kwargs={"pk": world["conventions"]["a"].pk})
    response = client.post(
        url,
        {"theme": "Insertion", "year": "2025", "indicators_text": "Jeunes | jeunes.inconnus"},
    )
    assert response.status_code == 200
    assert "n&#x27;est pas un code d&#x27;indicateur de Repères" in response.content.decode()
    assert not ThemeSheet.objects.exists()
    response = client.post(
        url, {"theme": "Insertion", "year": "2025", "indicators_text": "Jeunes | youths.met"}
    )
    assert response.status_code == 302
    assert ThemeSheet.objects.get().indicators.get().catalogue_code == "youths.met"


def test_indicator_links_an_observatory_series_of_the_same_convention(world):
    from reperes.observatory.models import Series

    def series(convention):
        return Series.objects.create(
            convention=convention,
            publisher=world["orgs"]["departement"],
            name=f"Allocataires {convention.pk}",
            definition="Allocataires CAF",
            source="CAF",
            unit="allocataires",
            level="commune",
        )

    own, other = series(world["conventions"]["a"]), series(world["conventions"]["b"])
    with pytest.raises(ValidationError, match="autre convention"):
        actions.save_sheet(
            world["users"]["departement_agent"],
            world["conventions"]["a"],
            {"theme": "Logement", "year": 2024},
            indicators=[IndicatorInput("Allocataires", series=other)],
        )
    assert not ThemeSheet.objects.filter(theme="Logement").exists()
    sheet = actions.save_sheet(
        world["users"]["departement_agent"],
        world["conventions"]["a"],
        {"theme": "Logement", "year": 2024},
        indicators=[IndicatorInput("Allocataires", series=own)],
    )
    assert sheet.indicators.get().series == own
