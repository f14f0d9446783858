"""Two edits of one youth record from the same stale form: the second is refused, in French,
with what changed in between; the first is kept; what the second person typed is kept in the
form; the values shown are read under the access log, never written to it (issue 9,
point 7)."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from django.urls import reverse

from reperes.core.models import AuditEntry
from reperes.fieldwork.enums import AccessAction, AgeBand, Gender, Intensity, Situation
from reperes.fieldwork.models import (
    AccessLogEntry,
    Accompaniment,
    CollectiveAction,
    Family,
    StreetSession,
    Youth,
)
from reperes.fieldwork.street.forms import count_field_name
from reperes.fieldwork.youths import actions
from tests.fieldwork.factories import (
    AccompanimentFactory,
    CollectiveActionFactory,
    ContactCountFactory,
    FamilyFactory,
    ObservationFactory,
    PartnerFactory,
    PartnershipActionFactory,
    StreetSessionFactory,
    YouthFactory,
)
from tests.stale import STALE, as_loaded, stale_conflicts


@pytest.fixture
def educator(client, world):
    client.force_login(world["users"]["educator_a"])
    return world["users"]["educator_a"]


def _url(name, obj):
    return reverse(f"fieldwork:{name}", kwargs={"pk": obj.public_id})


@pytest.mark.usefixtures("educator")
def test_youth_edit_from_a_stale_form_is_refused(client, world):
    youth = YouthFactory(service=world["services"]["a"], situation=Situation.SCHOOL)
    url = _url("youth_edit", youth)
    page = client.get(url)
    assert client.post(url, as_loaded(page, situation=Situation.TRAINING)).status_code == 302

    response = client.post(url, as_loaded(page, birth_year="2007"))

    assert stale_conflicts(response, "birth_year", "2007") == [
        ("Situation", "En scolarité", "En formation")
    ]
    youth.refresh_from_db()
    assert (youth.situation, youth.birth_year) == (Situation.TRAINING, 2008)
    # The values recorded since were shown: a read, logged with the field names only.
    entry = AccessLogEntry.objects.filter(youth=youth).first()
    assert (entry.action, entry.fields) == (AccessAction.VIEW, ["situation"])


@pytest.mark.usefixtures("educator")
def test_identity_edit_from_a_stale_form_is_refused_and_no_value_is_logged(client, world, caplog):
    youth = YouthFactory(service=world["services"]["a"], with_identity=True)
    url = _url("youth_identity_edit", youth)
    page = client.get(url)
    first = client.post(url, as_loaded(page, phone="07 11 22 33 44"))
    assert first.status_code == 302

    with caplog.at_level(logging.DEBUG):
        response = client.post(url, as_loaded(page, address="5 place du Marché, 26000 Valence"))

    assert stale_conflicts(response, "address", "5 place du Marché, 26000 Valence") == [
        ("Téléphone", "06 12 34 56 78", "07 11 22 33 44")
    ]
    youth.refresh_from_db()
    assert youth.phone == "07 11 22 33 44"
    assert youth.address == "12 rue des Tilleuls, 26000 Valence"
    entry = AccessLogEntry.objects.filter(youth=youth).first()
    assert (entry.action, entry.fields) == (AccessAction.VIEW_IDENTITY, ["phone"])
    values = ("07 11 22 33 44", "06 12 34 56 78", "Dupontel", "Maëlys", "place du Marché")
    for value in values:
        assert value not in caplog.text
        assert not AuditEntry.objects.filter(summary__contains=value).exists()
        assert not AccessLogEntry.objects.filter(fields__icontains=value).exists()


@pytest.mark.usefixtures("educator")
def test_a_youth_edit_is_not_blocked_by_an_identity_recorded_meanwhile(client, world):
    """The pseudonymous form does not show the identity: recording it in between cannot be
    erased by the form, so the edit is saved on the latest version, identity kept."""
    youth = YouthFactory(service=world["services"]["a"], with_identity=True)
    page = client.get(_url("youth_edit", youth))
    identity_page = client.get(_url("youth_identity_edit", youth))
    client.post(_url("youth_identity_edit", youth), as_loaded(identity_page, phone="0711223344"))

    response = client.post(_url("youth_edit", youth), as_loaded(page, situation=Situation.NEET))

    assert response.status_code == 302
    youth.refresh_from_db()
    assert (youth.situation, youth.phone) == (Situation.NEET, "0711223344")


@pytest.mark.usefixtures("educator")
def test_accompaniment_edit_from_a_stale_form_is_refused(client, world):
    accompaniment = AccompanimentFactory(youth__service=world["services"]["a"])
    url = _url("accompaniment_edit", accompaniment)
    page = client.get(url)
    first = client.post(url, as_loaded(page, intensity=Intensity.OCCASIONAL))
    assert first.status_code == 302

    response = client.post(url, as_loaded(page, started_on="2024-03-20"))

    assert STALE in response.content.decode()
    accompaniment.refresh_from_db()
    assert accompaniment.intensity == Intensity.OCCASIONAL
    assert accompaniment.started_on == date(2024, 3, 15)
    form = response.context["form"]
    assert form["started_on"].value() == "2024-03-20"
    assert [c.label for c in form.conflict] == ["Intensité"]
    entry = AccessLogEntry.objects.filter(youth=accompaniment.youth).first()
    assert (entry.action, entry.record, entry.fields) == (
        AccessAction.VIEW,
        "accompaniment",
        ["intensity"],
    )


@pytest.mark.usefixtures("educator")
def test_closing_from_a_stale_form_does_not_overwrite_another_closing(client, world):
    accompaniment = AccompanimentFactory(youth__service=world["services"]["a"])
    url = _url("accompaniment_close", accompaniment)
    page = client.get(url)
    first = client.post(url, as_loaded(page, ended_on="2024-09-30", exit_reason="moved"))
    assert first.status_code == 302

    response = client.post(url, as_loaded(page, ended_on="2024-10-15", exit_reason="lost_contact"))

    assert STALE in response.content.decode()
    accompaniment.refresh_from_db()
    assert (accompaniment.ended_on, accompaniment.exit_reason) == (date(2024, 9, 30), "moved")
    assert response.context["form"]["exit_reason"].value() == "lost_contact"
    assert "Déménagement" in [c.now for c in response.context["form"].conflict]


@pytest.mark.usefixtures("educator")
def test_family_edit_from_a_stale_form_is_refused(client, world):
    family = FamilyFactory(service=world["services"]["a"], code="F-1")
    url = _url("family_edit", family)
    page = client.get(url)
    assert client.post(url, as_loaded(page, engaged_since="2024-02-01")).status_code == 302

    response = client.post(url, as_loaded(page, code="F-2"))

    assert STALE in response.content.decode()
    family.refresh_from_db()
    assert (family.code, family.engaged_since) == ("F-1", date(2024, 2, 1))
    assert response.context["form"]["code"].value() == "F-2"


def test_versions_move_with_every_write(world, educator):
    youth = YouthFactory(service=world["services"]["a"])
    family = FamilyFactory(service=world["services"]["a"])
    assert youth.version == 1
    actions.link_youth(educator, family, youth)
    assert Youth.objects.get(pk=youth.pk).version == 2
    actions.update_family(educator, family, code="F-NEW")
    assert Family.objects.get(pk=family.pk).version == 2
    accompaniment = AccompanimentFactory(youth=youth)
    actions.close_accompaniment(
        educator, accompaniment, ended_on=date(2024, 9, 1), exit_reason="moved"
    )
    assert Accompaniment.objects.get(pk=accompaniment.pk).version == 2


@pytest.mark.usefixtures("educator")
def test_street_session_edit_from_a_stale_form_is_refused(client, world):
    session = StreetSessionFactory(service=world["services"]["a"], duration_minutes=120)
    ContactCountFactory(session=session, gender=Gender.BOY, age_band=AgeBand.FROM_15, count=3)
    url = reverse("fieldwork:session_edit", kwargs={"pk": session.pk})
    page = client.get(url)
    boys = count_field_name(Gender.BOY, AgeBand.FROM_15)
    assert client.post(url, as_loaded(page, **{boys: "5"})).status_code == 302

    response = client.post(url, as_loaded(page, duration="1 h 30"))

    assert STALE in response.content.decode()
    session = StreetSession.objects.get(pk=session.pk)
    assert session.duration_minutes == 120
    assert list(session.contacts.values_list("count", flat=True)) == [5]
    assert response.context["form"]["duration"].value() == "1 h 30"
    assert [(c.before, c.now) for c in response.context["form"].conflict] == [("3", "5")]


@pytest.mark.usefixtures("educator")
def test_collective_action_edit_from_a_stale_form_is_refused(client, world):
    action = CollectiveActionFactory(service=world["services"]["a"], title="Chantier du stade")
    url = reverse("fieldwork:collective_edit", kwargs={"pk": action.public_id})
    page = client.get(url)
    counted = {"comptes-0-gender": "f", "comptes-0-age_band": "15-17", "comptes-0-count": "4"}
    assert client.post(url, as_loaded(page, ("formset",), **counted)).status_code == 302

    response = client.post(url, as_loaded(page, ("formset",), title="Chantier de la piscine"))

    assert STALE in response.content.decode()
    action = CollectiveAction.objects.get(pk=action.pk)
    assert action.title == "Chantier du stade"
    assert list(action.anonymous_participants.values_list("count", flat=True)) == [4]
    assert response.context["form"]["title"].value() == "Chantier de la piscine"
    assert [c.label for c in response.context["form"].conflict] == ["Participants comptés"]


def _refused_second_edit(client, url, first, second):
    page = client.get(url)
    assert client.post(url, as_loaded(page, **first)).status_code == 302
    response = client.post(url, as_loaded(page, **second))
    assert STALE in response.content.decode()
    for name, value in second.items():
        assert response.context["form"][name].value() in (value, [value])
    return response


@pytest.mark.usefixtures("educator")
def test_partner_edit_from_a_stale_form_is_refused(client, world):
    partner = PartnerFactory(service=world["services"]["a"], name="Mission locale")
    url = reverse("fieldwork:partner_edit", kwargs={"pk": partner.pk})
    response = _refused_second_edit(
        client, url, {"contact": "02 00 00 00 00"}, {"name": "Mission locale du Val"}
    )
    partner.refresh_from_db()
    assert (partner.name, partner.contact) == ("Mission locale", "02 00 00 00 00")
    assert [c.field for c in response.context["form"].conflict] == ["contact"]


@pytest.mark.usefixtures("educator")
def test_partnership_action_edit_from_a_stale_form_is_refused(client, world):
    partner = PartnerFactory(service=world["services"]["a"])
    action = PartnershipActionFactory(service=world["services"]["a"], title="Réunion")
    action.partners.add(partner)
    url = reverse("fieldwork:partnership_edit", kwargs={"pk": action.pk})
    _refused_second_edit(client, url, {"hours": "3"}, {"title": "Réunion de synthèse"})
    action.refresh_from_db()
    assert (action.title, action.hours) == ("Réunion", 3)


@pytest.mark.usefixtures("educator")
def test_observation_edit_from_a_stale_form_is_refused(client, world):
    observation = ObservationFactory(service=world["services"]["a"])
    url = reverse("fieldwork:observation_edit", kwargs={"pk": observation.pk})
    _refused_second_edit(
        client, url, {"observed_on": "2024-05-21"}, {"text": "Le local jeunes a rouvert."}
    )
    observation.refresh_from_db()
    assert observation.observed_on == date(2024, 5, 21)
    assert observation.text.startswith("Regroupements en soirée")
