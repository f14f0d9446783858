"""Every write of a street session is one of these named actions: one transaction, its audit
entry in the same transaction, counts and identifiers only; the time of the educators it names
is filled in their weekly grid (``time.actions.sync_session_time``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, NotRequired, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction

from reperes.core.fields import acting_account
from reperes.core.locking import locked
from reperes.core.models import audit
from reperes.fieldwork.enums import SessionKind
from reperes.fieldwork.records import check_counts
from reperes.fieldwork.street.models import ContactCount, StreetSession
from reperes.fieldwork.time.actions import sync_session_time
from reperes.partners.models import Commune, Place, Quartier, Service
from reperes.people.models import StaffMember


def _session_summary(session: StreetSession, total: int) -> str:
    plural = "s" if total > 1 else ""
    return f"{session} : {total} contact{plural} compté{plural}"


def _write_session(
    session: StreetSession,
    *,
    educators: Iterable[StaffMember],
    counts: Mapping[tuple[str, str], int],
) -> int:
    check_counts(counts)
    educators = list(educators)
    if any(m.service_id != session.service_id for m in educators):
        raise ValidationError("Les éducateurs d'une séance appartiennent au service.")
    session.full_clean(exclude=["recorded_by"])
    session.save()
    session.educators.set(educators)
    session.contacts.all().delete()
    ContactCount.objects.bulk_create(
        ContactCount(
            session=session, gender=gender, age_band=band, quartier=session.quartier, count=count
        )
        for (gender, band), count in sorted(counts.items())
        if count
    )
    sync_session_time(session)
    return sum(counts.values())


class SessionFields(TypedDict):
    """What a street session says: nature, date, duration, where, who went, and the youths met
    counted by (gender, age band)."""

    kind: NotRequired[str]
    date: date
    duration_minutes: int
    commune: NotRequired[Commune | None]
    quartier: NotRequired[Quartier | None]
    place: NotRequired[Place | None]
    educators: NotRequired[Iterable[StaffMember]]
    counts: Mapping[tuple[str, str], int]


def _fill(session: StreetSession, fields: SessionFields) -> int:
    """Set the session's fields and write it with its educators and tallies; the total met."""
    quartier = fields.get("quartier")
    commune = fields.get("commune")
    session.kind = fields.get("kind", SessionKind.STREET_WORK)
    session.date, session.duration_minutes = fields["date"], fields["duration_minutes"]
    session.commune = commune if commune or not quartier else quartier.commune
    session.quartier, session.place = quartier, fields.get("place")
    return _write_session(session, educators=fields.get("educators", ()), counts=fields["counts"])


@transaction.atomic
def record_street_session(
    actor: Any, service: Service, **fields: Unpack[SessionFields]
) -> StreetSession:
    """A street-work or social-presence session and its anonymous tallies: one ContactCount
    per gender × age band met, none for a zero (seed 000 annex 1 « Présence sociale »: number
    of contacts, ages, gender, geography)."""
    session = StreetSession(service=service, recorded_by=acting_account(actor))
    total = _fill(session, fields)
    audit(actor, "fieldwork.session.record", session, _session_summary(session, total))
    return session


@transaction.atomic
def update_street_session(
    actor: Any,
    session: StreetSession,
    *,
    version: int | None = None,
    **fields: Unpack[SessionFields],
) -> StreetSession:
    """Change a session and its tallies; a form opened on an older ``version`` is refused."""
    session = locked(StreetSession, session.pk, version)
    total = _fill(session, fields)
    audit(actor, "fieldwork.session.update", session, _session_summary(session, total))
    return session


@transaction.atomic
def delete_street_session(actor: Any, session: StreetSession) -> None:
    session = StreetSession.objects.select_for_update().get(pk=session.pk)
    summary = f"{session} supprimée"
    audit(actor, "fieldwork.session.delete", session, summary)
    session.delete()
