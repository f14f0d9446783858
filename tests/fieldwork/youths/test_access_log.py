"""The access log of youth records: every read and every change writes one entry, in the same
transaction; the log is append-only. The routes are enumerated from the URLconf, so that a new
view opening a youth record cannot escape these tests."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from django.urls import URLPattern, URLResolver, reverse

from reperes.fieldwork.enums import AccessAction
from reperes.fieldwork.models import AccessLogEntry, Youth
from reperes.fieldwork.youths import urls as urls_youths
from reperes.fieldwork.youths.access_log import log_access
from tests.fieldwork.factories import AccompanimentFactory, FamilyFactory, YouthFactory

# What the ``pk`` of a route is, from its name (see the docstring of youths/urls.py).
YOUTH_PREFIXES = ("youth_",)
ACCOMPANIMENT_PREFIXES = ("accompaniment_", "intervention_")
NOT_A_YOUTH_RECORD = ("family_",)

# Routes that only read: a POST is refused (405).
GET_ONLY = {"youth_detail", "youth_identity", "accompaniment_detail"}

# A valid POST for every route that writes.
POSTS = {
    "youth_edit": {
        "pseudonym": "J-REWRIT",
        "gender": "m",
        "birth_year": "2007",
        "age_band": "?",
        "situation": "training",
        "qualification": "unknown",
        "first_met_on": "2024-03-01",
    },
    "youth_identity_edit": {
        "identity_consent_on": "2024-03-10",
        "last_name": "Lefort",
        "first_name": "Inès",
        "address": "",
        "phone": "07 00 00 00 01",
    },
    "youth_identity_erase": {},
    "youth_accompaniment_create": {
        "started_on": "2024-04-01",
        "entry_mode": "street_work",
        "intensity": "regular",
    },
    "accompaniment_edit": {
        "started_on": "2024-03-20",
        "entry_mode": "youth",
        "intensity": "intensive",
    },
    "accompaniment_close": {"ended_on": "2024-10-01", "exit_reason": "moved"},
    "intervention_add": {
        "occurred_on": "2024-04-10",
        "kind": "interview",
        "duration_minutes": "45",
    },
}


def _named_routes(patterns, converters=frozenset()):
    """(name, the converters of its whole address) of every named route, through the prefixes
    the routes of one record are grouped under."""
    for p in patterns:
        here = converters | p.pattern.converters.keys()
        if isinstance(p, URLResolver):
            yield from _named_routes(p.url_patterns, here)
        elif isinstance(p, URLPattern) and p.name:
            yield p.name, here


def _uuid_routes() -> list[str]:
    return sorted(
        name for name, converters in _named_routes(urls_youths.urlpatterns) if "pk" in converters
    )


ROUTES = [name for name in _uuid_routes() if not name.startswith(NOT_A_YOUTH_RECORD)]


def test_every_route_with_a_public_id_is_classified():
    for name in _uuid_routes():
        assert name.startswith(YOUTH_PREFIXES + ACCOMPANIMENT_PREFIXES + NOT_A_YOUTH_RECORD), (
            f"{name}: nommez la route youth_*, accompaniment_*, intervention_* ou family_*"
        )
    assert set(ROUTES) == GET_ONLY | set(POSTS), (
        "Chaque route doit être testée en lecture et écriture"
    )


def _target(name, youth, accompaniment):
    return youth.public_id if name.startswith(YOUTH_PREFIXES) else accompaniment.public_id


@pytest.fixture
def record(world):
    youth = YouthFactory(service=world["services"]["a"], with_identity=True)
    return youth, AccompanimentFactory(youth=youth)


@pytest.mark.parametrize("name", ROUTES)
def test_each_get_writes_one_entry(client, world, record, name):
    youth, accompaniment = record
    client.force_login(world["users"]["educator_a"])
    before = AccessLogEntry.objects.count()
    response = client.get(reverse(f"fieldwork:{name}", kwargs={"pk": _target(name, *record)}))
    assert response.status_code == 200
    entries = list(AccessLogEntry.objects.all()[: AccessLogEntry.objects.count() - before])
    assert len(entries) == 1, name
    entry = entries[0]
    assert entry.youth == youth
    assert entry.youth_public_id == youth.public_id
    assert entry.user == world["users"]["educator_a"]
    assert entry.service == world["services"]["a"]


@pytest.mark.parametrize("name", sorted(POSTS))
def test_each_successful_post_writes_one_entry(client, world, record, name):
    youth, _ = record
    client.force_login(world["users"]["director_a"])
    before = AccessLogEntry.objects.count()
    response = client.post(
        reverse(f"fieldwork:{name}", kwargs={"pk": _target(name, *record)}), POSTS[name]
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AccessLogEntry.objects.count() == before + 1
    entry = AccessLogEntry.objects.first()
    assert entry.youth == youth
    assert entry.action != AccessAction.VIEW


@pytest.mark.parametrize("name", sorted(GET_ONLY))
def test_read_only_routes_refuse_post(client, world, record, name):
    client.force_login(world["users"]["educator_a"])
    before = AccessLogEntry.objects.count()
    response = client.post(reverse(f"fieldwork:{name}", kwargs={"pk": _target(name, *record)}))
    assert response.status_code == 405
    assert AccessLogEntry.objects.count() == before


@pytest.mark.parametrize("name", ROUTES)
def test_outsiders_leave_no_trace_and_learn_nothing(client, world, record, name):
    """Educator B gets a 404, like a funder: no entry is written in A's log either."""
    client.force_login(world["users"]["educator_b"])
    before = AccessLogEntry.objects.count()
    assert (
        client.get(reverse(f"fieldwork:{name}", kwargs={"pk": _target(name, *record)})).status_code
        == 404
    )
    assert AccessLogEntry.objects.count() == before


def test_change_and_its_entry_are_one_transaction(client, world, record):
    """If the log cannot be written, the change is not written either."""
    youth, _ = record
    client.force_login(world["users"]["educator_a"])
    with (
        mock.patch(
            "reperes.fieldwork.youths.actions.log_access", side_effect=RuntimeError("journal")
        ),
        pytest.raises(RuntimeError),
    ):
        client.post(
            reverse("fieldwork:youth_edit", kwargs={"pk": youth.public_id}), POSTS["youth_edit"]
        )
    youth.refresh_from_db()
    assert youth.pseudonym != "J-REWRIT"
    assert not AccessLogEntry.objects.exists()


def test_identity_erasure_and_its_entry_are_one_transaction(client, world, record):
    youth, _ = record
    client.force_login(world["users"]["educator_a"])
    url = reverse("fieldwork:youth_identity_erase", kwargs={"pk": youth.public_id})
    with (
        mock.patch(
            "reperes.fieldwork.youths.actions.log_access", side_effect=RuntimeError("journal")
        ),
        pytest.raises(RuntimeError),
    ):
        client.post(url)
    assert Youth.objects.get(pk=youth.pk).last_name == "Dupontel"


def test_entries_hold_field_names_never_values(client, world, record):
    youth, _ = record
    client.force_login(world["users"]["educator_a"])
    client.post(
        reverse("fieldwork:youth_identity_edit", kwargs={"pk": youth.public_id}),
        POSTS["youth_identity_edit"],
    )
    entry = AccessLogEntry.objects.first()
    assert entry.action == AccessAction.CHANGE_IDENTITY
    assert set(entry.fields) == {"last_name", "first_name", "address", "phone"}
    stored = repr(list(AccessLogEntry.objects.values()))
    for value in ("Lefort", "Inès", "07 00 00 00 01", "Dupontel", youth.pseudonym):
        assert value not in stored


def test_the_log_is_append_only(world):
    youth = YouthFactory(service=world["services"]["a"])
    entry = log_access(world["users"]["educator_a"], youth, AccessAction.VIEW)
    entry.action = AccessAction.CHANGE
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(action=AccessAction.CHANGE)
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).action == AccessAction.VIEW


def test_the_log_survives_an_erasure_and_names_nobody(client, world, record):
    youth, _ = record
    client.force_login(world["users"]["educator_a"])
    client.get(reverse("fieldwork:youth_identity", kwargs={"pk": youth.public_id}))
    client.post(reverse("fieldwork:youth_identity_erase", kwargs={"pk": youth.public_id}))
    actions = list(
        AccessLogEntry.objects.filter(youth_public_id=youth.public_id).values_list(
            "action", flat=True
        )
    )
    assert actions == [AccessAction.ERASE_IDENTITY, AccessAction.VIEW_IDENTITY]


def test_api_detail_reads_are_logged_and_lists_are_not(client, world, record):
    youth, accompaniment = record
    client.force_login(world["users"]["educator_a"])
    assert client.get(reverse("api:youth-list")).status_code == 200
    assert client.get(reverse("api:accompaniment-list")).status_code == 200
    assert not AccessLogEntry.objects.exists()
    client.get(reverse("api:youth-detail", kwargs={"pk": youth.public_id}))
    client.get(reverse("api:accompaniment-detail", kwargs={"pk": accompaniment.public_id}))
    entries = list(
        AccessLogEntry.objects.order_by("pk").values_list("action", "record", "record_id")
    )
    assert entries == [
        (AccessAction.VIEW, "youth", ""),
        (AccessAction.VIEW, "accompaniment", str(accompaniment.public_id)),
    ]


def test_linking_a_youth_to_a_family_is_logged_on_the_youth(client, world):
    service = world["services"]["a"]
    youth = YouthFactory(service=service, pseudonym="J-LINK01")
    family = FamilyFactory(service=service)
    client.force_login(world["users"]["educator_a"])
    url = reverse("fieldwork:family_link", kwargs={"pk": family.public_id})
    assert client.post(url, {"pseudonym": "j-link01"}).status_code == 302
    youth.refresh_from_db()
    assert youth.family == family
    entry = AccessLogEntry.objects.get()
    assert (entry.youth, entry.action, entry.fields) == (youth, AccessAction.CHANGE, ["family"])
    assert client.post(url, {"retirer": str(youth.public_id)}).status_code == 302
    youth.refresh_from_db()
    assert youth.family is None
    assert AccessLogEntry.objects.count() == 2


def test_the_youth_page_shows_who_has_seen_it(client, world, record):
    youth, _ = record
    director = world["users"]["director_a"]
    client.force_login(director)
    client.get(reverse("fieldwork:youth_identity", kwargs={"pk": youth.public_id}))
    client.force_login(world["users"]["educator_a"])
    content = client.get(
        reverse("fieldwork:youth_detail", kwargs={"pk": youth.public_id})
    ).content.decode()
    assert director.full_name in content
    assert "Consultation de l&#x27;identité" in content or "Consultation de l'identité" in content
    # The educator's own visit is already in the log shown.
    assert world["users"]["educator_a"].full_name in content


def test_the_youth_page_shows_the_latest_fifty_entries(client, world):
    youth = YouthFactory(service=world["services"]["a"])
    for _ in range(60):
        log_access(world["users"]["director_a"], youth, AccessAction.VIEW)
    client.force_login(world["users"]["educator_a"])
    response = client.get(reverse("fieldwork:youth_detail", kwargs={"pk": youth.public_id}))
    assert len(response.context["log"]) == 50
    assert response.context["log"][0].user == world["users"]["educator_a"]
    assert date.today().strftime("%d/%m/%Y") in response.content.decode()
