"""Collective actions (seed 000 annex 1: title, period, participants by age band and
geography): known youths join by pseudonym and each join or leave is in the youth's access
log; the others are counted; the API gives counts, never a youth's identifier."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from reperes.core.models import AuditEntry
from reperes.fieldwork.enums import AccessAction, AgeBand, CollectiveCategory, Gender
from reperes.fieldwork.models import AccessLogEntry, CollectiveAction, ParticipantCount
from tests.fieldwork.factories import (
    CollectiveActionFactory,
    ParticipantCountFactory,
    PartnerFactory,
    YouthFactory,
)

pytestmark = pytest.mark.django_db


def _data(**extra):
    data = {
        "title": "Chantier peinture du city-stade",
        "category": CollectiveCategory.LEISURE_WORKSITE,
        "started_on": "2025-07-07",
        "ended_on": "2025-07-11",
        "families_count": "3",
        "funding": "Appel à projets politique de la ville",
        "amount": "1 250,50",
        "comptes-TOTAL_FORMS": "3",
        "comptes-INITIAL_FORMS": "0",
        "comptes-MIN_NUM_FORMS": "0",
        "comptes-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


def _logs(youth):
    return list(
        AccessLogEntry.objects.filter(youth=youth).values_list("action", "record", "record_id")
    )


def test_creating_an_action_logs_each_known_youth(client, field):
    service = field["service"]
    anna, bilal = YouthFactory(service=service), YouthFactory(service=service, boy=True)
    partner = PartnerFactory(service=service)
    client.force_login(field["users"]["educator_a"])
    response = client.post(
        reverse("fieldwork:collective_create"),
        _data(
            participants=[anna.pk, bilal.pk],
            partners=[partner.pk],
            **{
                "comptes-0-gender": Gender.GIRL,
                "comptes-0-age_band": AgeBand.FROM_11,
                "comptes-0-quartier": str(field["centre"].pk),
                "comptes-0-count": "5",
                "comptes-1-gender": Gender.GIRL,
                "comptes-1-age_band": AgeBand.FROM_11,
                "comptes-1-quartier": str(field["centre"].pk),
                "comptes-1-count": "2",
                "comptes-2-count": "",
            },
        ),
    )
    assert response.status_code == 302
    action = CollectiveAction.objects.get()
    assert response["Location"] == reverse(
        "fieldwork:collective_detail", kwargs={"pk": action.public_id}
    )
    assert action.service == service
    assert action.amount == Decimal("1250.50")
    assert set(action.participants.all()) == {anna, bilal}
    assert list(action.partners.all()) == [partner]
    # The same gender × age band × quartier typed twice is added up.
    assert list(
        action.anonymous_participants.values_list("gender", "age_band", "quartier", "count")
    ) == [(Gender.GIRL, AgeBand.FROM_11, field["centre"].pk, 7)]
    for youth in (anna, bilal):
        assert _logs(youth) == [(AccessAction.CHANGE, "collective_action", str(action.public_id))]
    audit = AuditEntry.objects.get(action="fieldwork.collective.create")
    assert "2 jeune(s) connu(s), 7 participant(s) compté(s)" in audit.summary
    assert anna.pseudonym not in audit.summary


def test_editing_logs_who_joins_and_who_leaves_only(client, field):
    service = field["service"]
    stays, leaves, joins = (YouthFactory(service=service) for _ in range(3))
    action = CollectiveActionFactory(service=service, participants=[stays, leaves])
    ParticipantCountFactory(action=action, count=4)
    url = reverse("fieldwork:collective_edit", kwargs={"pk": action.public_id})
    client.force_login(field["users"]["director_a"])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["formset"].initial == [
        {"gender": Gender.GIRL, "age_band": AgeBand.FROM_11, "quartier": None, "count": 4}
    ]
    response = client.post(
        url,
        _data(
            participants=[stays.pk, joins.pk],
            **{
                "comptes-TOTAL_FORMS": "1",
                "comptes-0-gender": Gender.BOY,
                "comptes-0-age_band": AgeBand.FROM_15,
                "comptes-0-count": "6",
            },
        ),
    )
    assert response.status_code == 302
    assert set(action.participants.all()) == {stays, joins}
    assert _logs(stays) == []
    for youth in (leaves, joins):
        assert _logs(youth) == [(AccessAction.CHANGE, "collective_action", str(action.public_id))]
    assert list(ParticipantCount.objects.values_list("gender", "count")) == [(Gender.BOY, 6)]


def test_a_youth_of_another_service_cannot_join(client, field):
    other = YouthFactory(service=field["services"]["b"])
    client.force_login(field["users"]["educator_a"])
    response = client.post(reverse("fieldwork:collective_create"), _data(participants=[other.pk]))
    assert response.status_code == 200
    assert (
        "Choisissez des jeunes connus du service."
        in response.context["form"].errors["participants"][0]
    )
    assert not CollectiveAction.objects.exists()
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field_name", "message"),
    [
        ({"ended_on": "2025-07-01"}, "ended_on", "La fin d'une action ne peut précéder son début."),
        ({"title": ""}, "title", "Indiquez l'intitulé de l'action."),
        ({"amount": "beaucoup"}, "amount", "Saisissez un nombre, par exemple 1,5."),
        ({"families_count": "-1"}, "families_count", "ne peut pas être négatif"),
    ],
)
def test_bad_input_saves_nothing(client, field, extra, field_name, message):
    youth = YouthFactory(service=field["service"])
    client.force_login(field["users"]["educator_a"])
    response = client.post(
        reverse("fieldwork:collective_create"), _data(participants=[youth.pk], **extra)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field_name])
    assert not CollectiveAction.objects.exists()
    assert not AccessLogEntry.objects.exists()


def test_a_count_line_needs_gender_and_age_band(client, field):
    client.force_login(field["users"]["educator_a"])
    response = client.post(
        reverse("fieldwork:collective_create"), _data(**{"comptes-0-count": "4"})
    )
    assert response.status_code == 200
    errors = response.context["formset"].forms[0].errors
    assert errors["gender"] == ["Choisissez le genre (ou « Non précisé »)."]
    assert errors["age_band"] == ["Choisissez la tranche d'âge (ou « Âge inconnu »)."]
    assert not CollectiveAction.objects.exists()


def test_detail_and_list_for_the_service_only(client, field):
    youth = YouthFactory(service=field["service"], pseudonym="J-DETAIL")
    action = CollectiveActionFactory(service=field["service"], participants=[youth])
    ParticipantCountFactory(action=action, count=4)
    ParticipantCountFactory(action=action, count=2, gender=Gender.BOY)
    CollectiveActionFactory(service=field["services"]["b"])
    client.force_login(field["users"]["educator_a"])
    detail = client.get(reverse("fieldwork:collective_detail", kwargs={"pk": action.public_id}))
    assert "J-DETAIL" in detail.content.decode()
    assert detail.context["counted"] == 6
    listing = client.get(reverse("fieldwork:collective_list"))
    rows = list(listing.context["actions"])
    assert [(a.pk, a.known, a.counted) for a in rows] == [(action.pk, 1, 6)]
    client.force_login(field["users"]["educator_b"])
    assert (
        client.get(
            reverse("fieldwork:collective_detail", kwargs={"pk": action.public_id})
        ).status_code
        == 404
    )
    assert len(client.get(reverse("fieldwork:collective_list")).context["actions"]) == 1


def test_api_gives_counts_never_youth_identifiers(client, field):
    youth = YouthFactory(service=field["service"], pseudonym="J-SECRET")
    action = CollectiveActionFactory(
        service=field["service"], participants=[youth], started_on=date(2024, 5, 2)
    )
    ParticipantCountFactory(action=action, count=4)
    client.force_login(field["users"]["educator_a"])
    response = client.get(reverse("api:collective-action-list"))
    body = response.content.decode()
    assert str(youth.public_id) not in body
    assert "J-SECRET" not in body
    item = response.json()["results"][0]
    assert item["known_youths"] == 1
    assert item["participant_counts"] == [
        {"gender": "f", "age_band": "11-14", "quartier": None, "count": 4}
    ]
    assert "participants" not in item
    detail = client.get(
        reverse("api:collective-action-detail", kwargs={"pk": action.public_id})
    ).json()
    assert detail["public_id"] == str(action.public_id)
    client.force_login(field["users"]["departement_agent"])
    assert client.get(reverse("api:collective-action-list")).status_code == 404


def test_the_schema_names_the_collective_categories_apart(client, field):
    """Two choice sets are called « category » (staff, collective actions): each keeps a
    stable name in the OpenAPI schema instead of a generated hash."""
    client.force_login(field["users"]["departement_agent"])
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schemas = response.json()["components"]["schemas"]
    assert schemas["CollectiveCategoryEnum"]["enum"] == list(CollectiveCategory.values)
    assert "social_worker" in schemas["CategoryEnum"]["enum"]


def test_the_action_refuses_youths_and_partners_of_another_service(field):
    from django.core.exceptions import ValidationError

    from reperes.fieldwork.collective.actions import save_collective_action

    user, service = field["users"]["educator_a"], field["service"]
    fields = {
        "title": "Séjour",
        "category": CollectiveCategory.STAY,
        "started_on": date(2024, 8, 1),
    }
    with pytest.raises(ValidationError, match="jeunes connus du service"):
        save_collective_action(
            user, service, participants=[YouthFactory(service=field["services"]["b"])], **fields
        )
    with pytest.raises(ValidationError, match="annuaire du service"):
        save_collective_action(
            user, service, partners=[PartnerFactory(service=field["services"]["b"])], **fields
        )
    with pytest.raises(ValidationError, match="négatif"):
        save_collective_action(user, service, counts={("f", "11-14", None): -2}, **fields)
    assert not CollectiveAction.objects.exists()
    assert not AccessLogEntry.objects.exists()
