"""Named actions of the personnel app: atomic, audited, and only approved changes count."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from reperes.conventions.models import Clause
from reperes.core.models import AuditEntry
from reperes.deadlines.duties import document_due_on
from reperes.people import actions
from reperes.people.abilities import can_decide
from reperes.people.enums import ChangeRequestStatus, StaffCategory
from reperes.people.models import ChangeRequest, StaffingLine, StaffMember
from tests.people.factories import (
    PDF,
    ChangeRequestFactory,
    FinancialDocumentFactory,
    StaffingLineFactory,
    StaffMemberFactory,
)

SW = StaffCategory.SOCIAL_WORKER


def _line(service, year=2024, category=SW):
    return StaffingLine.objects.get(service=service, year=year, category=category)


def test_set_staffing_table_once_then_only_through_an_approved_request(world):
    director = world["users"]["director_a"]
    service = world["services"]["a"]
    actions.set_staffing_table(
        director,
        service,
        year=2024,
        planned={StaffCategory.DIRECTION: Decimal("1"), SW: Decimal("3.83")},
        source="Convention A, article 2",
    )
    assert _line(service).planned_fte == Decimal("3.83")
    entry = AuditEntry.objects.get(action="people.staffing.set")
    assert entry.data["lines"] == {"direction": "1.00", "social_worker": "3.83"}
    with pytest.raises(ValidationError, match="déjà fixé"):
        actions.set_staffing_table(
            director, service, year=2024, planned={SW: Decimal("5")}, source="Autre"
        )
    assert _line(service).planned_fte == Decimal("3.83")


def test_only_an_approved_staffing_change_enters_the_table(world):
    service = world["services"]["a"]
    agent = world["users"]["departement_agent"]
    StaffingLineFactory(service=service, year=2024, planned_fte=Decimal("6"))

    pending = actions.submit_change_request(
        world["users"]["director_a"],
        service,
        kind="staffing_change",
        title="Septième poste",
        requested_on=date(2024, 2, 1),
        category=SW,
        year=2024,
        planned_fte=Decimal("7"),
    )
    assert _line(service).planned_fte == Decimal("6")

    refused = ChangeRequestFactory(service=service, planned_fte=Decimal("9"))
    actions.decide_change_request(
        agent, refused, approve=False, decided_on=date(2024, 3, 1), decision_text="Refus."
    )
    assert _line(service).planned_fte == Decimal("6")

    actions.decide_change_request(
        agent,
        pending,
        approve=True,
        decided_on=date(2024, 3, 2),
        decision_text="Accord écrit du Président.",
        written_decision=ContentFile(PDF, name="accord.pdf"),
    )
    pending.refresh_from_db()
    assert pending.status == ChangeRequestStatus.APPROVED
    assert pending.decided_by == agent
    assert pending.written_decision.name.endswith(".pdf")
    assert "accord" not in pending.written_decision.name
    line = _line(service)
    assert line.planned_fte == Decimal("7")
    assert line.source.startswith("Accord écrit du 02/03/2024")
    change = AuditEntry.objects.get(action="people.staffing.change")
    assert change.data["old"] == "6.00"
    assert change.data["new"] == "7.00"
    assert AuditEntry.objects.filter(action="people.change_request.approved").count() == 1
    assert AuditEntry.objects.filter(action="people.change_request.refused").count() == 1


def test_an_approved_change_creates_a_missing_line(world):
    service = world["services"]["a"]
    request = ChangeRequestFactory(service=service, year=2026, planned_fte=Decimal("2"))
    actions.decide_change_request(
        world["users"]["departement_agent"],
        request,
        approve=True,
        decided_on=date(2024, 3, 1),
        decision_text="Accord.",
    )
    assert _line(service, 2026).planned_fte == Decimal("2")


@pytest.mark.parametrize("persona", ["commune_agent", "director_a", "educator_a"])
def test_only_a_departement_decides(world, persona):
    request = ChangeRequestFactory(service=world["services"]["a"])
    with pytest.raises(PermissionDenied):
        actions.decide_change_request(
            world["users"][persona],
            request,
            approve=True,
            decided_on=date(2024, 3, 1),
            decision_text="Accord.",
        )
    request.refresh_from_db()
    assert request.status == ChangeRequestStatus.PENDING
    assert not StaffingLine.objects.exists()


def test_a_decision_is_written_and_taken_once(world):
    agent = world["users"]["departement_agent"]
    request = ChangeRequestFactory(service=world["services"]["a"])
    with pytest.raises(ValidationError, match="par écrit"):
        actions.decide_change_request(
            agent, request, approve=True, decided_on=date(2024, 3, 1), decision_text="  "
        )
    actions.decide_change_request(
        agent, request, approve=False, decided_on=date(2024, 3, 1), decision_text="Refus."
    )
    with pytest.raises(ValidationError, match="déjà été décidée"):
        actions.decide_change_request(
            agent, request, approve=True, decided_on=date(2024, 3, 1), decision_text="Accord."
        )


def test_register_actions_never_write_a_name_to_the_audit_trail(world):
    director = world["users"]["director_a"]
    member = actions.add_staff_member(
        director,
        world["services"]["a"],
        display_name="Éducatrice Exemple Audit",
        job_title="Éducatrice spécialisée",
        category=SW,
        fte=Decimal("0.8"),
        arrival=date(2024, 1, 8),
    )
    assert member.counts_for_presence
    actions.update_staff_member(director, member, display_name="Éducatrice Exemple Audit 2")
    actions.close_staff_member(director, member, departure=date(2024, 6, 30))
    entries = AuditEntry.objects.filter(action__startswith="people.staff.")
    assert [e.action for e in entries.order_by("pk")] == [
        "people.staff.add",
        "people.staff.update",
        "people.staff.close",
    ]
    for entry in entries:
        assert "Exemple Audit" not in entry.summary
        assert "Exemple Audit" not in str(entry.data)
        assert entry.data["public_id"] == str(member.public_id)
    with pytest.raises(ValidationError, match="déjà enregistré"):
        actions.close_staff_member(director, member, departure=date(2024, 7, 31))


def test_a_director_is_not_counted_in_presence_by_default(world):
    member = actions.add_staff_member(
        None,
        world["services"]["a"],
        display_name="Chef Exemple",
        job_title="Chef de service",
        category=StaffCategory.DIRECTION,
        fte=Decimal("1"),
        arrival=date(2024, 1, 8),
    )
    assert not member.counts_for_presence


def test_departure_before_arrival_is_refused_in_french(world):
    member = StaffMemberFactory(service=world["services"]["a"], arrival=date(2024, 5, 1))
    with pytest.raises(ValidationError, match="Le départ ne peut pas précéder l'arrivée"):
        actions.close_staff_member(None, member, departure=date(2024, 4, 30))
    member.refresh_from_db()
    assert member.departure is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"fte": Decimal("1.5")}, "compris entre 0 et 1 ETP"),
        ({"fte": Decimal("0")}, "compris entre 0 et 1 ETP"),
        (
            {"arrival": date(2024, 5, 1), "departure": date(2024, 4, 1)},
            "Le départ ne peut pas précéder",
        ),
    ],
)
def test_database_constraints_speak_french(world, fields, message):
    member = StaffMemberFactory.build(service=world["services"]["a"], **fields)
    with pytest.raises(ValidationError, match=message):
        member.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        member.save()


def test_staffing_and_money_constraints(world):
    service = world["services"]["a"]
    with pytest.raises(ValidationError, match="ne peut pas être négatif"):
        StaffingLineFactory.build(service=service, planned_fte=Decimal("-1")).full_clean()
    with pytest.raises(ValidationError, match="montant ne peut pas être négatif"):
        ChangeRequestFactory.build(
            service=service, investment=True, amount=Decimal("-5")
        ).full_clean()
    with pytest.raises(ValidationError, match="indique la catégorie"):
        ChangeRequestFactory.build(service=service, category="").full_clean()
    with pytest.raises(ValidationError, match="commissaire aux comptes"):
        FinancialDocumentFactory.build(
            service=service, certified=True, certified_by=""
        ).full_clean()


@pytest.mark.parametrize(
    ("binding_clause", "due_on"),
    [(True, date(2024, 10, 31)), (False, None)],
    ids=["budget-clause", "no-clause"],
)
def test_upload_financial_document_records_its_due_date(world, binding_clause, due_on):
    """Convention A's budget clause: the budget of 2025 is due 31 October 2024, so a budget
    received on 4 November is late. A document no binding clause asks for is never late."""
    if not binding_clause:
        Clause.objects.all().delete()
    service = world["services"]["a"]
    assert document_due_on(service, "budget_forecast", 2025, date(2024, 11, 4)) == due_on
    actions.upload_financial_document(
        world["users"]["director_a"],
        service,
        kind="budget_forecast",
        year=2025,
        received_on=date(2024, 11, 4),
        file=ContentFile(PDF, name="budget.pdf"),
    )
    entry = AuditEntry.objects.get(action="people.document.upload")
    assert ("après l'échéance" in entry.summary) == binding_clause


def test_a_request_needs_a_binding_prior_approval_clause(world):
    service = world["services"]["a"]
    director = world["users"]["director_a"]
    fields = {"kind": "investment", "title": "Véhicule", "requested_on": date(2025, 6, 1)}
    Clause.objects.filter(kind="prior_approval").update(
        params={"subjects": ["loan"], "approver": "pilot"}
    )
    with pytest.raises(ValidationError, match="ne soumettent pas « Projet d'investissement »"):
        actions.submit_change_request(director, service, **fields)
    Clause.objects.filter(kind="prior_approval").delete()
    with pytest.raises(ValidationError, match="Aucune convention qui lie ce service"):
        actions.submit_change_request(director, service, **fields)
    assert not ChangeRequest.objects.exists()


def test_only_the_approver_the_clause_names_decides(world):
    """The clause names the pilot (the Département): once it names the co-funder, the commune
    decides and the Département does not."""
    service = world["services"]["a"]
    assert can_decide(world["users"]["departement_agent"], service)
    assert not can_decide(world["users"]["commune_agent"], service)
    Clause.objects.filter(kind="prior_approval").update(
        params={"subjects": ["investment"], "approver": "co_funder"}
    )
    assert not can_decide(world["users"]["departement_agent"], service)
    assert can_decide(world["users"]["commune_agent"], service)
    Clause.objects.filter(kind="prior_approval").delete()
    assert not can_decide(world["users"]["departement_agent"], service)


def test_pending_requests_are_not_counted(world):
    service = world["services"]["a"]
    StaffingLineFactory(service=service, planned_fte=Decimal("6"))
    ChangeRequestFactory(service=service, planned_fte=Decimal("8"))
    ChangeRequestFactory(service=service, planned_fte=Decimal("9"), refused=True)
    assert _line(service).planned_fte == Decimal("6")
    assert ChangeRequest.objects.filter(status="pending").count() == 1
    assert StaffMember.objects.count() == 0
