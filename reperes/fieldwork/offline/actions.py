"""Street sessions recorded on a phone without network and sent later: the named action
record_street_session, once per client identifier (reperes.core.models.SyncReceipt)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from reperes.core.models import SyncReceipt
from reperes.fieldwork.street import actions as street_actions
from reperes.fieldwork.street.models import StreetSession
from reperes.partners.models import Service

SESSION_KIND = "fieldwork.streetsession"


class ReceiptOfAnotherAccount(Exception):
    """The client identifier was already received from another account."""


@dataclass
class Received:
    session: StreetSession | None  # None if it was deleted since
    created: bool


def _existing(actor: Any, client_id: uuid.UUID) -> Received | None:
    receipt = SyncReceipt.objects.filter(client_id=client_id).first()
    if receipt is None:
        return None
    if receipt.kind != SESSION_KIND or receipt.user_id != actor.pk:
        raise ReceiptOfAnotherAccount
    return Received(StreetSession.objects.filter(pk=receipt.object_id).first(), created=False)


def record_street_session_once(
    actor: Any, service: Service, client_id: uuid.UUID, **fields: Any
) -> Received:
    """Record the session and its receipt in one transaction; if ``client_id`` was already
    received, record nothing and answer the session it created. Two sends racing each other:
    the unique client identifier refuses the second receipt, its transaction (session
    included) is rolled back and it answers the first one's session."""
    found = _existing(actor, client_id)
    if found is not None:
        return found
    try:
        with transaction.atomic():
            session = street_actions.record_street_session(actor, service, **fields)
            SyncReceipt.objects.create(
                client_id=client_id, user=actor, kind=SESSION_KIND, object_id=session.pk
            )
    except IntegrityError:
        found = _existing(actor, client_id)
        if found is None:
            raise
        return found
    return Received(session, created=True)
