"""Pages and API of the governance app, as the personas of ``tests/conftest.py`` see them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import dateformat, timezone

from reperes.governance.enums import MeetingStatus
from reperes.governance.models import Body, Meeting
from tests.governance.factories import (
    AttendanceFactory,
    BodyFactory,
    DecisionFactory,
    InvitationFactory,
    MeetingDocumentFactory,
    MeetingFactory,
    SeatFactory,
    paris,
)
from tests.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def body(world):
    body = BodyFactory(
        convention=world["conventions"]["a"], name="Conseil pédagogique", conseil_pedagogique=True
    )
    SeatFactory(body=body, label="Le maire et/ou son représentant", count=1)
    return body


@pytest.fixture
def full_meeting(body):
    meeting = MeetingFactory(body=body, held=True)
    InvitationFactory(meeting=meeting, name="Sam Fictif", email="sam@exemple.test")
    AttendanceFactory(meeting=meeting, name="Sam Fictif")
    AttendanceFactory(meeting=meeting, name="Jo Supposé", present=False, represented_by="Sam")
    DecisionFactory(meeting=meeting, text="Le programme est adopté.")
    MeetingDocumentFactory(meeting=meeting, title="Reporting d'activité", due_days_before=1)
    return meeting


def test_every_page_renders_without_undefined_variables(client, world, body, full_meeting):
    client.force_login(world["users"]["director_a"])
    planned = MeetingFactory(body=body)
    document = full_meeting.documents.get()
    # The pages, by the object they are opened on.
    pages = [
        (None, ["list"]),
        (body.convention.pk, ["convention", "body_create"]),
        (body.pk, ["body", "body_update", "plan"]),
        (full_meeting.public_id, ["meeting", "attendance", "minutes"]),
        (planned.public_id, ["meeting", "invite", "attendance", "cancel", "document_add"]),
        (document.pk, ["document_receive"]),
    ]
    urls = [
        reverse(f"governance:{name}", args=[] if pk is None else [pk])
        for pk, names in pages
        for name in names
    ]
    urls.append(reverse("governance:list") + "?annee=2025&etat=overdue")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_meeting_page_shows_everything(client, world, full_meeting):
    client.force_login(world["users"]["director_a"])
    page = client.get(reverse("governance:meeting", args=[full_meeting.public_id]))
    html = page.content.decode()
    for text in [
        "Bilan ; orientations",
        "Sam Fictif",
        "sam@exemple.test",
        "Représenté·e par Sam",
        "Le programme est adopté.",
        "Reporting d&#x27;activité",
        "Compte rendu de test.",
    ]:
        assert text in html, text
    # The document's row gives its due date, the day before the meeting, in full French.
    due = full_meeting.day - timedelta(days=1)
    day = "1er" if due.day == 1 else str(due.day)
    # The month's name from Django's French translations, not from the code under test.
    expected = f"{day} {dateformat.format(due, 'F')} {due.year}"
    row = re.search(r"<tr>\s*<td>Reporting d&#x27;activité</td>\s*<td>([^<]*)</td>", html)
    assert row is not None
    assert row.group(1) == expected


def test_read_only_members_see_names_but_not_addresses(client, world, full_meeting):
    client.force_login(world["users"]["educator_a"])
    html = client.get(reverse("governance:meeting", args=[full_meeting.public_id])).content
    assert b"Sam Fictif" in html
    assert b"sam@exemple.test" not in html
    assert reverse("governance:invite", args=[full_meeting.public_id]).encode() not in html


def test_create_a_body_from_its_written_frequency(client, world):
    convention = world["conventions"]["a"]
    pilot = convention.parties.get(role="pilot")
    client.force_login(world["users"]["departement_agent"])
    response = client.post(
        reverse("governance:body_create", args=[convention.pk]),
        {
            "kind": "comite_suivi_local",
            "name": "Comité de suivi local",
            "organiser": pilot.pk,
            "frequency_text": "se réunira tous les deux mois",
            "meetings_per_year": "",
            "sieges-TOTAL_FORMS": "2",
            "sieges-INITIAL_FORMS": "0",
            "sieges-0-label": "Le Maire",
            "sieges-0-organisation": world["orgs"]["commune"].pk,
            "sieges-0-count": "1",
            "sieges-1-label": "",
            "documents-TOTAL_FORMS": "1",
            "documents-INITIAL_FORMS": "0",
            "documents-0-title": "",
        },
    )
    body = Body.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:body", args=[body.pk])
    assert (body.meetings_per_year, body.minimum, body.regular_interval) == (6, False, True)
    assert body.seats.get().label == "Le Maire"


def test_a_form_error_keeps_what_was_typed(client, world):
    convention = world["conventions"]["a"]
    client.force_login(world["users"]["departement_agent"])
    response = client.post(
        reverse("governance:body_create", args=[convention.pk]),
        {
            "kind": "comite_pilotage",
            "name": "Comité de pilotage du territoire",
            "organiser": world["conventions"]["b"].parties.first().pk,
            "frequency_text": "autant que de besoin",
            "minimum": "on",
            "sieges-TOTAL_FORMS": "1",
            "sieges-INITIAL_FORMS": "0",
            "sieges-0-label": "Le conseiller départemental délégué",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
        },
    )
    page_text(
        response,
        "L&#x27;organisateur d&#x27;une instance doit être partie à la convention.",
        "Indiquez le nombre de réunions par an, ou décochez « au moins ».",
        'value="Comité de pilotage du territoire"',
        'value="autant que de besoin"',
        'value="Le conseiller départemental délégué"',
    )
    assert not Body.objects.exists()


def test_planning_errors_are_french_and_keep_the_values(client, world, body):
    client.force_login(world["users"]["director_a"])
    url = reverse("governance:plan", args=[body.pk])
    response = client.post(
        url, {"day": "2030-03-14", "start": "14:00", "end": "13:00", "place": "Mairie annexe"}
    )
    assert "La fin de la réunion doit suivre son début." in response.content.decode()
    assert 'value="Mairie annexe"' in response.content.decode()
    response = client.post(url, {"day": "2030-03-14", "start": "14:00", "place": "Mairie"})
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("governance:meeting", args=[meeting.public_id])
    assert meeting.starts_at == paris(2030, 3, 14, 14)


def test_invite_through_the_page(client, world, body, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(body=body)
    client.force_login(world["users"]["director_a"])
    url = reverse("governance:invite", args=[meeting.public_id])
    response = client.post(url, {"addresses": "pas-une-adresse\nSam Fictif <sam@exemple.test>"})
    assert "Adresse invalide : « pas-une-adresse »." in response.content.decode()
    assert "Sam Fictif &lt;sam@exemple.test&gt;" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"addresses": "Sam Fictif <sam@exemple.test>; b@exemple.test"})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["b@exemple.test", "sam@exemple.test"]
    assert meeting.invitations.get(email="sam@exemple.test").name == "Sam Fictif"


def test_attendance_sheet_prefilled_from_invitations(client, world, body):
    meeting = MeetingFactory(body=body, past=True)
    InvitationFactory(meeting=meeting, name="Sam Fictif")
    client.force_login(world["users"]["director_a"])
    url = reverse("governance:attendance", args=[meeting.public_id])
    assert 'value="Sam Fictif"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "presences-TOTAL_FORMS": "2",
            "presences-INITIAL_FORMS": "1",
            "presences-0-name": "Sam Fictif",
            "presences-0-present": "on",
            "presences-1-name": "Jo Supposé",
            "presences-1-represented_by": "Sam Fictif",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.attendances.get(name="Jo Supposé").represented_by == "Sam Fictif"


def test_attendance_refused_for_a_meeting_to_come(client, world, body):
    meeting = MeetingFactory(body=body)
    client.force_login(world["users"]["director_a"])
    response = client.post(
        reverse("governance:attendance", args=[meeting.public_id]),
        {
            "presences-TOTAL_FORMS": "1",
            "presences-INITIAL_FORMS": "0",
            "presences-0-name": "Sam Fictif",
            "presences-0-present": "on",
        },
    )
    assert response.status_code == 200
    assert "pas encore eu lieu" in response.content.decode()
    assert 'value="Sam Fictif"' in response.content.decode()


def test_minutes_refuse_a_file_that_is_not_a_pdf(client, world, body):
    meeting = MeetingFactory(body=body, past=True)
    client.force_login(world["users"]["director_a"])
    response = client.post(
        reverse("governance:minutes", args=[meeting.public_id]),
        {
            "minutes": "Texte tapé",
            "decisions": "Décision 1",
            "minutes_file": SimpleUploadedFile("cr.pdf", b"GIF89a"),
        },
    )
    html = response.content.decode()
    assert "Le document doit être un fichier PDF." in html
    assert "Texte tapé" in html
    assert "Décision 1" in html
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


@pytest.mark.parametrize(
    ("persona", "code"), [("educator_a", 403), ("dpo", 403), ("outsider", 404)]
)
def test_writes_are_refused_and_nothing_changes(client, world, body, persona, code):
    meeting = MeetingFactory(body=body)
    client.force_login(world["users"][persona])
    response = client.post(reverse("governance:cancel", args=[meeting.public_id]), {"reason": "x"})
    assert response.status_code == code
    response = client.post(
        reverse("governance:plan", args=[body.pk]), {"day": "2030-01-01", "start": "10:00"}
    )
    assert response.status_code == code
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    assert body.meetings.count() == 1


def test_cancel_and_receive_a_document(client, world, body):
    meeting = MeetingFactory(body=body)
    document = MeetingDocumentFactory(meeting=meeting)
    client.force_login(world["users"]["commune_agent"])
    today = timezone.localdate()
    response = client.post(
        reverse("governance:document_receive", args=[document.pk]),
        {"received_on": today.isoformat()},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.received_on == today
    client.post(reverse("governance:cancel", args=[meeting.public_id]), {"reason": "Report"})
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancellation_reason) == (MeetingStatus.CANCELLED, "Report")


def test_ics_download(client, world, body):
    meeting = MeetingFactory(body=body)
    client.force_login(world["users"]["educator_a"])
    response = client.get(reverse("governance:ics", args=[meeting.public_id]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f"UID:{meeting.public_id}@reperes\r\n".encode() in response.content


def _make_bodies(convention, count):
    for _ in range(count):
        body = BodyFactory(convention=convention)
        SeatFactory(body=body)
        MeetingFactory(body=body, held=True)
        MeetingFactory(body=body)


def test_list_query_count_does_not_grow_with_bodies(
    client, world, django_assert_max_num_queries, django_assert_num_queries
):
    client.force_login(world["users"]["departement_agent"])
    _make_bodies(world["conventions"]["a"], 2)
    client.get(reverse("governance:list"))  # the first request renews the session
    with django_assert_max_num_queries(20) as small:
        assert client.get(reverse("governance:list")).status_code == 200
    _make_bodies(world["conventions"]["a"], 5)
    _make_bodies(world["conventions"]["b"], 5)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("governance:list"))
    assert len(response.context["rows"]) == 12


def test_list_filters_by_state(client, world):
    body = BodyFactory(convention=world["conventions"]["a"], name="En retard")
    BodyFactory(convention=world["conventions"]["a"], name="À jour")
    MeetingFactory(body=Body.objects.get(name="À jour"), starts_at=paris(2025, 5, 1), status="held")
    client.force_login(world["users"]["commune_agent"])
    response = client.get(
        reverse("governance:list"), {"annee": "2025", "etat": "overdue", "date": "2026-02-01"}
    )
    assert [r.body for r in response.context["rows"]] == [body]
    html = response.content.decode()
    assert "1 réunion manquante sur 1 au minimum" in html
    # Years are not numbers to localise (« 2 025 »).
    assert f"{reverse('governance:body', args=[body.pk])}?annee=2025" in html
    assert '<option value="2025" selected>2025</option>' in html


def test_convention_page_summarises_the_year(client, world, body):
    MeetingFactory(body=body, starts_at=paris(2025, 3, 13), status="held")
    client.force_login(world["users"]["educator_a"])
    response = client.get(
        reverse("governance:convention", args=[body.convention.pk]), {"annee": "2025"}
    )
    html = response.content.decode()
    assert "1 réunion manquante sur 2" in html
    assert "La convention s&#x27;applique en 2025" in html
    assert "Le maire et/ou son représentant" in html
    assert "Nouvelle instance" not in html  # read-only member


# API --------------------------------------------------------------------------------------


def test_api_body_carries_held_versus_required(client, world, body):
    MeetingFactory(body=body, starts_at=paris(2025, 3, 13), status="held")
    client.force_login(world["users"]["commune_agent"])
    data = client.get(reverse("api:body-detail", args=[body.pk]), {"year": "2025"}).json()
    assert data["name"] == "Conseil pédagogique"
    assert data["seats"] == [
        {"label": "Le maire et/ou son représentant", "organisation": None, "count": 1}
    ]
    compliance = data["compliance"]
    assert (compliance["year"], compliance["required"], compliance["held"]) == (2025, 2, 1)
    assert compliance["summary"] == "1 réunion manquante sur 2"
    assert compliance["state"] in {"in_progress", "overdue"}
    response = client.get(reverse("api:body-detail", args=[body.pk]), {"year": "deux"})
    assert response.status_code == 400
    assert response.json() == {"year": "Année invalide : indiquez par exemple 2025."}


def test_api_meetings_by_public_id_without_addresses(client, world, full_meeting):
    client.force_login(world["users"]["director_a"])
    data = client.get(reverse("api:meeting-detail", args=[full_meeting.public_id])).json()
    assert data["id"] == str(full_meeting.public_id)
    assert (data["invitations"], data["present"]) == (1, 1)
    assert data["decisions"] == ["Le programme est adopté."]
    assert data["documents"][0]["due_on"] == (full_meeting.day - timedelta(days=1)).isoformat()
    assert "sam@exemple.test" not in str(data)
    client.force_login(world["users"]["educator_b"])
    assert client.get(reverse("api:meeting-list")).json()["results"] == []
    assert client.get(reverse("api:body-list")).json()["results"] == []


def test_year_defaults_to_the_reference_date(client, world, body):
    client.force_login(world["users"]["director_a"])
    response = client.get(reverse("governance:body", args=[body.pk]), {"date": "2024-05-02"})
    assert response.context["year"] == 2024
    assert response.context["compliance"].year == 2024
    response = client.get(reverse("governance:body", args=[body.pk]))
    assert response.context["year"] == timezone.localdate().year
    # A malformed year is a French 400 (reperes/core/params.py), never a page for year 0.
    response = client.get(reverse("governance:body", args=[body.pk]), {"annee": "vingt"})
    assert response.status_code == 400
