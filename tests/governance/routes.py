"""Governance routes in the role × URL matrix (tests/test_permissions.py).

Bodies and meetings are seen by whoever sees their convention (A): 404 for everyone else;
writes are for A's editors, 403 for its read-only members (educator, DPO).
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from tests.matrix import api_routes, convention_page, convention_write, everyone

PDF = b"%PDF-1.4\n% test\n"

ROUTES = {
    "governance:list": (None, everyone(200)),
    "governance:convention": ("governance_convention", convention_page()),
    "governance:body_create": ("governance_convention", convention_write()),
    "governance:body": ("governance_body", convention_page()),
    "governance:body_update": ("governance_body", convention_write()),
    "governance:plan": ("governance_body", convention_write()),
    "governance:meeting": ("governance_meeting", convention_page()),
    "governance:ics": ("governance_meeting", convention_page()),
    "governance:invite": ("governance_meeting", convention_write()),
    "governance:attendance": ("governance_meeting", convention_write()),
    "governance:minutes": ("governance_meeting", convention_write()),
    "governance:cancel": ("governance_meeting", convention_write()),
    "governance:document_add": ("governance_meeting", convention_write()),
    "governance:minutes_file": ("governance_held_meeting", convention_page()),
    "governance:document_receive": ("governance_document", convention_write()),
    "governance:document_file": ("governance_document", convention_page()),
}

API_ROUTES = api_routes(
    ("body", "governance_body", convention_page()),
    ("meeting", "governance_meeting", convention_page()),
)


def make_targets(world: dict[str, Any]) -> dict[str, Any]:
    """A body of convention A with a planned meeting, a held meeting with its minutes in PDF,
    and a received document. Meetings are opened by their public identifier (a UUID)."""
    from tests.governance.factories import BodyFactory, MeetingDocumentFactory, MeetingFactory

    convention = world["conventions"]["a"]
    body = BodyFactory(convention=convention, organiser=convention.parties.first())
    planned = MeetingFactory(body=body)
    held = MeetingFactory(body=body, held=True)
    held.minutes_file.save("cr.pdf", ContentFile(PDF))
    document = MeetingDocumentFactory(meeting=held, received_on=timezone.localdate())
    document.file.save("doc.pdf", ContentFile(PDF))
    return {
        "governance_convention": convention.pk,
        "governance_body": body.pk,
        "governance_meeting": planned.public_id,
        "governance_held_meeting": held.public_id,
        "governance_document": document.pk,
    }
