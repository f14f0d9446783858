"""Every write on a governance body or a meeting is one of these named actions: one
transaction, its audit entry in the same transaction, e-mails sent once it is committed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from reperes.conventions.models import Convention
from reperes.core.locking import locked
from reperes.core.models import audit

from . import mail
from .enums import MeetingStatus
from .models import (
    Attendance,
    Body,
    Decision,
    DocumentRequirement,
    Invitation,
    Meeting,
    MeetingDocument,
    Seat,
    check_organiser,
)

DEFAULT_DURATION = timedelta(hours=2)


@dataclass(frozen=True)
class SeatInput:
    label: str
    organisation_id: int | None = None
    count: int = 1


@dataclass(frozen=True)
class DocumentInput:
    title: str
    due_days_before: int = 1
    note: str = ""


@dataclass(frozen=True)
class InviteeInput:
    email: str
    name: str = ""
    organisation_id: int | None = None


@dataclass(frozen=True)
class AttendanceInput:
    name: str
    organisation_id: int | None = None
    present: bool = True
    represented_by: str = ""


BODY_FIELDS = (
    "kind",
    "name",
    "organiser",
    "organiser_text",
    "chair",
    "meetings_per_year",
    "frequency_text",
    "minimum",
    "regular_interval",
    "composition_note",
    "functions",
    "source",
)


def _save_composition(
    body: Body, seats: Iterable[SeatInput], documents: Iterable[DocumentInput]
) -> None:
    body.seats.all().delete()
    for order, seat in enumerate(seats):
        row = Seat(body=body, order=order, **vars(seat))  # its label, organisation and count
        row.full_clean(exclude=["body"])
        row.save()
    body.document_requirements.all().delete()
    for document in documents:
        requirement = DocumentRequirement(body=body, **vars(document))
        requirement.full_clean(exclude=["body"])
        requirement.save()


def _check_fields(fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(BODY_FIELDS)
    if unknown:
        raise ValidationError(f"Champs inconnus : {', '.join(sorted(unknown))}.")


def _save_body(
    actor: Any,
    body: Body,
    seats: Iterable[SeatInput],
    documents: Iterable[DocumentInput],
    *,
    action: str,
    what: str,
) -> Body:
    """The body checked (its organiser a party of its convention) and saved, with its seats
    and the documents it asks for, and the audit entry ``governance.body.<action>``."""
    if body.organiser_id is not None:
        check_organiser(body.convention_id, body.organiser)
    body.full_clean()
    body.save()
    _save_composition(body, seats, documents)
    audit(actor, f"governance.body.{action}", body, f"{what} de l'instance « {body} »")
    return body


@transaction.atomic
def create_body(
    actor: Any,
    convention: Convention,
    fields: Mapping[str, Any],
    seats: Iterable[SeatInput] = (),
    documents: Iterable[DocumentInput] = (),
) -> Body:
    _check_fields(fields)
    body = Body(convention=convention, **fields)
    return _save_body(actor, body, seats, documents, action="create", what="Création")


@transaction.atomic
def update_body(
    actor: Any,
    body: Body,
    fields: Mapping[str, Any],
    seats: Iterable[SeatInput] = (),
    documents: Iterable[DocumentInput] = (),
    *,
    version: int | None = None,
) -> Body:
    """Change a body and its composition; a form opened on an older ``version`` is refused
    (``StaleEdit``) rather than erasing the change made in between."""
    _check_fields(fields)
    body = locked(Body, body.pk, version)
    for name, value in fields.items():
        setattr(body, name, value)
    return _save_body(actor, body, seats, documents, action="update", what="Modification")


@transaction.atomic
def plan_meeting(
    actor: Any,
    body: Body,
    *,
    starts_at: datetime,
    ends_at: datetime | None = None,
    place: str = "",
    agenda: str = "",
) -> Meeting:
    """Plan a meeting; the documents the body asks before each meeting become due
    (« transmis en amont des conseils pédagogiques », seed 000 art. 6)."""
    if timezone.is_naive(starts_at) or (ends_at is not None and timezone.is_naive(ends_at)):
        raise ValidationError("Les horaires d'une réunion doivent préciser le fuseau horaire.")
    meeting = Meeting(
        body=body,
        starts_at=starts_at,
        ends_at=ends_at or starts_at + DEFAULT_DURATION,
        place=place,
        agenda=agenda,
    )
    meeting.full_clean()
    meeting.save()
    for requirement in body.document_requirements.all():
        MeetingDocument.objects.create(
            meeting=meeting,
            title=requirement.title,
            due_days_before=requirement.due_days_before,
        )
    audit(actor, "governance.meeting.plan", meeting, f"Réunion prévue : {meeting}")
    return meeting


@transaction.atomic
def add_meeting_document(
    actor: Any, meeting: Meeting, *, title: str, due_days_before: int
) -> MeetingDocument:
    document = MeetingDocument(meeting=meeting, title=title, due_days_before=due_days_before)
    document.full_clean()
    document.save()
    audit(actor, "governance.document.add", meeting, f"Document attendu : {title}")
    return document


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)


def _refuse_if_cancelled(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("Cette réunion est annulée.")


def _refuse_if_future(meeting: Meeting, what: str) -> None:
    if meeting.day > timezone.localdate():
        raise ValidationError(f"Cette réunion n'a pas encore eu lieu : {what} attendra.")


@transaction.atomic
def send_invitations(
    actor: Any, meeting: Meeting, invitees: Iterable[InviteeInput]
) -> list[Invitation]:
    """Invite each address once; the e-mails, each with the meeting as an iCalendar file, leave
    after the commit. An address already invited is sent again only if its first sending
    failed (``sent_at`` empty)."""
    meeting = _lock(meeting)
    _refuse_if_cancelled(meeting)
    if meeting.status == MeetingStatus.HELD or meeting.starts_at < timezone.now():
        raise ValidationError("Cette réunion a déjà eu lieu : il n'y a plus personne à inviter.")
    existing = {i.email.lower(): i for i in meeting.invitations.all()}
    to_send: list[Invitation] = []
    for invitee in invitees:
        email = invitee.email.strip()
        known = existing.get(email.lower())
        if known is not None:
            if known.sent_at is None:
                to_send.append(known)
            continue
        invitation = Invitation(
            meeting=meeting,
            email=email,
            name=invitee.name,
            organisation_id=invitee.organisation_id,
        )
        invitation.full_clean(exclude=["meeting"])
        invitation.save()
        existing[email.lower()] = invitation
        to_send.append(invitation)
    if not to_send:
        raise ValidationError("Toutes ces adresses ont déjà reçu l'invitation.")
    ids = [i.pk for i in to_send]
    transaction.on_commit(partial(mail.send_meeting_emails, meeting.pk, ids))
    audit(
        actor,
        "governance.meeting.invite",
        meeting,
        f"{len(ids)} invitation{'s' if len(ids) > 1 else ''} à envoyer",
        invitations=ids,
    )
    return to_send


@transaction.atomic
def record_attendance(
    actor: Any, meeting: Meeting, rows: Iterable[AttendanceInput]
) -> list[Attendance]:
    """Replace the attendance sheet; a meeting with an attendance sheet was held."""
    meeting = _lock(meeting)
    _refuse_if_cancelled(meeting)
    _refuse_if_future(meeting, "la feuille de présence")
    rows = list(rows)
    if not rows:
        raise ValidationError("La feuille de présence est vide : indiquez au moins une personne.")
    meeting.attendances.all().delete()
    saved = []
    for row in rows:
        attendance = Attendance(
            meeting=meeting,
            name=row.name,
            organisation_id=row.organisation_id,
            present=row.present,
            represented_by="" if row.present else row.represented_by,
        )
        attendance.full_clean(exclude=["meeting"])
        saved.append(attendance)
    names = [a.name.casefold() for a in saved]
    if len(names) != len(set(names)):
        raise ValidationError("Une même personne figure deux fois sur la feuille de présence.")
    Attendance.objects.bulk_create(saved)
    _mark_held(meeting)
    present = sum(1 for a in saved if a.present)
    audit(
        actor,
        "governance.meeting.attendance",
        meeting,
        f"Feuille de présence : {present} présent{'s' if present > 1 else ''} sur {len(saved)}",
    )
    return saved


def _mark_held(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.HELD:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status", "updated_at"])


@transaction.atomic
def record_minutes(
    actor: Any,
    meeting: Meeting,
    *,
    minutes: str,
    decisions: Iterable[str] = (),
    minutes_file: UploadedFile | None = None,
) -> Meeting:
    """Record the minutes (text, PDF or both) and the decisions; the meeting was held."""
    meeting = _lock(meeting)
    _refuse_if_cancelled(meeting)
    _refuse_if_future(meeting, "le compte rendu")
    minutes = minutes.strip()
    if not minutes and minutes_file is None and not meeting.minutes_file:
        raise ValidationError("Saisissez le compte rendu ou déposez-le en PDF.")
    meeting.status = MeetingStatus.HELD
    meeting.minutes = minutes
    if minutes_file is not None:
        meeting.minutes_file = minutes_file
    meeting.full_clean()
    meeting.save()
    meeting.decisions.all().delete()
    texts = [t.strip() for t in decisions if t.strip()]
    Decision.objects.bulk_create(
        Decision(meeting=meeting, order=order, text=text) for order, text in enumerate(texts)
    )
    audit(
        actor,
        "governance.meeting.minutes",
        meeting,
        f"Compte rendu enregistré ({len(texts)} décision{'s' if len(texts) > 1 else ''})",
    )
    return meeting


@transaction.atomic
def mark_document_received(
    actor: Any,
    document: MeetingDocument,
    *,
    received_on: date,
    file: UploadedFile | None = None,
) -> MeetingDocument:
    document = MeetingDocument.objects.select_for_update().get(pk=document.pk)
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "La date de réception ne peut pas être à venir."})
    document.received_on = received_on
    if file is not None:
        document.file = file
    document.full_clean()
    document.save()
    audit(
        actor,
        "governance.document.receive",
        document.meeting,
        f"Document reçu le {received_on:%d/%m/%Y} : {document.title}",
    )
    return document


@transaction.atomic
def cancel_meeting(actor: Any, meeting: Meeting, *, reason: str = "") -> Meeting:
    """Cancel a planned meeting; whoever received the invitation gets the cancellation, with
    the same calendar event marked cancelled."""
    meeting = _lock(meeting)
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError("Une réunion tenue ne peut pas être annulée.")
    _refuse_if_cancelled(meeting)
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancellation_reason = reason.strip()
    meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    ids = list(meeting.invitations.filter(sent_at__isnull=False).values_list("pk", flat=True))
    if ids and meeting.starts_at > timezone.now():
        transaction.on_commit(partial(mail.send_meeting_emails, meeting.pk, ids))
    audit(actor, "governance.meeting.cancel", meeting, f"Réunion annulée : {meeting}")
    return meeting
