"""The service's partner directory, partnership actions and observations of the territory
(seed 001 référentiel « Une dynamique de relais » and « Observation »; art. 5: only general
information is shared)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from reperes.core.models import AuditEntry
from reperes.fieldwork.enums import ObservationTopic, PartnerKind
from reperes.fieldwork.models import Observation, Partner, PartnershipAction
from reperes.fieldwork.partners.forms import GENERAL_TERMS
from tests.fieldwork.factories import (
    ObservationFactory,
    PartnerFactory,
    PartnershipActionFactory,
    YouthFactory,
)

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- partners
def test_adding_a_partner_to_the_directory(client, field):
    client.force_login(field["users"]["educator_a"])
    response = client.post(
        reverse("fieldwork:partner_create"),
        {
            "name": "Mission locale du Val",
            "kind": PartnerKind.MISSION_LOCALE,
            "commune": str(field["commune"].pk),
            "contact": "Accueil : 03 00 00 00 00",
        },
    )
    assert response.status_code == 302
    partner = Partner.objects.get()
    assert (partner.service, partner.commune) == (field["service"], field["commune"])
    assert AuditEntry.objects.filter(action="fieldwork.partner.create").count() == 1
    listing = client.get(reverse("fieldwork:partner_list")).content.decode()
    assert "Mission locale du Val" in listing


def test_a_partner_name_is_unique_in_the_service(client, field):
    PartnerFactory(service=field["service"], name="Collège Jean Moulin")
    PartnerFactory(service=field["services"]["b"], name="Collège Lucie Aubrac")
    client.force_login(field["users"]["educator_a"])
    url = reverse("fieldwork:partner_create")
    response = client.post(url, {"name": "collège jean moulin", "kind": PartnerKind.SCHOOL})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "Ce partenaire figure déjà dans l'annuaire du service."
    ]
    assert response.context["form"]["name"].value() == "collège jean moulin"
    # Another service's partner of the same name is no obstacle.
    data = {"name": "Collège Lucie Aubrac", "kind": PartnerKind.SCHOOL}
    assert client.post(url, data).status_code == 302
    assert Partner.objects.filter(service=field["service"]).count() == 2


def test_editing_a_partner_keeps_its_own_name(client, field):
    partner = PartnerFactory(service=field["service"], name="PJJ Nord")
    client.force_login(field["users"]["director_a"])
    url = reverse("fieldwork:partner_edit", kwargs={"pk": partner.pk})
    data = {"name": "PJJ Nord", "kind": PartnerKind.PJJ, "contact": "standard"}
    assert client.post(url, data).status_code == 302
    partner.refresh_from_db()
    assert (partner.kind, partner.contact) == (PartnerKind.PJJ, "standard")
    client.force_login(field["users"]["educator_b"])
    assert client.post(url, {**data, "contact": "autre"}).status_code == 404
    partner.refresh_from_db()
    assert partner.contact == "standard"


def test_a_partnership_action_needs_partners_of_the_service(client, field):
    mine = PartnerFactory(service=field["service"])
    theirs = PartnerFactory(service=field["services"]["b"])
    client.force_login(field["users"]["educator_a"])
    url = reverse("fieldwork:partnership_create")
    data = {"date": "2025-04-03", "title": "Cellule de veille éducative", "hours": "1,5"}
    response = client.post(url, data)
    assert response.context["form"].errors["partners"] == [
        "Choisissez au moins un partenaire de l'annuaire."
    ]
    response = client.post(url, {**data, "partners": [theirs.pk]})
    assert "partners" in response.context["form"].errors
    assert not PartnershipAction.objects.exists()
    assert client.post(url, {**data, "partners": [mine.pk]}).status_code == 302
    action = PartnershipAction.objects.get()
    assert (action.hours, list(action.partners.all())) == (Decimal("1.5"), [mine])


def test_editing_a_partnership_action(client, field):
    partner = PartnerFactory(service=field["service"])
    action = PartnershipActionFactory(service=field["service"])
    action.partners.add(partner)
    url = reverse("fieldwork:partnership_edit", kwargs={"pk": action.pk})
    client.force_login(field["users"]["educator_a"])
    response = client.get(url)
    assert response.context["form"]["partners"].value() == [partner.pk]
    data = {"date": "2024-06-04", "title": "Relais vers le droit commun", "partners": [partner.pk]}
    assert client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert (action.title, action.hours) == ("Relais vers le droit commun", None)


def test_partner_api_for_the_service_only(client, field):
    partner = PartnerFactory(service=field["service"])
    PartnerFactory(service=field["services"]["b"])
    action = PartnershipActionFactory(service=field["service"])
    action.partners.add(partner)
    client.force_login(field["users"]["educator_a"])
    assert [p["id"] for p in client.get(reverse("api:field-partner-list")).json()["results"]] == [
        partner.pk
    ]
    actions = client.get(reverse("api:partnership-action-list")).json()["results"]
    assert actions[0]["partners"] == [partner.pk]
    client.force_login(field["users"]["outsider"])
    assert client.get(reverse("api:field-partner-list")).status_code == 404


# ---------------------------------------------------------------- observations
def _observation(field, **extra):
    data = {
        "observed_on": timezone.localdate().isoformat(),
        "topic": ObservationTopic.INFRASTRUCTURE,
        "where": f"q:{field['centre'].pk}",
        "text": "Plus aucun lieu couvert pour les 15-17 ans depuis la fermeture du local.",
        "shareable": "on",
    }
    data.update(extra)
    return data


def test_the_form_reminds_to_write_in_general_terms(client, field):
    client.force_login(field["users"]["educator_a"])
    response = client.get(reverse("fieldwork:observation_create"))
    html = response.content.decode()
    assert GENERAL_TERMS in html
    assert (
        "Rédigez en termes généraux : ni nom, ni détail permettant de reconnaître une personne"
        in html
    )
    assert response.context["form"]["where"].value() == f"q:{field['haut'].pk}"


def test_recording_an_observation(client, field):
    client.force_login(field["users"]["educator_a"])
    assert (
        client.post(reverse("fieldwork:observation_create"), _observation(field)).status_code == 302
    )
    observation = Observation.objects.get()
    assert observation.service == field["service"]
    assert (observation.commune, observation.quartier) == (field["commune"], field["centre"])
    assert observation.recorded_by == field["users"]["educator_a"]
    assert observation.shareable
    assert AuditEntry.objects.filter(action="fieldwork.observation.create").count() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Le grand frère répond au 06 12 34 56 78 le soir.", "Retirez le numéro de téléphone"),
        ("Contact : quelquun@exemple.test pour le groupe.", "Retirez l'adresse électronique"),
        ("J-7K3QXA traîne seul le soir.", "Retirez le pseudonyme du jeune"),
        ("Vu j-t-perso avec le groupe du bas.", "Retirez le pseudonyme du jeune"),
    ],
)
def test_what_points_at_a_person_is_refused(client, field, text, message):
    YouthFactory(service=field["service"], pseudonym="J-T-PERSO")
    client.force_login(field["users"]["educator_a"])
    response = client.post(reverse("fieldwork:observation_create"), _observation(field, text=text))
    assert response.status_code == 200
    assert message in response.context["form"].errors["text"][0]
    assert response.context["form"]["text"].value() == text
    assert not Observation.objects.exists()


def test_a_pseudonym_of_another_service_is_not_searched(client, field):
    YouthFactory(service=field["services"]["b"], pseudonym="Roméo")
    client.force_login(field["users"]["educator_a"])
    text = "Le parc Roméo est fermé le soir depuis les travaux."
    response = client.post(reverse("fieldwork:observation_create"), _observation(field, text=text))
    assert response.status_code == 302


def test_an_observation_cannot_be_dated_in_the_future(client, field):
    client.force_login(field["users"]["educator_a"])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("fieldwork:observation_create"), _observation(field, observed_on=tomorrow)
    )
    assert response.context["form"].errors["observed_on"] == [
        "La date ne peut pas être dans le futur."
    ]
    assert not Observation.objects.exists()


def test_editing_an_observation_and_filtering_the_list(client, field):
    observation = ObservationFactory(service=field["service"], topic=ObservationTopic.GATHERINGS)
    ObservationFactory(service=field["service"], topic=ObservationTopic.NEEDS, text="Besoins.")
    ObservationFactory(service=field["services"]["b"], topic=ObservationTopic.GATHERINGS)
    client.force_login(field["users"]["director_a"])
    url = reverse("fieldwork:observation_edit", kwargs={"pk": observation.pk})
    assert client.get(url).context["form"]["where"].value() == ""
    data = _observation(field, where=f"c:{field['commune'].pk}", shareable="")
    data["topic"] = ObservationTopic.GATHERINGS
    assert client.post(url, data).status_code == 302
    observation.refresh_from_db()
    assert (observation.commune, observation.quartier) == (field["commune"], None)
    assert not observation.shareable
    listing = client.get(reverse("fieldwork:observation_list") + "?theme=gatherings")
    assert [o.pk for o in listing.context["observations"]] == [observation.pk]
    everything = client.get(reverse("fieldwork:observation_list") + "?theme=")
    assert everything.context["page"].paginator.count == 2
    # An unknown theme is a French 400 (reperes/core/params.py), not a silent « everything ».
    assert client.get(reverse("fieldwork:observation_list") + "?theme=inconnu").status_code == 400


def test_observation_api_for_the_service_only(client, field):
    mine = ObservationFactory(service=field["service"])
    ObservationFactory(service=field["services"]["b"])
    client.force_login(field["users"]["director_a"])
    results = client.get(reverse("api:observation-list")).json()["results"]
    assert [o["id"] for o in results] == [mine.pk]
    client.force_login(field["users"]["educator_b"])
    detail = reverse("api:observation-detail", kwargs={"pk": mine.pk})
    assert client.get(detail).status_code == 404
    client.force_login(field["users"]["dpo"])
    assert client.get(reverse("api:observation-list")).status_code == 404


def test_the_partnership_action_refuses_partners_of_another_service(field):
    from django.core.exceptions import ValidationError

    from reperes.fieldwork.partners.actions import save_partnership_action

    theirs = PartnerFactory(service=field["services"]["b"])
    with pytest.raises(ValidationError, match="annuaire du service"):
        save_partnership_action(
            field["users"]["educator_a"],
            field["service"],
            date=timezone.localdate(),
            title="Réunion",
            partners=[theirs],
        )
    assert not PartnershipAction.objects.exists()
