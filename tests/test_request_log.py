"""Structured logs carry no personal data (issue 12, « Operable »): pages that handle a youth's
identity are driven, and every log record, as the production formatter writes it, is scanned
for the identity typed in the forms and the record's identifiers."""

from __future__ import annotations

import json
import logging
import uuid

import pytest
from django.urls import reverse

from reperes.core.request_log import JsonFormatter
from reperes.fieldwork.models import Youth

IDENTITY = {
    "identity_consent_on": "2024-05-02",
    "last_name": "Quenouillard",
    "first_name": "Ysaline",
    "address": "17 rue des Glycines, 62300 Lens",
    "phone": "+33 6 41 52 63 74",
}
BIRTH_YEAR = "2007"
PSEUDONYM = "J-ORTIE"


def _lines(caplog) -> list[str]:
    formatter = JsonFormatter()
    return [formatter.format(record) for record in caplog.records]


@pytest.fixture
def identity_journey(client, world, caplog):
    """An educator creates a youth, gives their identity, reads it, searches them by name and
    by phone, and follows a stale link; returns the youth."""
    caplog.set_level(logging.DEBUG)
    client.force_login(world["users"]["educator_a"])
    created = client.post(
        reverse("fieldwork:youth_create"),
        {
            "pseudonym": PSEUDONYM,
            "gender": "f",
            "birth_year": BIRTH_YEAR,
            "age_band": "?",
            "situation": "school",
            "qualification": "unknown",
            "first_met_on": "2024-09-12",
        },
    )
    assert created.status_code == 302
    youth = Youth.objects.get(pseudonym=PSEUDONYM)
    pk = {"pk": youth.public_id}
    # Refused first (no consent): the form comes back with what was typed.
    refused = client.post(
        reverse("fieldwork:youth_identity_edit", kwargs=pk), {**IDENTITY, "identity_consent_on": ""}
    )
    assert refused.status_code == 200
    saved = client.post(reverse("fieldwork:youth_identity_edit", kwargs=pk), IDENTITY)
    assert saved.status_code == 302
    assert client.get(reverse("fieldwork:youth_identity", kwargs=pk)).status_code == 200
    assert client.get(reverse("fieldwork:youth_detail", kwargs=pk)).status_code == 200
    found = client.post(
        reverse("fieldwork:youth_list"),
        {"nom": IDENTITY["last_name"], "prenom": IDENTITY["first_name"]},
    )
    assert [row["youth"] for row in found.context["rows"]] == [youth]
    client.post(reverse("fieldwork:youth_list"), {"telephone": IDENTITY["phone"]})
    # A name in a query string (never sent by the forms) must not reach the logs either.
    client.get(reverse("fieldwork:youth_list"), {"nom": IDENTITY["last_name"]})
    missing = client.get(reverse("fieldwork:youth_detail", kwargs={"pk": uuid.uuid4()}))
    assert missing.status_code == 404
    return youth, _lines(caplog)


def test_logs_carry_no_identity(identity_journey):
    youth, lines = identity_journey
    text = "\n".join(lines).casefold()
    forbidden = [
        IDENTITY["last_name"],
        IDENTITY["first_name"],
        "Glycines",
        "41 52 63 74",
        "41526374",
        BIRTH_YEAR,
        PSEUDONYM,
        str(youth.public_id),
        youth.public_id.hex,
    ]
    for value in forbidden:
        assert value.casefold() not in text, value
    # No record identifier either: the 404 above named a random one in Django's own message.
    assert "/terrain/jeunes/" not in text.replace("terrain/jeunes/<uuid:pk>/", "")


def test_each_request_is_one_line_with_route_status_duration_role(identity_journey, world):
    _, lines = identity_journey
    entries = [json.loads(line) for line in lines]
    requests = [e for e in entries if e["logger"] == "reperes.request"]
    # Every request of the journey: create, refused, saved, identity, detail, two searches, the
    # GET with a query string and the 404.
    assert len(requests) == 9
    assert {e["role"] for e in requests} == {"educator"}
    assert all(len(e["request_id"]) >= 8 for e in requests)
    assert len({e["request_id"] for e in requests}) == 9
    assert [(e["method"], e["route"], e["status"]) for e in requests[:3]] == [
        ("POST", "terrain/jeunes/nouveau/", 302),
        ("POST", "terrain/jeunes/<uuid:pk>/identite/modifier/", 200),
        ("POST", "terrain/jeunes/<uuid:pk>/identite/modifier/", 302),
    ]
    assert requests[-1]["status"] == 404
    assert all(isinstance(e["duration_ms"], float) and e["duration_ms"] >= 0 for e in requests)
    # The user is their role, never their name or address.
    user = world["users"]["educator_a"]
    text = "\n".join(lines)
    assert user.email not in text
    assert user.full_name not in text


def test_the_request_id_comes_from_the_proxy_when_well_formed(client, world, caplog):
    caplog.set_level(logging.INFO, logger="reperes.request")
    client.force_login(world["users"]["educator_a"])
    response = client.get(reverse("core:home"), HTTP_X_REQUEST_ID="proxy-id-1234")
    assert response["X-Request-ID"] == "proxy-id-1234"
    forged = client.get(reverse("core:home"), HTTP_X_REQUEST_ID="Dupont <script>")
    assert forged["X-Request-ID"] != "Dupont <script>"
    assert len(forged["X-Request-ID"]) == 32
    ids = [json.loads(line).get("request_id") for line in _lines(caplog)]
    assert "proxy-id-1234" in ids
    assert "Dupont <script>" not in ids


@pytest.mark.usefixtures("db")
def test_anonymous_requests_log_their_role_as_anonymous(client, caplog):
    caplog.set_level(logging.INFO, logger="reperes.request")
    client.get(reverse("accounts:login"))
    (entry,) = [json.loads(line) for line in _lines(caplog)]
    assert (entry["route"], entry["status"], entry["role"]) == ("compte/connexion/", 200, "anonyme")
