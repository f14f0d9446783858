"""The end of a convention (seed 001 art. 9): the request, the destruction, its proof."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from reperes.core.models import AuditEntry
from reperes.fieldwork.models import AccessLogEntry, Youth
from reperes.privacy import anonymise as anon
from reperes.privacy import destruction as ends
from reperes.privacy.models import Destruction, LegalHold
from reperes.privacy.views_destruction import pending_requests
from tests.conftest import accept
from tests.factories import (
    ConventionFactory,
    PartyFactory,
    UserFactory,
    make_data_protection_clause,
)
from tests.fieldwork.factories import YouthFactory

PARIS = ZoneInfo("Europe/Paris")
END = date(2025, 12, 31)  # conventions A and B of the world run 2023-2025
AFTER = date(2026, 1, 2)
PERFORMED_AT = datetime(2026, 1, 5, 10, 30, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr("reperes.privacy.destruction.now", lambda: PERFORMED_AT)


def _successor(world, *, starts_on=date(2026, 1, 1), decided_on=None):
    service = world["services"]["a"]
    successor = ConventionFactory(
        title="Convention A 2026-2028",
        service=service,
        starts_on=starts_on,
        ends_on=date(2028, 12, 31),
    )
    PartyFactory(convention=successor, organisation=world["orgs"]["departement"], role="pilot")
    PartyFactory(convention=successor, organisation=service.operator, role="operator", order=1)
    return accept(successor, on=decided_on)


def _request_a(world, access_day, on=AFTER):
    access_day.move(on)
    ends.detect(on)
    return Destruction.objects.get(convention=world["conventions"]["a"])


# --------------------------------------------------------------------------- detection


@pytest.mark.usefixtures("access_day")
def test_an_ended_convention_without_successor_yields_one_request(world):
    created = ends.detect(AFTER)
    by_convention = {d.convention_id: d for d in created}
    request = by_convention[world["conventions"]["a"].pk]
    assert (request.service, request.ended_on, request.requested_on) == (
        world["services"]["a"],
        END,
        AFTER,
    )
    assert request.status == "requested"
    # B ended too, with no successor; the ended 2024 convention of A was followed by A.
    assert set(by_convention) == {world["conventions"]["a"].pk, world["conventions"]["b"].pk}


def test_a_successor_on_the_next_day_means_no_request(world):
    _successor(world)
    created = ends.detect(AFTER)
    assert world["conventions"]["a"].pk not in {d.convention_id for d in created}


@pytest.mark.usefixtures("world")
def test_nothing_before_the_end():
    assert ends.detect(END) == []
    assert ends.detect(date(2025, 6, 1)) == []


@pytest.mark.usefixtures("world")
def test_detection_is_idempotent():
    first = ends.detect(AFTER)
    entries = AuditEntry.objects.count()
    assert first
    assert ends.detect(AFTER) == []
    assert ends.detect(date(2026, 3, 1)) == []
    assert Destruction.objects.count() == len(first)
    assert AuditEntry.objects.count() == entries


def test_the_last_day_follows_an_early_termination(world):
    convention = world["conventions"]["a"]
    convention.events.create(kind="termination", received_on=date(2025, 3, 10))
    assert ends.last_day(convention, date(2025, 6, 1)) == date(2025, 3, 9)
    assert ends.last_day(convention, date(2025, 3, 9)) is None


def test_the_director_and_the_controllers_dpo_are_told(world, django_capture_on_commit_callbacks):
    operator = world["orgs"]["operator_a"]
    UserFactory(role="dpo", organisation=operator, email="dpo@association-a.test")
    with django_capture_on_commit_callbacks(execute=True):
        ends.detect(AFTER)
    to_a = [m for m in mail.outbox if "SPS A" in m.subject]
    assert len(to_a) == 1
    assert set(to_a[0].to) == {world["users"]["director_a"].email, "dpo@association-a.test"}
    assert "RGPD, art. 5.1 e" in to_a[0].body


@pytest.mark.usefixtures("world")
def test_the_command_opens_the_requests(access_day):
    from io import StringIO

    from django.core.management import call_command

    access_day.move(AFTER)
    out = StringIO()
    call_command("end_of_conventions", stdout=out)
    assert "2 demande(s)" in out.getvalue()


# --------------------------------------------------------------------------- the mode


def test_the_mode_comes_from_the_data_protection_clause(world, access_day):
    make_data_protection_clause(
        world["conventions"]["a"], end="return_and_destroy", written_proof=True
    )
    request = _request_a(world, access_day)
    assert (request.mode, request.article, request.written_proof) == (
        "return_and_destroy",
        "art. 9",
        True,
    )
    assert ends.source_of(request).endswith("art. 9")


def test_without_a_clause_the_default_is_destruction_with_its_source(world, access_day):
    request = _request_a(world, access_day)
    assert (request.mode, request.article, request.written_proof) == ("destroy", "", False)
    assert ends.source_of(request) == ends.DEFAULT_SOURCE
    assert "RGPD, art. 5.1 e" in ends.DEFAULT_SOURCE


# --------------------------------------------------------------------------- performing


def _records(world):
    service_a = world["services"]["a"]
    return {
        "identity": YouthFactory(service=service_a, with_identity=True),
        "plain": YouthFactory(service=service_a),
        "held": YouthFactory(service=service_a, with_identity=True),
        "after_end": YouthFactory(service=service_a, first_met_on=date(2026, 1, 1)),
        "other_service": YouthFactory(service=world["services"]["b"]),
    }


def test_performing_anonymises_exactly_the_records_concerned(world, access_day, monkeypatch):
    records = _records(world)
    LegalHold.objects.create(
        service=world["services"]["a"], youth=records["held"], reason="Réquisition judiciaire"
    )
    request = _request_a(world, access_day)
    seen = {}
    real = anon.anonymise

    def spy(youths, **kwargs):
        youths = list(youths)
        seen["values"] = [anon._destroyed_values(y) for y in youths]
        seen["kwargs"] = kwargs
        return real(youths, **kwargs)

    monkeypatch.setattr(ends, "anonymise", spy)
    director = world["users"]["director_a"]
    ends.perform(director, request)

    for name, record in records.items():
        record.refresh_from_db()
        assert (record.anonymised_on is not None) == (name in {"identity", "plain"}), name
    request.refresh_from_db()
    assert request.status == "performed"
    assert request.performed_at == PERFORMED_AT
    assert request.performed_by == director
    assert request.counts["youths"] == 2
    assert request.counts["identities"] == 1
    assert request.counts["kept_under_hold"] == 1
    assert request.digest == anon.digest_of(seen["values"])
    assert seen["kwargs"]["reason"] == anon.END_OF_CONVENTION
    assert seen["kwargs"]["on"] == AFTER


def test_a_restitution_comes_first(world, access_day):
    make_data_protection_clause(world["conventions"]["a"], end="return", written_proof=True)
    request = _request_a(world, access_day)
    director = world["users"]["director_a"]
    with pytest.raises(ends.Refused, match="restitution"):
        ends.perform(director, request)
    ends.record_return(director, request, date(2026, 1, 3), "Clé chiffrée remise en main propre")
    assert ends.perform(director, request).status == "performed"


def test_a_successor_signed_later_makes_the_request_moot(world, access_day):
    request = _request_a(world, access_day)
    youth = YouthFactory(service=world["services"]["a"], with_identity=True)
    _successor(world, decided_on=date(2026, 2, 15))
    access_day.move(date(2026, 2, 14))
    assert ends.no_longer_applies(request) == []
    access_day.move(date(2026, 2, 16))
    assert [c.title for c in ends.no_longer_applies(request)] == ["Convention A 2026-2028"]
    with pytest.raises(ends.Refused, match="ne s'applique plus"):
        ends.perform(world["users"]["director_a"], request)
    youth.refresh_from_db()
    assert youth.anonymised_on is None
    assert youth.has_identity


def test_performing_twice_is_refused(world, access_day):
    request = _request_a(world, access_day)
    ends.perform(world["users"]["director_a"], request)
    with pytest.raises(ends.Refused, match="déjà"):
        ends.perform(world["users"]["director_a"], request)


# --------------------------------------------------------------------------- pages


def test_the_director_performs_in_the_browser_and_gets_the_proof(client, world, access_day):
    records = _records(world)
    request = _request_a(world, access_day)
    client.force_login(world["users"]["director_a"])
    page = client.get(reverse("privacy:destruction_detail", kwargs={"pk": request.pk}))
    assert "RGPD, art. 5.1 e" in page.content.decode()
    url = reverse("privacy:destruction_perform", kwargs={"pk": request.pk})
    refused = client.post(url, {})
    assert refused.status_code == 400
    assert "Cochez la case" in refused.content.decode()
    assert Youth.objects.get(pk=records["plain"].pk).anonymised_on is None
    response = client.post(url, {"confirm": "oui"})
    assert response.status_code == 302
    proof = client.get(response["Location"]).content.decode()
    request.refresh_from_db()
    for text in (
        "Preuve de destruction des données nominatives",
        "5 janvier 2026",
        request.digest,
        "Association A",
        "Département de Test",
        "Commune de Test",
        "RGPD, art. 5.1 e",
        world["users"]["director_a"].get_full_name(),
    ):
        assert text in proof, text
    pdf = client.get(reverse("privacy:destruction_proof_pdf", kwargs={"pk": request.pk}))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_restitution_export_holds_the_service_records_and_is_logged(client, world, access_day):
    make_data_protection_clause(
        world["conventions"]["a"], end="return_and_destroy", written_proof=True
    )
    records = _records(world)
    request = _request_a(world, access_day)
    client.force_login(world["users"]["director_a"])
    response = client.get(reverse("privacy:destruction_export", kwargs={"pk": request.pk}))
    data = json.loads(response.content)
    exported = {row["identifiant"] for row in data["fiches"]}
    assert exported == {str(records[n].public_id) for n in ("identity", "plain", "held")}
    row = next(r for r in data["fiches"] if r["identifiant"] == str(records["identity"].public_id))
    assert row["identite"]["last_name"] == "Dupontel"
    logged = AccessLogEntry.objects.filter(youth_public_id=records["identity"].public_id)
    assert logged.filter(action="view_identity", record="restitution").count() == 1


def test_the_restitution_form_keeps_what_was_typed(client, world, access_day):
    make_data_protection_clause(world["conventions"]["a"], end="return", written_proof=False)
    request = _request_a(world, access_day)
    client.force_login(world["users"]["director_a"])
    url = reverse("privacy:destruction_return", kwargs={"pk": request.pk})
    response = client.post(url, {"returned_on": "2027-01-01", "returned_how": "Clé USB"})
    assert "dans le futur" in response.content.decode()
    assert "Clé USB" in response.content.decode()
    request.refresh_from_db()
    assert request.returned_on is None
    client.post(url, {"returned_on": "2026-01-02", "returned_how": "Clé USB"})
    request.refresh_from_db()
    assert (request.returned_on, request.returned_how) == (date(2026, 1, 2), "Clé USB")


def test_the_proof_is_sent_to_the_funders_agents(
    client, world, access_day, django_capture_on_commit_callbacks
):
    request = _request_a(world, access_day)
    ends.perform(world["users"]["director_a"], request)
    client.force_login(world["users"]["director_a"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:destruction_send", kwargs={"pk": request.pk}))
    request.refresh_from_db()
    assert request.sent_to_funder_on == AFTER
    (message,) = mail.outbox
    assert set(message.to) == {
        world["users"]["departement_agent"].email,
        world["users"]["commune_agent"].email,
    }
    assert message.attachments[0][2] == "application/pdf"
    assert AuditEntry.objects.filter(action="privacy.destruction.send").count() == 1


def test_funders_see_the_proof_once_performed_with_counts_only(client, world, access_day):
    records = _records(world)
    request = _request_a(world, access_day)
    url = reverse("privacy:destruction_proof", kwargs={"pk": request.pk})
    received = reverse("privacy:destruction_received")
    client.force_login(world["users"]["departement_agent"])
    assert client.get(url).status_code == 404
    assert request.service.name not in client.get(received).content.decode()
    ends.perform(world["users"]["director_a"], request)
    page = client.get(url).content.decode()
    assert "Preuve de destruction" in page
    assert records["identity"].pseudonym not in page
    assert request.service.name in client.get(received).content.decode()
    client.force_login(world["users"]["outsider"])
    assert client.get(url).status_code == 404


def test_pending_requests_for_the_desk(world, access_day):
    request = _request_a(world, access_day)
    dpo_a = UserFactory(role="dpo", organisation=world["orgs"]["operator_a"])
    assert list(pending_requests(dpo_a)) == [request]
    assert list(pending_requests(world["users"]["dpo"])) == []  # the Département's DPO
    assert request in pending_requests(world["users"]["platform_admin"])
    assert list(pending_requests(world["users"]["departement_agent"])) == []
    ends.perform(world["users"]["director_a"], request)
    assert list(pending_requests(dpo_a)) == []


def test_the_controllers_dpo_reads_but_does_not_perform(client, world, access_day):
    request = _request_a(world, access_day)
    client.force_login(UserFactory(role="dpo", organisation=world["orgs"]["operator_a"]))
    assert (
        client.get(reverse("privacy:destruction_detail", kwargs={"pk": request.pk})).status_code
        == 200
    )
    response = client.post(
        reverse("privacy:destruction_perform", kwargs={"pk": request.pk}), {"confirm": "oui"}
    )
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == "requested"


def test_a_record_met_after_the_end_is_not_counted(world, access_day):
    YouthFactory(service=world["services"]["a"], first_met_on=END + timedelta(days=1))
    request = _request_a(world, access_day)
    assert ends.youths_concerned(request).count() == 0


def test_a_convention_accepted_after_its_end_never_bound_and_asks_nothing(world):
    convention = world["conventions"]["b"]
    convention.operator_decided_on = date(2026, 1, 10)
    convention.save()
    assert convention.pk not in {d.convention_id for d in ends.detect(date(2026, 2, 1))}
