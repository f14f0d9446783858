"""Identity (level 3): only with the youth's consent, encrypted, shown on demand and logged,
searchable by blind index only, erasable; never in a list, never in the API, never to anyone
outside the youth's service."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from reperes.fieldwork.enums import AccessAction
from reperes.fieldwork.models import AccessLogEntry, Youth

# The merged routes module first: it imports routes_youths, which imports its helpers.
from tests.fieldwork import routes  # noqa: F401
from tests.fieldwork.factories import AccompanimentFactory, YouthFactory
from tests.fieldwork.routes_youths import API_ROUTES, ROUTES, make_targets
from tests.forms import posted

IDENTITY_VALUES = ("Dupontel", "Maëlys", "Tilleuls", "06 12 34 56 78", "0612345678")
IDENTITY_NAMES = (
    "last_name",
    "first_name",
    "identity_consent",
    "name_index",
    "phone_index",
    ">Nom<",
    ">Prénom<",
    "Adresse postale",
    "Téléphone",
)


def _url(name, kwargs=None):
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def youth(world):
    return YouthFactory(service=world["services"]["a"], with_identity=True)


IDENTITY = {
    "identity_consent_on": "2024-05-02",
    "last_name": "Benali",
    "first_name": "Sofiane",
    "address": "3 impasse des Lilas, 62300 Lens",
    "phone": "+33 6 98 76 54 32",
}


# ---------------------------------------------------------------- consent
def test_identity_without_consent_is_refused(client, world):
    youth = YouthFactory(service=world["services"]["a"])
    client.force_login(world["users"]["educator_a"])
    url = _url("fieldwork:youth_identity_edit", {"pk": youth.public_id})
    response = client.post(url, posted(IDENTITY, identity_consent_on=""))
    assert response.status_code == 200
    content = response.content.decode()
    assert "qu&#x27;avec l&#x27;accord du jeune" in content
    # What was typed is kept, nothing is written.
    assert 'value="Benali"' in content
    youth.refresh_from_db()
    assert not youth.has_identity
    assert youth.name_index == ""
    assert not AccessLogEntry.objects.filter(action=AccessAction.CHANGE_IDENTITY).exists()


def test_consent_cannot_be_dated_in_the_future(client, world):
    youth = YouthFactory(service=world["services"]["a"])
    client.force_login(world["users"]["educator_a"])
    url = _url("fieldwork:youth_identity_edit", {"pk": youth.public_id})
    response = client.post(url, posted(IDENTITY, identity_consent_on="2999-01-01"))
    assert "L&#x27;accord ne peut pas être daté du futur." in response.content.decode()
    youth.refresh_from_db()
    assert not youth.has_identity


def test_the_database_refuses_identity_without_consent(world):
    from django.db import IntegrityError, transaction

    youth = YouthFactory(service=world["services"]["a"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Youth.objects.filter(pk=youth.pk).update(last_name="Sans accord")


def test_identity_with_consent_is_stored_encrypted_and_indexed(client, world):
    youth = YouthFactory(service=world["services"]["a"])
    user = world["users"]["educator_a"]
    client.force_login(user)
    response = client.post(
        _url("fieldwork:youth_identity_edit", {"pk": youth.public_id}), posted(IDENTITY)
    )
    assert response.status_code == 302
    youth.refresh_from_db()
    assert (youth.last_name, youth.first_name, youth.phone) == (
        "Benali",
        "Sofiane",
        "+33 6 98 76 54 32",
    )
    assert youth.identity_consent_by == user
    assert youth.name_index == Youth.name_key(youth.service_id, "benali", "sofiane")
    assert youth.phone_index == Youth.phone_key(youth.service_id, "06 98 76 54 32")
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_name, phone FROM fieldwork_youth WHERE id = %s", [youth.pk])
        raw = cursor.fetchone()
    assert "Benali" not in raw[0]
    assert "98 76" not in raw[1]


def test_a_first_name_alone_is_not_an_identity_search_key(client, world):
    youth = YouthFactory(service=world["services"]["a"])
    client.force_login(world["users"]["educator_a"])
    response = client.post(
        _url("fieldwork:youth_identity_edit", {"pk": youth.public_id}),
        posted(IDENTITY, last_name=""),
    )
    assert "Le prénom seul ne suffit pas" in response.content.decode()


# ---------------------------------------------------------------- showing it
def test_the_youth_page_does_not_show_the_identity(client, world, youth):
    client.force_login(world["users"]["educator_a"])
    content = client.get(_url("fieldwork:youth_detail", {"pk": youth.public_id})).content.decode()
    assert "Afficher l'identité" in content
    for value in IDENTITY_VALUES:
        assert value not in content
    assert AccessLogEntry.objects.get().action == AccessAction.VIEW


def test_showing_the_identity_is_logged(client, world, youth):
    client.force_login(world["users"]["educator_a"])
    response = client.get(_url("fieldwork:youth_identity", {"pk": youth.public_id}))
    content = response.content.decode()
    assert "Dupontel" in content
    assert "Maëlys" in content
    assert "no-store" in response["Cache-Control"]
    entry = AccessLogEntry.objects.get()
    assert entry.action == AccessAction.VIEW_IDENTITY
    assert set(entry.fields) == {"last_name", "first_name", "address", "phone"}


# ---------------------------------------------------------------- search by blind index
@pytest.mark.parametrize(
    "query",
    [
        {"nom": "DUPONTEL", "prenom": "maelys"},
        {"nom": "  dupontel ", "prenom": "Maëlys"},
        {"telephone": "+33 6 12 34 56 78"},
        {"telephone": "0612345678"},
    ],
)
def test_search_by_identity_finds_exact_matches_and_logs_them(client, world, youth, query):
    other = YouthFactory(service=world["services"]["a"])
    client.force_login(world["users"]["educator_a"])
    response = client.post(_url("fieldwork:youth_list"), query)
    found = [row["youth"] for row in response.context["rows"]]
    assert found == [youth]
    entry = AccessLogEntry.objects.get()
    assert (entry.youth, entry.action) == (youth, AccessAction.SEARCH)
    assert other not in found
    # The list never shows the identity, even when found by it.
    assert "Dupontel" not in response.content.decode()


@pytest.mark.parametrize("query", [{"nom": "Dupont"}, {"nom": "Dupontel", "prenom": "M"}])
@pytest.mark.usefixtures("youth")
def test_search_by_identity_is_never_partial(client, world, query):
    client.force_login(world["users"]["educator_a"])
    response = client.post(_url("fieldwork:youth_list"), query)
    assert response.context["rows"] == []
    assert "Aucun jeune du service ne correspond exactement" in response.content.decode()
    assert not AccessLogEntry.objects.exists()


@pytest.mark.usefixtures("youth")
def test_search_by_identity_stays_in_the_service(client, world):
    """The blind index is scoped per service: B's educator cannot find A's youth."""
    client.force_login(world["users"]["educator_b"])
    response = client.post(_url("fieldwork:youth_list"), {"nom": "Dupontel", "prenom": "Maëlys"})
    assert response.context["rows"] == []
    assert not AccessLogEntry.objects.exists()


@pytest.mark.usefixtures("youth")
def test_the_identity_search_never_travels_in_the_url(client, world):
    """Issue 9 point 6: a name in the query string lands in access logs and histories. A GET
    carrying it searches nothing and never echoes it; the search form posts, with its token."""
    client.force_login(world["users"]["educator_a"])
    response = client.get(_url("fieldwork:youth_list"), {"nom": "Dupontel", "prenom": "Zoé"})
    page = response.content.decode()
    assert response.status_code == 200
    assert not response.context["searching"]
    assert "Dupontel" not in page
    assert "Zoé" not in page
    assert not AccessLogEntry.objects.exists()
    form = page[page.index('aria-label="Recherche par identité"') - 40 :]
    assert 'method="post"' in form[:80]
    assert "csrfmiddlewaretoken" in form[:400]


@pytest.mark.usefixtures("youth")
def test_the_identity_search_needs_the_csrf_token(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["educator_a"])
    response = client.post(_url("fieldwork:youth_list"), {"nom": "Dupontel"})
    assert response.status_code == 403
    assert not AccessLogEntry.objects.exists()


# ---------------------------------------------------------------- erasure
def test_erasure_clears_the_identity_and_keeps_the_record(client, world, youth):
    accompaniment = AccompanimentFactory(youth=youth)
    client.force_login(world["users"]["director_a"])
    page = client.get(_url("fieldwork:youth_identity_erase", {"pk": youth.public_id}))
    assert "Dupontel" not in page.content.decode()
    response = client.post(_url("fieldwork:youth_identity_erase", {"pk": youth.public_id}))
    assert response.status_code == 302
    youth = Youth.objects.get(pk=youth.pk)
    assert not youth.has_identity
    assert (youth.name_index, youth.phone_index) == ("", "")
    assert youth.identity_consent_on is None
    assert youth.identity_consent_by is None
    assert youth.pseudonym
    assert list(youth.accompaniments.all()) == [accompaniment]
    entry = AccessLogEntry.objects.first()
    assert entry.action == AccessAction.ERASE_IDENTITY
    assert set(entry.fields) == {"last_name", "first_name", "address", "phone"}
    # An erased identity cannot be found any more.
    response = client.post(_url("fieldwork:youth_list"), {"telephone": "0612345678"})
    assert response.context["rows"] == []


# ---------------------------------------------------------------- never outside the service
OUTSIDERS = ["departement_agent", "commune_agent", "outsider", "dpo", "platform_admin"]


@pytest.mark.parametrize("persona", [*OUTSIDERS, "educator_b"])
def test_no_response_to_an_outsider_carries_an_identity(client, world, persona):
    """Neither a value nor even the name of an identity field. Educator B sees the identity
    search form of service B's own list, so only values are checked for B."""
    targets = make_targets(world)
    needles = IDENTITY_VALUES + (IDENTITY_NAMES if persona in OUTSIDERS else ())
    client.force_login(world["users"][persona])
    for name, (target, _) in {**ROUTES, **API_ROUTES}.items():
        url = _url(name, {"pk": targets[target]} if target else None)
        content = client.get(url).content.decode()
        for needle in needles:
            assert needle not in content, (persona, name, needle)
    assert not AccessLogEntry.objects.exists()


def test_the_api_never_carries_the_identity_even_to_the_service(client, world, youth):
    accompaniment = AccompanimentFactory(youth=youth)
    client.force_login(world["users"]["director_a"])
    for url in (
        _url("api:youth-list"),
        _url("api:youth-detail", {"pk": youth.public_id}),
        _url("api:accompaniment-list"),
        _url("api:accompaniment-detail", {"pk": accompaniment.public_id}),
    ):
        response = client.get(url)
        assert response.status_code == 200
        content = response.content.decode()
        for needle in IDENTITY_VALUES + IDENTITY_NAMES[:5]:
            assert needle not in content, (url, needle)
    detail = client.get(_url("api:youth-detail", {"pk": youth.public_id})).json()
    assert detail["pseudonym"] == youth.pseudonym
    assert not set(detail) & set(Youth.IDENTITY_FIELDS)


# ---------------------------------------------------------------- the clause that allows it
def test_identity_pages_cite_the_binding_data_protection_clause(client, world, youth):
    """The identity form and the erasure page cite the data-protection clause of the
    convention that binds the service, and no other convention's article."""
    from tests.factories import make_data_protection_clause

    client.force_login(world["users"]["director_a"])
    edit = _url("fieldwork:youth_identity_edit", {"pk": youth.public_id})
    erase = _url("fieldwork:youth_identity_erase", {"pk": youth.public_id})
    assert "art. 9" not in client.get(edit).content.decode()
    make_data_protection_clause(world["conventions"]["a"], breach_hours=48, written_proof=True)
    make_data_protection_clause(world["conventions"]["b"], "art. 12")
    for url in (edit, erase):
        html = client.get(url).content.decode()
        assert "Convention A" in html
        assert "art. 9" in html
        assert "art. 12" not in html
