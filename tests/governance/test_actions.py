"""Named actions of the governance app: one transaction, an audit entry, e-mails on commit."""

from __future__ import annotations

import email
from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from reperes.core.models import AuditEntry
from reperes.governance import actions, ics
from reperes.governance.actions import AttendanceInput, DocumentInput, InviteeInput, SeatInput
from reperes.governance.enums import BodyKind, MeetingStatus
from reperes.governance.models import Body, Invitation, MeetingDocument
from tests.factories import PartyFactory
from tests.governance.factories import (
    BodyFactory,
    DocumentRequirementFactory,
    InvitationFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db

BODY_FIELDS = {
    "kind": BodyKind.CONSEIL_PEDAGOGIQUE,
    "name": "Conseil pédagogique",
    "frequency_text": "deux fois par an",
    "meetings_per_year": 2,
}


def test_create_body_with_seats_and_documents(world):
    convention = world["conventions"]["a"]
    operator = convention.parties.get(role="operator")
    body = actions.create_body(
        world["users"]["director_a"],
        convention,
        {**BODY_FIELDS, "organiser": operator},
        [
            SeatInput("Le maire et/ou son représentant", world["orgs"]["commune"].pk),
            SeatInput("Représentants de la CAF", None, 4),
        ],
        [DocumentInput("Reporting d'activité", 1)],
    )
    assert body.seat_total == 5
    assert [s.label for s in body.seats.all()][0] == "Le maire et/ou son représentant"
    assert body.document_requirements.get().due_days_before == 1
    assert AuditEntry.objects.filter(action="governance.body.create").count() == 1


def test_the_organiser_must_be_a_party_of_the_convention(world):
    convention = world["conventions"]["a"]
    foreign = world["conventions"]["b"].parties.first()
    with pytest.raises(ValidationError) as error:
        actions.create_body(
            world["users"]["departement_agent"], convention, {**BODY_FIELDS, "organiser": foreign}
        )
    assert error.value.message_dict == {
        "organiser": ["L'organisateur d'une instance doit être partie à la convention."]
    }
    assert not Body.objects.exists()
    assert not AuditEntry.objects.filter(action="governance.body.create").exists()
    # The model says the same to anyone who calls full_clean.
    body = Body(convention=convention, organiser=foreign, kind="other", name="X")
    with pytest.raises(ValidationError, match="doit être partie à la convention"):
        body.full_clean()


def test_update_replaces_the_composition(world):
    body = BodyFactory(convention=world["conventions"]["a"])
    actions.update_body(
        world["users"]["departement_agent"],
        body,
        {"chair": "La Présidente"},
        [SeatInput("Un élu")],
    )
    body.refresh_from_db()
    assert body.chair == "La Présidente"
    assert [s.label for s in body.seats.all()] == ["Un élu"]


def test_database_refuses_inconsistent_frequencies(world):
    body = BodyFactory.build(
        convention=world["conventions"]["a"],
        organiser=world["conventions"]["a"].parties.first(),
        meetings_per_year=5,
        regular_interval=True,
    )
    with pytest.raises(ValidationError, match="Un intervalle régulier suppose"):
        body.full_clean()


def test_planning_copies_the_documents_due_before_each_meeting(world):
    requirement = DocumentRequirementFactory(body__convention=world["conventions"]["a"])
    starts = timezone.now() + timedelta(days=30)
    meeting = actions.plan_meeting(
        world["users"]["director_a"], requirement.body, starts_at=starts, place="Salle"
    )
    document = meeting.documents.get()
    assert document.title == requirement.title
    assert document.due_on == meeting.day - timedelta(days=7)
    assert meeting.ends_at == starts + timedelta(hours=2)


def _calendar_part(message):
    parsed = email.message_from_bytes(message.message().as_bytes())
    parts = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    assert parts[0].get_filename() == "reunion.ics"
    return parts[0].get_payload(decode=True)


def test_invitations_leave_after_commit_with_a_parseable_ics(
    world, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(body__convention=world["conventions"]["a"], place="Mairie, salle 2")
    invitees = [
        InviteeInput("maire@exemple.test", "Sam Fictif"),
        InviteeInput("dgs@exemple.test"),
    ]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.send_invitations(world["users"]["director_a"], meeting, invitees)
    # Nothing leaves before the commit.
    assert mail.outbox == []
    assert len(callbacks) == 1
    assert not Invitation.objects.filter(sent_at__isnull=False).exists()
    callbacks[0]()

    assert sorted(m.to[0] for m in mail.outbox) == ["dgs@exemple.test", "maire@exemple.test"]
    assert all(len(m.to) == 1 for m in mail.outbox)  # nobody sees the others' addresses
    assert Invitation.objects.filter(sent_at__isnull=False).count() == 2
    message = next(m for m in mail.outbox if m.to == ["maire@exemple.test"])
    assert message.subject.startswith(f"Invitation : {meeting.body.name}")
    assert "Bonjour Sam Fictif," in message.body

    data = _calendar_part(message)
    raw_lines = data.split(b"\r\n")
    assert raw_lines[-1] == b""  # every line ends with CRLF
    assert all(b"\n" not in line and len(line) <= 75 for line in raw_lines)
    lines = ics.unfold(data)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
    fields = dict(line.split(":", 1) for line in lines)
    assert fields["UID"] == f"{meeting.public_id}@reperes"
    assert fields["DTSTART"] == meeting.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert fields["LOCATION"] == "Mairie\\, salle 2"
    assert fields["METHOD"] == "PUBLISH"
    assert "DTSTAMP" in fields
    assert "SUMMARY" in fields


def test_no_email_when_the_transaction_rolls_back(world, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(body__convention=world["conventions"]["a"])
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        actions.send_invitations(
            world["users"]["director_a"], meeting, [InviteeInput("a@exemple.test")]
        )
        raise RuntimeError("rollback")
    assert callbacks == []
    assert mail.outbox == []
    assert not Invitation.objects.exists()


def test_an_address_is_invited_once(world, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(body__convention=world["conventions"]["a"])
    InvitationFactory(meeting=meeting, email="deja@exemple.test")
    with pytest.raises(ValidationError, match="ont déjà reçu"):
        actions.send_invitations(
            world["users"]["director_a"], meeting, [InviteeInput("DEJA@exemple.test")]
        )
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_invitations(
            world["users"]["director_a"],
            meeting,
            [InviteeInput("deja@exemple.test"), InviteeInput("new@exemple.test")],
        )
    assert [m.to for m in mail.outbox] == [["new@exemple.test"]]


def test_no_invitation_to_a_past_or_cancelled_meeting(world):
    past = MeetingFactory(body__convention=world["conventions"]["a"], past=True)
    with pytest.raises(ValidationError, match="déjà eu lieu"):
        actions.send_invitations(world["users"]["director_a"], past, [InviteeInput("a@b.test")])
    cancelled = MeetingFactory(body=past.body, cancelled=True)
    with pytest.raises(ValidationError, match="annulée"):
        actions.send_invitations(
            world["users"]["director_a"], cancelled, [InviteeInput("a@b.test")]
        )


def test_cancelling_tells_the_invitees_with_the_same_event(
    world, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(body__convention=world["conventions"]["a"])
    InvitationFactory(meeting=meeting, email="a@exemple.test")
    InvitationFactory(meeting=meeting, email="jamais@exemple.test", sent_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel_meeting(world["users"]["director_a"], meeting, reason="Quorum")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert meeting.sequence == 1
    assert [m.to for m in mail.outbox] == [["a@exemple.test"]]
    assert mail.outbox[0].subject.startswith("Annulation")
    lines = ics.unfold(_calendar_part(mail.outbox[0]))
    assert "STATUS:CANCELLED" in lines
    assert "SEQUENCE:1" in lines
    assert f"UID:{meeting.public_id}@reperes" in lines
    with pytest.raises(ValidationError, match="annulée"):
        actions.cancel_meeting(world["users"]["director_a"], meeting)


def test_a_held_meeting_cannot_be_cancelled(world):
    meeting = MeetingFactory(body__convention=world["conventions"]["a"], held=True)
    with pytest.raises(ValidationError, match="tenue ne peut pas être annulée"):
        actions.cancel_meeting(world["users"]["director_a"], meeting)


def test_attendance_marks_the_meeting_held(world):
    convention = world["conventions"]["a"]
    meeting = MeetingFactory(body__convention=convention, past=True)
    actions.record_attendance(
        world["users"]["departement_agent"],
        meeting,
        [
            AttendanceInput("Sam Fictif", world["orgs"]["commune"].pk),
            AttendanceInput("Jo Supposé", None, False, "Sam Fictif"),
            AttendanceInput("Ariel Inventé", None, True, "ignoré"),
        ],
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    absent = meeting.attendances.get(name="Jo Supposé")
    assert (absent.present, absent.represented_by) == (False, "Sam Fictif")
    assert meeting.attendances.get(name="Ariel Inventé").represented_by == ""
    entry = AuditEntry.objects.get(action="governance.meeting.attendance")
    assert entry.summary == "Feuille de présence : 2 présents sur 3"


def test_no_attendance_for_a_meeting_to_come(world):
    meeting = MeetingFactory(body__convention=world["conventions"]["a"])
    with pytest.raises(ValidationError, match="pas encore eu lieu"):
        actions.record_attendance(
            world["users"]["director_a"], meeting, [AttendanceInput("Sam Fictif")]
        )
    with pytest.raises(ValidationError, match="pas encore eu lieu"):
        actions.record_minutes(world["users"]["director_a"], meeting, minutes="Texte")


def test_minutes_and_one_row_per_decision(world):
    meeting = MeetingFactory(body__convention=world["conventions"]["a"], past=True)
    pdf = SimpleUploadedFile("cr.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    actions.record_minutes(
        world["users"]["director_a"],
        meeting,
        minutes="Compte rendu.",
        decisions=["Le bilan est validé.", " ", "Les orientations sont adoptées."],
        minutes_file=pdf,
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert [d.text for d in meeting.decisions.all()] == [
        "Le bilan est validé.",
        "Les orientations sont adoptées.",
    ]
    assert meeting.minutes_file.name == f"instances/comptes-rendus/{meeting.public_id}.pdf"
    # Recording again replaces the decisions.
    actions.record_minutes(world["users"]["director_a"], meeting, minutes="v2", decisions=["D"])
    assert [d.text for d in meeting.decisions.all()] == ["D"]
    with pytest.raises(ValidationError, match="Saisissez le compte rendu"):
        other = MeetingFactory(body=meeting.body, past=True)
        actions.record_minutes(world["users"]["director_a"], other, minutes="  ")


def test_minutes_on_a_planned_meeting_are_refused_by_the_database(world):
    meeting = MeetingFactory.build(
        body=BodyFactory(convention=world["conventions"]["a"]), minutes="Texte"
    )
    with pytest.raises(ValidationError, match="Un compte rendu suppose une réunion tenue"):
        meeting.full_clean()


def test_document_received(world):
    meeting = MeetingFactory(body__convention=world["conventions"]["a"], held=True)
    document = MeetingDocument.objects.create(meeting=meeting, title="Reporting")
    today = timezone.localdate()
    actions.mark_document_received(world["users"]["director_a"], document, received_on=today)
    document.refresh_from_db()
    assert document.received_on == today
    with pytest.raises(ValidationError, match="ne peut pas être à venir"):
        actions.mark_document_received(
            world["users"]["director_a"], document, received_on=today + timedelta(days=1)
        )


def test_seat_of_a_non_party_organisation_is_allowed(world):
    # A seat may be held by an organisation that did not sign (an MDS, a partner).
    other = PartyFactory().organisation
    body = actions.create_body(
        world["users"]["director_a"],
        world["conventions"]["a"],
        {**BODY_FIELDS, "organiser": world["conventions"]["a"].parties.first()},
        [SeatInput("Partenaires médico-sociaux", other.pk)],
    )
    assert body.seats.get().organisation == other
