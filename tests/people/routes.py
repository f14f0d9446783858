"""The personnel app in the role × URL matrix (tests/test_permissions.py).

The staffing of service A is seen by its operator's staff (educator and director of A) and by
the funder agents of the organisations party to convention A (Département, commune); the DPO,
educator B and the outsider get a 404. Only A's director writes; only the Département's agent
decides a request for prior approval.
"""

from __future__ import annotations

from tests.matrix import PERSONAS, allowed, api_routes, everyone

SEES = {"educator_a", "director_a", "departement_agent", "commune_agent"}


def _page() -> dict[str, int]:
    return allowed(SEES, 404)


def _only(writer: str) -> dict[str, int]:
    return {p: (200 if p == writer else 403) if p in SEES else 404 for p in PERSONAS}


ROUTES = {
    "people:list": (None, everyone(200)),
    "people:service": ("people_service", _page()),
    "people:staffing_set": ("people_service", _only("director_a")),
    "people:staff_add": ("people_service", _only("director_a")),
    "people:request_add": ("people_service", _only("director_a")),
    "people:document_add": ("people_service", _only("director_a")),
    "people:staff_edit": ("people_member", _only("director_a")),
    "people:staff_close": ("people_member", _only("director_a")),
    "people:request_decide": ("people_request", _only("departement_agent")),
    "people:request_decision_file": ("people_decided_request", _page()),
    "people:document_file": ("people_document", _page()),
}

API_ROUTES = api_routes(
    ("staffing-line", "people_line", _page()),
    ("staff-member", "people_member", _page()),
    ("change-request", "people_request", _page()),
)


def make_targets(world) -> dict[str, int]:
    from tests.people.factories import (
        ChangeRequestFactory,
        FinancialDocumentFactory,
        StaffingLineFactory,
        StaffMemberFactory,
        staffing_clauses,
    )

    service = world["services"]["a"]
    # Convention A's clauses: without its prior approval clause, nobody would request or decide.
    staffing_clauses(world["conventions"]["a"])
    return {
        "people_service": service.pk,
        "people_line": StaffingLineFactory(service=service).pk,
        # The register is addressed by its random public_id, never by the sequential pk.
        "people_member": StaffMemberFactory(service=service).public_id,
        "people_request": ChangeRequestFactory(service=service).pk,
        "people_decided_request": ChangeRequestFactory(
            service=service, investment=True, approved=True, with_written_decision=True
        ).pk,
        "people_document": FinancialDocumentFactory(service=service).pk,
    }
