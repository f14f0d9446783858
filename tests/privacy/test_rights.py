"""Rights requests (GDPR art. 12 and 15 to 22): the register, the deadline and its extension,
the decision and the letter, reminders, the erasure and its certificate, who reads what."""

from __future__ import annotations

from datetime import date
from html import unescape
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from reperes.core.models import AuditEntry
from reperes.fieldwork.models import AccessLogEntry, Youth
from reperes.privacy import rights
from reperes.privacy.models import LegalHold, RequestStatus, RightsRequest
from tests.factories import UserFactory
from tests.fieldwork.factories import YouthFactory

RECEIVED = date(2025, 5, 20)
NAME = "Solène Varnier-Test"


@pytest.fixture
def youth(world):
    return YouthFactory(service=world["services"]["a"], pseudonym="J-RIGHTS", with_identity=True)


def _form(**extra):
    return {
        "kind": "access",
        "requester_kind": "parent",
        "requester_name": NAME,
        "requester_address": "3 allée des Cèdres, 26000 Valence",
        "identified_by": "Carte d'identité présentée à l'accueil",
        "received_on": RECEIVED.isoformat(),
        "details": "Copie de toutes les données de ma fille.",
        "pseudonym": "j-rights",
        **extra,
    }


def _record(client, world, **extra):
    client.force_login(world["users"]["director_a"])
    return client.post(reverse("privacy:rights_new"), _form(**extra))


def _request(world, youth=None, **data):
    values = {
        "kind": "access",
        "requester_kind": "youth",
        "requester_name": NAME,
        "identified_by": "Pièce d'identité",
        "received_on": RECEIVED,
        "youth": youth,
        **data,
    }
    return rights.record(world["users"]["director_a"], world["services"]["a"], values)


def _url(name, item, query=""):
    return reverse(f"privacy:{name}", kwargs={"pk": item.public_id}) + query


# ---------------------------------------------------------------- the deadline
def test_due_one_month_after_receipt_at_the_end_of_a_short_month():
    assert rights.due_on(date(2025, 5, 20)) == date(2025, 6, 20)
    assert rights.due_on(date(2025, 1, 31)) == date(2025, 2, 28)
    assert rights.due_on(date(2024, 1, 31)) == date(2024, 2, 29)


def test_recording_a_request_finds_the_youth_by_pseudonym_and_sets_the_deadline(
    client, world, youth
):
    response = _record(client, world)
    item = RightsRequest.objects.get()
    assert response.url == _url("rights_detail", item)
    assert (item.youth, item.due_on, item.controller) == (
        youth,
        date(2025, 6, 20),
        world["orgs"]["operator_a"],
    )
    assert item.requester_name == NAME
    entry = AuditEntry.objects.get(action="privacy.rights.record")
    assert NAME not in entry.summary
    assert "J-RIGHTS" not in entry.summary


@pytest.mark.usefixtures("youth")
def test_a_request_without_a_record_and_bad_input(client, world):
    _record(client, world, pseudonym="")
    assert RightsRequest.objects.get().youth is None
    response = _record(client, world, pseudonym="J-NOBODY", requester_name="Autre Nom")
    page = unescape(response.content.decode())
    assert "Aucune fiche du service ne porte ce pseudonyme" in page
    assert "Autre Nom" in page  # what was typed stays
    response = _record(client, world, received_on="2025-06-02")
    assert "ne peut pas être dans le futur" in unescape(response.content.decode())
    assert RightsRequest.objects.count() == 1


def test_a_youth_of_another_service_is_not_found(client, world):
    YouthFactory(service=world["services"]["b"], pseudonym="J-OTHER")
    response = _record(client, world, pseudonym="J-OTHER")
    assert "Aucune fiche du service" in unescape(response.content.decode())


def test_extension_by_two_months_at_most_with_a_reason(world, access_day):
    item = _request(world)
    director = world["users"]["director_a"]
    with pytest.raises(ValidationError, match="motif"):
        rights.extend(director, item, date(2025, 8, 20), " ")
    with pytest.raises(ValidationError, match="deux mois au plus"):
        rights.extend(director, item, date(2025, 8, 21), "Demandes nombreuses")
    with pytest.raises(ValidationError, match="suivre"):
        rights.extend(director, item, date(2025, 6, 20), "Demandes nombreuses")
    rights.extend(director, item, date(2025, 8, 20), "Demandes nombreuses")
    item.refresh_from_db()
    assert item.deadline == date(2025, 8, 20)
    late = _request(world)
    access_day.move(date(2025, 6, 21))
    with pytest.raises(ValidationError, match="mois qui suit la réception"):
        rights.extend(director, late, date(2025, 7, 20), "Trop tard")


def test_extension_form_shows_the_rule_and_keeps_the_input(client, world):
    item = _request(world)
    client.force_login(world["users"]["director_a"])
    response = client.post(
        _url("rights_extend", item), {"extended_to": "2025-09-01", "extension_reason": "Volume"}
    )
    page = unescape(response.content.decode())
    assert "deux mois au plus, soit jusqu'au 20/08/2025" in page
    assert "Volume" in page
    item.refresh_from_db()
    assert item.extended_to is None


def test_a_refusal_needs_reasons_and_the_letter_says_how_to_complain(client, world, youth):
    item = _request(world, youth)
    director = world["users"]["director_a"]
    with pytest.raises(ValidationError, match="motiv"):
        rights.decide(director, item, "refused", "", date(2025, 5, 30))
    with pytest.raises(ValidationError, match="motiv"):
        rights.decide(director, item, "partly", "", date(2025, 5, 30))
    rights.decide(director, item, "refused", "Demande manifestement infondée.", date(2025, 5, 30))
    client.force_login(director)
    page = unescape(client.get(_url("rights_letter", item)).content.decode())
    assert NAME in page
    assert "droit d'accès (article 15 du RGPD)" in page
    assert "Le 1er juin 2025" in page  # a draft is dated today
    assert "Demande manifestement infondée." in page
    assert "réclamation" in page
    pdf = client.get(_url("rights_letter", item, "?format=pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_letter_sent_answers_the_request(client, world):
    item = _request(world)
    director = world["users"]["director_a"]
    with pytest.raises(ValidationError, match="décision"):
        rights.mark_sent(director, item, date(2025, 5, 30))
    rights.decide(director, item, "granted", "", date(2025, 5, 29))
    with pytest.raises(ValidationError, match="entre la décision"):
        rights.mark_sent(director, item, date(2025, 5, 28))
    client.force_login(director)
    client.post(_url("rights_sent", item), {"letter_sent_on": "2025-05-30"})
    item.refresh_from_db()
    assert (item.status, item.letter_sent_on) == (RequestStatus.ANSWERED, date(2025, 5, 30))
    with pytest.raises(ValidationError, match="déjà été envoyée"):
        rights.decide(director, item, "refused", "Non", date(2025, 5, 30))


@pytest.mark.usefixtures("access_day")
def test_the_list_puts_open_requests_first_and_overdue_in_red(client, world):
    answered = _request(world, received_on=date(2025, 3, 1))
    rights.decide(world["users"]["director_a"], answered, "granted", "", date(2025, 3, 2))
    rights.mark_sent(world["users"]["director_a"], answered, date(2025, 3, 3))
    late = _request(world, received_on=date(2025, 4, 20))  # due 20 May
    soon = _request(world)  # due 20 June
    client.force_login(world["users"]["director_a"])
    page = unescape(client.get(reverse("privacy:rights_list")).content.decode())
    assert page.index(f"n° {late.pk}<") < page.index(f"n° {soon.pk}<")
    assert page.index(f"n° {soon.pk}<") < page.index(f"n° {answered.pk}<")
    assert "en retard de 12 jours" in page
    assert "19 jours restants" in page
    assert page.count('class="deadline-overdue"') == 1
    assert NAME not in page


# ---------------------------------------------------------------- reminders
def test_reminders_before_and_after_the_deadline_once_each(
    world, access_day, django_capture_on_commit_callbacks
):
    dpo = UserFactory(role="dpo", organisation=world["orgs"]["operator_a"])
    item = _request(world)  # due 20 June

    def _run(day):
        access_day.move(day)
        with django_capture_on_commit_callbacks(execute=True):
            call_command("rights_reminders", stdout=StringIO())

    _run(date(2025, 6, 12))
    assert mail.outbox == []
    _run(date(2025, 6, 13))  # seven days before
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([world["users"]["director_a"].email, dpo.email])
    assert NAME not in mail.outbox[0].body
    assert "20/06/2025" in mail.outbox[0].body
    _run(date(2025, 6, 20))
    assert len(mail.outbox) == 1
    _run(date(2025, 6, 21))
    assert len(mail.outbox) == 2
    assert "est dépassé" in mail.outbox[1].body
    _run(date(2025, 6, 25))
    assert len(mail.outbox) == 2
    item.refresh_from_db()
    assert item.reminded_on == date(2025, 6, 21)


def test_an_extension_brings_a_new_reminder_and_an_answer_none(
    world, access_day, django_capture_on_commit_callbacks
):
    item = _request(world)
    director = world["users"]["director_a"]
    access_day.move(date(2025, 6, 14))
    with django_capture_on_commit_callbacks(execute=True):
        rights.send_reminders()
    rights.extend(director, item, date(2025, 7, 31), "Complexité")
    item.refresh_from_db()
    assert rights.reminder_due(item, date(2025, 7, 20)) == ""
    assert rights.reminder_due(item, date(2025, 7, 24)) == "soon"
    rights.decide(director, item, "granted", "", date(2025, 6, 14))
    rights.mark_sent(director, item, date(2025, 6, 14))
    item.refresh_from_db()
    assert rights.reminder_due(item, date(2025, 8, 2)) == ""


# ---------------------------------------------------------------- who reads what
def test_the_dpo_reads_the_register_without_names_youth_or_export(client, world, youth):
    dpo = UserFactory(role="dpo", organisation=world["orgs"]["operator_a"])
    item = _request(world, youth, details="Copie de toutes les données")
    client.force_login(dpo)
    listing = unescape(client.get(reverse("privacy:rights_list")).content.decode())
    page = unescape(client.get(_url("rights_detail", item)).content.decode())
    assert f"Demande n° {item.pk}" in listing
    assert "20 juin 2025" in page
    for secret in (NAME, "J-RIGHTS", "Copie de toutes les données", "Pièce d'identité"):
        assert secret not in listing
        assert secret not in page
    for name in ("rights_export", "rights_letter", "rights_decide"):
        assert client.get(_url(name, item)).status_code == 403
    assert not AccessLogEntry.objects.filter(youth=youth).exists()
    assert [r.number for r in rights.open_requests(dpo)] == [item.pk]
    assert rights.open_requests(world["users"]["dpo"]) == []  # the Département's DPO


def test_reading_the_requester_is_logged_on_the_youth(client, world, youth):
    item = _request(world, youth)
    client.force_login(world["users"]["director_a"])
    page = unescape(client.get(_url("rights_detail", item)).content.decode())
    assert NAME in page
    assert "J-RIGHTS" in page
    entry = AccessLogEntry.objects.get(youth=youth)
    assert (entry.record, entry.record_id, entry.action) == (
        "rights_request",
        str(item.public_id),
        "view_identity",
    )
    assert entry.fields == ["requester_name", "requester_address"]


# ---------------------------------------------------------------- erasure
def test_erasure_anonymises_the_record_and_gives_a_certificate(client, world, youth):
    item = _request(world, youth, kind="erasure")
    director = world["users"]["director_a"]
    client.force_login(director)
    assert "suit une décision" in unescape(client.get(_url("rights_erase", item)).content.decode())
    rights.decide(director, item, "granted", "", date(2025, 5, 25))
    response = client.post(_url("rights_erase", item))
    assert response.url == _url("rights_certificate", item)
    youth = Youth.objects.get(pk=youth.pk)
    assert youth.anonymised_on == date(2025, 6, 1)
    assert not youth.has_identity
    item.refresh_from_db()
    assert item.erased_at
    assert len(item.erased_digest) == 64
    page = unescape(client.get(_url("rights_certificate", item)).content.decode())
    assert item.erased_digest in page
    assert "article 17" in page
    assert "Identités détruites (nom, prénom, adresse, téléphone, chiffrés, et leurs" in page
    assert "Dupontel" not in page
    pdf = client.get(_url("rights_certificate", item, "?format=pdf"))
    assert pdf.content.startswith(b"%PDF")
    assert "déjà été réalisé" in unescape(client.post(_url("rights_erase", item)).content.decode())


def test_no_erasure_under_an_active_legal_hold(client, world, youth):
    item = _request(world, youth, kind="erasure")
    director = world["users"]["director_a"]
    rights.decide(director, item, "granted", "", date(2025, 5, 25))
    LegalHold.objects.create(service=youth.service, youth=youth, reason="Réquisition judiciaire")
    client.force_login(director)
    page = unescape(client.post(_url("rights_erase", item)).content.decode())
    assert "gel de conservation en cours" in page
    assert Youth.objects.get(pk=youth.pk).anonymised_on is None
    item.refresh_from_db()
    assert item.erased_at is None
    assert client.get(_url("rights_certificate", item)).status_code == 404


def test_requests_are_never_deleted(world):
    item = _request(world)
    with pytest.raises(PermissionError):
        item.delete()
    with pytest.raises(PermissionError):
        RightsRequest.objects.all().delete()
