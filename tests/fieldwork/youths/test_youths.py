"""Youth pages: the service's list (filters, pagination, fixed query count), creation and
edition under pseudonym, who can see a record, and families."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reperes.core.models import AuditEntry
from reperes.fieldwork.enums import AccessAction, AgeBand, Gender, Situation
from reperes.fieldwork.models import AccessLogEntry, Family, Youth
from tests.factories import CommuneFactory, UserFactory
from tests.fieldwork.factories import AccompanimentFactory, FamilyFactory, YouthFactory
from tests.forms import posted
from tests.pages import page_text


def _quartier(commune, name="Les Hauts"):
    from reperes.partners.models import Quartier

    return Quartier.objects.create(commune=commune, name=name)


YOUTH = {
    "pseudonym": "J-ZEBRE",
    "gender": "f",
    "birth_year": "2009",
    "age_band": "?",
    "situation": "school",
    "qualification": "unknown",
    "first_met_on": "2024-09-12",
}


def _rows(response):
    return [row["youth"] for row in response.context["rows"]]


# ---------------------------------------------------------------- list
def test_the_list_shows_the_own_service_only(client, world):
    mine = YouthFactory(service=world["services"]["a"])
    theirs = YouthFactory(service=world["services"]["b"])
    client.force_login(world["users"]["educator_a"])
    response = client.get(reverse("fieldwork:youth_list"))
    assert _rows(response) == [mine]
    content = response.content.decode()
    assert theirs.pseudonym not in content
    assert "Nouveau jeune" in content
    client.force_login(world["users"]["educator_b"])
    assert _rows(client.get(reverse("fieldwork:youth_list"))) == [theirs]


def test_an_inactive_educator_sees_nothing(client, world):
    YouthFactory(service=world["services"]["a"])
    user = world["users"]["educator_a"]
    client.force_login(user)
    user.is_active = False
    user.save()
    assert client.get(reverse("fieldwork:youth_list")).status_code in (302, 404)


def _populate(service, n):
    commune = CommuneFactory()
    quartier = _quartier(commune, f"Quartier {n}")
    for i in range(n):
        family = FamilyFactory(service=service) if i % 2 else None
        youth = YouthFactory(
            service=service,
            commune=commune,
            quartier=quartier,
            family=family,
            with_identity=i % 3 == 0,
        )
        if i % 2:
            AccompanimentFactory(youth=youth)


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("query", ["", "?accompagnement=oui", "?age=15-17&genre=f"])
def test_the_list_runs_a_fixed_number_of_queries(client, world, query):
    service = world["services"]["a"]
    client.force_login(world["users"]["educator_a"])
    url = reverse("fieldwork:youth_list") + query
    _populate(service, 3)
    client.get(url)  # the first request after sign-in renews the session; measure after it
    few = _count_queries(client, url)
    _populate(service, 27)
    many = _count_queries(client, url)
    assert few == many
    # session, user, service, count, page, quartiers, base.html; and the account's service,
    # to check that its organisation runs it (reperes.core.access). An unchanged session is
    # not saved.
    assert many <= 11


def test_the_list_never_decrypts_an_identity(client, world, monkeypatch):
    YouthFactory.create_batch(3, service=world["services"]["a"], with_identity=True)
    import reperes.core.fields as fields

    def refuse(value):
        raise AssertionError("identité déchiffrée dans la liste")

    monkeypatch.setattr(fields, "decrypt", refuse)
    client.force_login(world["users"]["educator_a"])
    content = client.get(reverse("fieldwork:youth_list")).content.decode()
    assert "Dupontel" not in content


def test_the_list_is_paginated_by_fifty(client, world):
    YouthFactory.create_batch(55, service=world["services"]["a"])
    client.force_login(world["users"]["educator_a"])
    first = client.get(reverse("fieldwork:youth_list"))
    assert len(_rows(first)) == 50
    assert "Page 1 sur 2" in first.content.decode()
    second = client.get(reverse("fieldwork:youth_list") + "?page=2")
    assert len(_rows(second)) == 5


def test_list_filters(client, world):
    service = world["services"]["a"]
    commune = CommuneFactory()
    service.communes.add(commune)
    quartier = _quartier(commune)
    year = timezone.localdate().year
    girl_16 = YouthFactory(service=service, pseudonym="J-AAA", birth_year=year - 16)
    boy_band = YouthFactory(
        service=service, pseudonym="J-BBB", boy=True, age_unknown=True, quartier=quartier
    )
    neet = YouthFactory(
        service=service, pseudonym="J-CCC", birth_year=year - 20, situation=Situation.NEET
    )
    AccompanimentFactory(youth=neet)
    AccompanimentFactory(youth=girl_16, closed=True)
    client.force_login(world["users"]["educator_a"])
    url = reverse("fieldwork:youth_list")
    assert _rows(client.get(url, {"genre": Gender.BOY})) == [boy_band]
    assert _rows(client.get(url, {"age": AgeBand.FROM_15})) == [girl_16, boy_band]
    assert _rows(client.get(url, {"age": AgeBand.FROM_18})) == [neet]
    assert _rows(client.get(url, {"quartier": quartier.pk})) == [boy_band]
    assert _rows(client.get(url, {"situation": Situation.NEET})) == [neet]
    assert _rows(client.get(url, {"accompagnement": "oui"})) == [neet]
    assert _rows(client.get(url, {"accompagnement": "non"})) == [girl_16, boy_band]
    assert _rows(client.get(url, {"q": "bb"})) == [boy_band]
    response = client.get(url, {"q": "zzz"})
    assert "Aucun jeune ne correspond à ces filtres." in response.content.decode()


# ---------------------------------------------------------------- create and edit
def test_create_a_youth_under_pseudonym(client, world):
    client.force_login(world["users"]["educator_a"])
    page = client.get(reverse("fieldwork:youth_create"))
    assert page.context["form"].initial["pseudonym"].startswith("J-")
    response = client.post(reverse("fieldwork:youth_create"), posted(YOUTH))
    youth = Youth.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("fieldwork:youth_detail", kwargs={"pk": youth.public_id})
    assert (youth.service, youth.pseudonym, youth.birth_year) == (
        world["services"]["a"],
        "J-ZEBRE",
        2009,
    )
    assert str(youth.public_id) in response["Location"]
    assert f"/{youth.pk}/" not in response["Location"]
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.youth) == (AccessAction.CREATE, youth)


def test_a_pseudonym_is_unique_in_the_service_only(client, world):
    YouthFactory(service=world["services"]["a"], pseudonym="J-ZEBRE")
    YouthFactory(service=world["services"]["b"], pseudonym="J-LION")
    client.force_login(world["users"]["educator_a"])
    response = client.post(reverse("fieldwork:youth_create"), posted(YOUTH, pseudonym="j-zebre"))
    content = response.content.decode()
    assert "Ce pseudonyme est déjà utilisé dans le service" in content
    assert 'value="2009"' in content  # what was typed is kept
    assert Youth.objects.count() == 2
    assert (
        client.post(
            reverse("fieldwork:youth_create"), posted(YOUTH, pseudonym="J-LION")
        ).status_code
        == 302
    )


def test_a_birth_year_replaces_the_age_band(client, world):
    client.force_login(world["users"]["educator_a"])
    client.post(reverse("fieldwork:youth_create"), posted(YOUTH, age_band="15-17"))
    assert Youth.objects.get().age_band == AgeBand.UNKNOWN
    client.post(
        reverse("fieldwork:youth_create"),
        posted(YOUTH, pseudonym="J-SANSAN", birth_year="", age_band="15-17"),
    )
    assert Youth.objects.get(pseudonym="J-SANSAN").age_band == AgeBand.FROM_15


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"birth_year": "1900"}, "L&#x27;année de naissance doit être comprise entre 1980"),
        ({"first_met_on": "2999-01-01"}, "Le premier contact ne peut pas être dans le futur."),
        ({"gender": None}, "Indiquez le genre"),
    ],
)
def test_create_refuses_bad_input_in_french(client, world, overrides, message):
    client.force_login(world["users"]["educator_a"])
    response = client.post(reverse("fieldwork:youth_create"), posted(YOUTH, **overrides))
    assert message in response.content.decode()
    assert not Youth.objects.exists()


def test_quartier_is_limited_to_the_service_communes(client, world):
    service = world["services"]["a"]
    mine, elsewhere = CommuneFactory(), CommuneFactory()
    service.communes.add(mine)
    here = _quartier(mine, "Centre")
    there = _quartier(elsewhere, "Ailleurs")
    client.force_login(world["users"]["educator_a"])
    form = client.get(reverse("fieldwork:youth_create")).context["form"]
    assert list(form.fields["quartier"].queryset) == [here]
    assert list(form.fields["commune"].queryset) == [mine]
    response = client.post(reverse("fieldwork:youth_create"), posted(YOUTH, quartier=there.pk))
    assert "Sélectionnez un choix valide" in response.content.decode()
    client.post(reverse("fieldwork:youth_create"), posted(YOUTH, quartier=here.pk))
    assert Youth.objects.get().commune == mine  # the quartier's commune is filled in


def test_the_quartier_picker_names_the_commune(client, world):
    """Two communes of the service may each have a « Centre »: each option says which."""
    service = world["services"]["a"]
    one, two = CommuneFactory(name="Alpha"), CommuneFactory(name="Bravo")
    service.communes.add(one, two)
    _quartier(one, "Centre")
    _quartier(two, "Centre")
    client.force_login(world["users"]["educator_a"])
    html = client.get(reverse("fieldwork:youth_create")).content.decode()
    assert "Centre (Alpha)</option>" in html
    assert "Centre (Bravo)</option>" in html


def test_a_quartier_must_be_in_the_chosen_commune(client, world):
    service = world["services"]["a"]
    one, two = CommuneFactory(name="Alpha"), CommuneFactory()
    service.communes.add(one, two)
    quartier = _quartier(two)
    client.force_login(world["users"]["educator_a"])
    page_text(
        client.post(
            reverse("fieldwork:youth_create"), posted(YOUTH, commune=one.pk, quartier=quartier.pk)
        ),
        "Ce quartier n&#x27;est pas sur la commune de Alpha.",
    )


def test_family_choices_are_the_service_families(client, world):
    mine = FamilyFactory(service=world["services"]["a"])
    theirs = FamilyFactory(service=world["services"]["b"])
    client.force_login(world["users"]["educator_a"])
    page_text(
        client.post(reverse("fieldwork:youth_create"), posted(YOUTH, family=theirs.pk)),
        "Sélectionnez un choix valide",
    )
    client.post(reverse("fieldwork:youth_create"), posted(YOUTH, family=mine.pk))
    assert Youth.objects.get().family == mine


def test_edit_logs_the_fields_changed(client, world):
    youth = YouthFactory(service=world["services"]["a"], pseudonym="J-OLD")
    client.force_login(world["users"]["director_a"])
    url = reverse("fieldwork:youth_edit", kwargs={"pk": youth.public_id})
    assert client.get(url).context["form"].initial["pseudonym"] == "J-OLD"
    response = client.post(
        url,
        posted(
            YOUTH,
            pseudonym="J-OLD",
            birth_year="2008",
            situation="neet",
            first_met_on="2024-03-01",
        ),
    )
    assert response.status_code == 302
    youth.refresh_from_db()
    assert youth.situation == Situation.NEET
    entry = AccessLogEntry.objects.first()
    assert entry.action == AccessAction.CHANGE
    assert entry.fields == ["situation"]


# ---------------------------------------------------------------- the youth's page
def test_the_page_says_who_can_see_it(client, world):
    service = world["services"]["a"]
    youth = YouthFactory(service=service, with_identity=True)
    gone = UserFactory(role="educator", service=service, is_active=False)
    client.force_login(world["users"]["educator_a"])
    response = client.get(reverse("fieldwork:youth_detail", kwargs={"pk": youth.public_id}))
    content = response.content.decode()
    assert set(response.context["readers"]) == {
        world["users"]["educator_a"],
        world["users"]["director_a"],
    }
    assert gone.full_name not in content
    assert world["users"]["educator_b"].full_name not in content
    assert world["users"]["departement_agent"].full_name not in content
    assert "Ni le Département, ni les communes, ni les autres services ne voient cette fiche" in (
        content
    )


def test_the_page_shows_accompaniments_with_their_duration(client, world):
    youth = YouthFactory(service=world["services"]["a"])
    AccompanimentFactory(youth=youth, closed=True)  # 15/03/2024 → 30/09/2024
    client.force_login(world["users"]["educator_a"])
    response = client.get(reverse("fieldwork:youth_detail", kwargs={"pk": youth.public_id}))
    assert response.context["accompaniments"][0]["days"] == 199
    assert "199 jours" in response.content.decode()


def test_youth_ids_in_urls_are_random(world):
    youth = YouthFactory(service=world["services"]["a"])
    url = reverse("fieldwork:youth_detail", kwargs={"pk": youth.public_id})
    assert str(youth.public_id) in url
    with pytest.raises(Exception):  # noqa: B017 - no route takes a sequential id
        reverse("fieldwork:youth_detail", kwargs={"pk": youth.pk})


# ---------------------------------------------------------------- families
def test_family_list_counts_known_and_engaged(client, world):
    service = world["services"]["a"]
    today = timezone.localdate()
    FamilyFactory(service=service)
    FamilyFactory(service=service, engaged=True)
    FamilyFactory(service=service, engaged_since=date(2023, 1, 1), engaged_until=date(2023, 6, 1))
    FamilyFactory(service=world["services"]["b"], engaged=True)
    assert today > date(2024, 2, 1)
    client.force_login(world["users"]["educator_a"])
    response = client.get(reverse("fieldwork:family_list"))
    assert response.context["counts"] == {"known": 3, "engaged": 1}


def test_create_a_family_under_a_code(client, world):
    FamilyFactory(service=world["services"]["a"], code="F-12")
    client.force_login(world["users"]["educator_a"])
    url = reverse("fieldwork:family_create")
    page_text(
        client.post(url, {"code": "f-12", "known_since": "2024-01-10"}),
        "Une famille du service porte déjà ce code.",
    )
    page_text(
        client.post(
            url,
            {
                "code": "F-13",
                "known_since": "2024-01-10",
                "engaged_since": "2024-03-01",
                "engaged_until": "2024-02-01",
            },
        ),
        "La fin du travail ne peut précéder son début.",
    )
    response = client.post(
        url, {"code": "F-13", "known_since": "2024-01-10", "engaged_since": "2024-03-01"}
    )
    family = Family.objects.get(code="F-13")
    assert response.status_code == 302
    assert (family.service, family.engaged_since) == (world["services"]["a"], date(2024, 3, 1))
    assert AuditEntry.objects.filter(action="fieldwork.family.create").exists()


def test_engaged_work_cannot_start_before_the_family_is_known(client, world):
    client.force_login(world["users"]["educator_a"])
    response = client.post(
        reverse("fieldwork:family_create"),
        {"code": "F-1", "known_since": "2024-05-01", "engaged_since": "2024-03-01"},
    )
    assert "avant que la famille soit connue" in response.content.decode()
    assert not Family.objects.exists()


def test_mark_work_engaged(client, world):
    family = FamilyFactory(service=world["services"]["a"], code="F-9")
    client.force_login(world["users"]["director_a"])
    response = client.post(
        reverse("fieldwork:family_edit", kwargs={"pk": family.public_id}),
        {"code": "F-9", "known_since": "2024-01-15", "engaged_since": "2024-04-01"},
    )
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.engaged_since == date(2024, 4, 1)


def test_link_a_youth_of_another_service_is_impossible(client, world):
    family = FamilyFactory(service=world["services"]["a"])
    YouthFactory(service=world["services"]["b"], pseudonym="J-AUTRE")
    client.force_login(world["users"]["educator_a"])
    response = client.post(
        reverse("fieldwork:family_link", kwargs={"pk": family.public_id}), {"pseudonym": "J-AUTRE"}
    )
    assert "Aucun jeune du service ne porte ce pseudonyme." in response.content.decode()
    assert not AccessLogEntry.objects.exists()


def test_family_page_lists_its_youths(client, world):
    family = FamilyFactory(service=world["services"]["a"])
    youth = YouthFactory(service=world["services"]["a"], family=family, with_identity=True)
    client.force_login(world["users"]["educator_a"])
    content = client.get(
        reverse("fieldwork:family_detail", kwargs={"pk": family.public_id})
    ).content.decode()
    assert youth.pseudonym in content
    assert "Dupontel" not in content
