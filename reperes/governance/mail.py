"""Invitation and cancellation e-mails, each carrying the meeting as an iCalendar file.

Called on commit by ``reperes.governance.actions``: an e-mail never announces a meeting that a
rolled-back transaction did not record. One e-mail per person, so that addresses are not
disclosed to each other. Logs name the invitation's id, never an address.
"""

from __future__ import annotations

import logging
import smtplib
from email import encoders
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import formats, timezone, translation

from . import ics
from .enums import MeetingStatus
from .models import Invitation, Meeting

logger = logging.getLogger(__name__)

ICS_FILENAME = "reunion.ics"


def meeting_uid(meeting: Meeting) -> str:
    return f"{meeting.public_id}@reperes"


def meeting_summary(meeting: Meeting) -> str:
    return f"{meeting.body.name} — {meeting.body.convention}"


def meeting_event(meeting: Meeting) -> ics.Event:
    body = meeting.body
    description = []
    if meeting.agenda:
        description += ["Ordre du jour :", meeting.agenda.strip(), ""]
    description.append(f"Organisée par {body.organiser.organisation}.")
    return ics.Event(
        uid=meeting_uid(meeting),
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at or meeting.starts_at,
        summary=meeting_summary(meeting),
        location=meeting.place,
        description="\n".join(description),
        sequence=meeting.sequence,
        cancelled=meeting.status == MeetingStatus.CANCELLED,
    )


def meeting_calendar(meeting: Meeting) -> bytes:
    return ics.calendar([meeting_event(meeting)], stamp=timezone.now())


def _when(meeting: Meeting) -> str:
    """« jeudi 12 mars 2026, de 14h00 à 16h00 » (Europe/Paris)."""
    start = timezone.localtime(meeting.starts_at)
    with translation.override("fr"):
        day = formats.date_format(start, "l j F Y")
        if not meeting.ends_at:
            return f"{day} à {start:%Hh%M}"
        end = timezone.localtime(meeting.ends_at)
        if end.date() != start.date():
            return f"{day} à {start:%Hh%M} au {formats.date_format(end, 'l j F Y')} à {end:%Hh%M}"
        return f"{day}, de {start:%Hh%M} à {end:%Hh%M}"


def _calendar_part(payload: bytes) -> MIMEBase:
    # Base64 keeps the CRLF line endings that RFC 5545 requires, whatever the mail relays do.
    part = MIMEBase("text", "calendar", method="PUBLISH", charset="utf-8")
    part.set_payload(payload)
    encoders.encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename=ICS_FILENAME)
    return part


def build_message(meeting: Meeting, invitation: Invitation, payload: bytes) -> EmailMessage:
    body = meeting.body
    cancelled = meeting.status == MeetingStatus.CANCELLED
    when = _when(meeting)
    greeting = f"Bonjour{' ' + invitation.name if invitation.name else ''},"
    if cancelled:
        subject = f"Annulation : {body.name}, {when}"
        lines = [
            greeting,
            "",
            f"La réunion « {body.name} » ({body.convention}) prévue le {when} est annulée.",
        ]
        if meeting.cancellation_reason:
            lines.append(f"Motif : {meeting.cancellation_reason}")
        lines += ["", "Le fichier joint retire la réunion de votre agenda."]
    else:
        subject = f"Invitation : {body.name}, {when}"
        lines = [
            greeting,
            "",
            f"Vous êtes invité·e à la réunion « {body.name} » ({body.convention}).",
            "",
            f"Date : {when}",
        ]
        if meeting.place:
            lines.append(f"Lieu : {meeting.place}")
        if meeting.agenda:
            lines += ["", "Ordre du jour :", meeting.agenda.strip()]
        lines += ["", "Le fichier joint (.ics) ajoute la réunion à votre agenda."]
    lines += ["", f"{body.organiser.organisation}, par l'intermédiaire de Repères."]
    message = EmailMessage(
        subject=subject,
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
    )
    message.attach(_calendar_part(payload))
    return message


def send_meeting_emails(meeting_id: int, invitation_ids: list[int]) -> int:
    """Send the invitation (or the cancellation) to each invitation; record ``sent_at`` for
    invitations actually handed to the mail server. Returns how many were sent."""
    meeting = Meeting.objects.select_related(
        "body__convention", "body__organiser__organisation"
    ).get(pk=meeting_id)
    invitations = list(Invitation.objects.filter(pk__in=invitation_ids, meeting=meeting))
    payload = meeting_calendar(meeting)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    sent = 0
    try:
        with get_connection() as connection:
            for invitation in invitations:
                try:
                    connection.send_messages([build_message(meeting, invitation, payload)])
                except (smtplib.SMTPException, OSError):
                    logger.warning(
                        "Réunion %s : envoi impossible (invitation %s)", meeting.pk, invitation.pk
                    )
                    continue
                sent += 1
                if not cancelled:
                    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    except (smtplib.SMTPException, OSError):
        logger.warning("Réunion %s : serveur de messagerie injoignable", meeting.pk)
    return sent
