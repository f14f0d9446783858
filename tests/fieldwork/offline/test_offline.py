"""Street sessions without network: the page the phone keeps, the service worker and manifest
it installs with, and the endpoint the queue is sent to — once per client identifier, French
messages when refused, nothing but the anonymous session accepted."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from reperes.core.models import AuditEntry, SyncReceipt
from reperes.fieldwork.models import ContactCount, StreetSession
from reperes.fieldwork.offline.views import ALLOWED_FIELDS
from tests.fieldwork.factories_street import territory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 12)


@pytest.fixture
def field(world, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return {**world, **territory(world)}


def _payload(field, client_id=None, **fields):
    return {
        "client_id": str(client_id or uuid.uuid4()),
        "fields": {
            "kind": "street_work",
            "date": "2025-03-12",
            "duration": "2 h",
            "where": f"q:{field['haut'].pk}",
            "n_f_15_17": "2",
            "n_m_18_21": "1",
            **fields,
        },
    }


def _send(client, payload):
    return client.post(
        reverse("fieldwork:session_sync"), json.dumps(payload), content_type="application/json"
    )


def test_the_same_client_id_twice_records_one_session(client, field):
    client.force_login(field["users"]["educator_a"])
    payload = _payload(field)
    first = _send(client, payload)
    assert first.status_code == 201, first.content
    assert first.json()["created"] is True
    assert first.json()["message"] == "Séance enregistrée : 3 contacts."
    again = _send(client, payload)
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert "pas comptée deux fois" in again.json()["message"]
    assert again.json()["id"] == first.json()["id"]
    session = StreetSession.objects.get()
    assert session.pk == first.json()["id"]
    assert session.service == field["service"]
    assert session.duration_minutes == 120
    assert session.quartier == field["haut"]
    assert list(session.educators.all()) == [field["staff"]]
    assert sorted(ContactCount.objects.values_list("gender", "age_band", "count")) == [
        ("f", "15-17", 2),
        ("m", "18-21", 1),
    ]
    receipt = SyncReceipt.objects.get()
    assert (receipt.client_id, receipt.object_id) == (uuid.UUID(payload["client_id"]), session.pk)
    assert receipt.user == field["users"]["educator_a"]
    # Through the named action: its audit entry, once.
    assert AuditEntry.objects.filter(action="fieldwork.session.record").count() == 1


def test_another_client_id_is_another_session(client, field):
    client.force_login(field["users"]["educator_a"])
    assert _send(client, _payload(field)).status_code == 201
    assert _send(client, _payload(field)).status_code == 201
    assert StreetSession.objects.count() == 2


def test_invalid_session_is_refused_in_french_and_nothing_is_written(client, field):
    client.force_login(field["users"]["educator_a"])
    payload = _payload(field, duration="beaucoup", date="2025-03-13", n_f_15_17="-1")
    response = _send(client, payload)
    assert response.status_code == 400
    data = response.json()
    assert data["message"] == "Le serveur a refusé la séance : corrigez-la puis renvoyez-la."
    assert data["errors"]["duration"] == ["Indiquez une durée, par exemple 2 h, 1 h 30 ou 45 min."]
    assert data["errors"]["date"] == ["La date ne peut pas être dans le futur."]
    assert data["errors"]["n_f_15_17"] == ["Un nombre de jeunes ne peut pas être négatif."]
    assert not StreetSession.objects.exists()
    assert not SyncReceipt.objects.exists()
    # Corrected, the same identifier goes through.
    fixed = _send(client, _payload(field, client_id=payload["client_id"]))
    assert fixed.status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        "pas du json",
        json.dumps([1, 2]),
        json.dumps({"client_id": "pas-un-uuid", "fields": {}}),
        json.dumps({"client_id": str(uuid.uuid4())}),
    ],
)
def test_unreadable_payloads_are_refused_in_french(client, field, body):
    client.force_login(field["users"]["educator_a"])
    response = client.post(reverse("fieldwork:session_sync"), body, content_type="application/json")
    assert response.status_code == 400
    assert "illisible" in response.json()["message"]
    assert not StreetSession.objects.exists()


def test_a_name_or_a_pseudonym_is_refused(client, field):
    client.force_login(field["users"]["educator_a"])
    payload = _payload(field, pseudonym="Renard", youths="12")
    response = _send(client, payload)
    assert response.status_code == 400
    assert "pseudonym, youths" in response.json()["message"]
    assert not StreetSession.objects.exists()


def test_a_client_id_received_from_another_account_is_not_answered(client, field):
    client.force_login(field["users"]["educator_a"])
    payload = _payload(field)
    assert _send(client, payload).status_code == 201
    client.force_login(field["users"]["director_a"])
    response = _send(client, payload)
    assert response.status_code == 409
    assert "id" not in response.json()
    assert StreetSession.objects.count() == 1


def test_csrf_still_holds(field):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(field["users"]["educator_a"])
    assert _send(client, _payload(field)).status_code == 403
    assert not StreetSession.objects.exists()
    page = client.get(reverse("fieldwork:session_offline"))
    token = page.context["csrf_token"]
    response = client.post(
        reverse("fieldwork:session_sync"),
        json.dumps(_payload(field)),
        content_type="application/json",
        headers={"X-CSRFToken": str(token)},
    )
    assert response.status_code == 201


def test_the_kept_page_names_nobody_and_asks_only_anonymous_fields(client, field):
    client.force_login(field["users"]["educator_a"])
    response = client.get(reverse("fieldwork:session_offline"))
    assert response.status_code == 200
    html = response.content.decode()
    assert field["users"]["educator_a"].full_name not in html
    assert field["staff"].display_name not in html
    form_fields = {name for name in response.context["form"].fields if f'name="{name}"' in html}
    assert form_fields <= ALLOWED_FIELDS
    assert "educators" not in form_fields
    assert {"kind", "date", "duration", "where", "n_f_15_17"} <= form_fields
    assert 'rel="manifest"' in html


@pytest.mark.usefixtures("field")
def test_service_worker_and_manifest(client):
    sw = client.get(reverse("fieldwork:service_worker"))
    assert sw.status_code == 200
    assert sw["Content-Type"].startswith("application/javascript")
    body = sw.content.decode()
    assert '"/terrain/seances/hors-ligne/"' in body
    assert "/static/js/offline.js" in body
    assert "http" not in body.replace("self.location", "")  # every file from the app
    manifest = client.get(reverse("fieldwork:manifest")).json()
    assert manifest["start_url"] == reverse("fieldwork:session_offline")
    assert manifest["scope"] == "/terrain/"
    assert manifest["lang"] == "fr"
    for icon in manifest["icons"]:
        assert icon["src"].startswith(settings.STATIC_URL)
        assert finders.find(icon["src"].removeprefix(settings.STATIC_URL))


def test_the_sync_endpoint_is_for_field_users_only(client, field):
    client.force_login(field["users"]["departement_agent"])
    assert _send(client, _payload(field)).status_code == 404
    client.logout()
    response = _send(client, _payload(field))
    assert response.status_code == 302
    assert not StreetSession.objects.exists()
