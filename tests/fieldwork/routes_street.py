"""Street sessions, time, collective actions, partners and observations in the role × URL
matrix. Pages that need only a field user (home, lists, forms, one's own time grid) answer
200 to the educators and the director of any service (educator B sees their own, empty
service) and 404 to everyone else; records of service A answer 404 to educator B too."""

from __future__ import annotations

from tests.fieldwork.routes import field_list, own_service
from tests.matrix import api_routes

ROUTES = {
    "fieldwork:home": (None, field_list()),
    "fieldwork:session_list": (None, field_list()),
    "fieldwork:session_create": (None, field_list()),
    "fieldwork:session_offline": (None, field_list()),
    # POST only (the phone's queue): a field user's GET is told so, anyone else gets a 404.
    "fieldwork:session_sync": (None, {p: 405 if c == 200 else c for p, c in field_list().items()}),
    "fieldwork:session_edit": ("street_session", own_service()),
    "fieldwork:session_delete": ("street_session", own_service()),
    "fieldwork:time_week": (None, field_list()),
    "fieldwork:collective_list": (None, field_list()),
    "fieldwork:collective_create": (None, field_list()),
    "fieldwork:collective_detail": ("street_collective", own_service()),
    "fieldwork:collective_edit": ("street_collective", own_service()),
    "fieldwork:partner_list": (None, field_list()),
    "fieldwork:partner_create": (None, field_list()),
    "fieldwork:partner_edit": ("street_partner", own_service()),
    "fieldwork:partnership_create": (None, field_list()),
    "fieldwork:partnership_edit": ("street_partnership", own_service()),
    "fieldwork:observation_list": (None, field_list()),
    "fieldwork:observation_create": (None, field_list()),
    "fieldwork:observation_edit": ("street_observation", own_service()),
}

API_ROUTES = api_routes(
    ("street-session", "street_session", own_service()),
    ("collective-action", "street_collective", own_service()),
    ("observation", "street_observation", own_service()),
    ("field-partner", "street_partner", own_service()),
    ("partnership-action", "street_partnership", own_service()),
    listing=field_list(),
)

# The offline app's service worker and manifest are public files: no data in them
# (tests/fieldwork/offline/test_offline.py), and the browser fetches them on its own.
EXEMPT: set[str] = {"fieldwork:service_worker", "fieldwork:manifest"}


def make_targets(world) -> dict:
    from tests.fieldwork.factories import (
        CollectiveActionFactory,
        ContactCountFactory,
        ObservationFactory,
        ParticipantCountFactory,
        PartnerFactory,
        PartnershipActionFactory,
        StreetSessionFactory,
        YouthFactory,
    )
    from tests.people.factories import StaffMemberFactory

    service = world["services"]["a"]
    # Educator A has a register entry (their own time grid opens); the other field users
    # have none, and the pages still answer.
    if not hasattr(world["users"]["educator_a"], "staff_record"):
        StaffMemberFactory(service=service, account=world["users"]["educator_a"])
    session = StreetSessionFactory(service=service)
    ContactCountFactory(session=session)
    partner = PartnerFactory(service=service)
    action = CollectiveActionFactory(service=service, participants=[YouthFactory(service=service)])
    action.partners.add(partner)
    ParticipantCountFactory(action=action)
    partnership = PartnershipActionFactory(service=service)
    partnership.partners.add(partner)
    return {
        "street_session": session.pk,
        "street_collective": action.public_id,
        "street_partner": partner.pk,
        "street_partnership": partnership.pk,
        "street_observation": ObservationFactory(service=service).pk,
    }
