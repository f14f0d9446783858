"""Factories of the personnel app, with traits for the business states."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from reperes.people.enums import (
    ChangeRequestKind,
    ChangeRequestStatus,
    DocumentKind,
    StaffCategory,
)
from reperes.people.models import ChangeRequest, FinancialDocument, StaffingLine, StaffMember
from tests.factories import ServiceRecordFactory

PDF = b"%PDF-1.4\n% document de test\n%%EOF\n"


class StaffingLineFactory(ServiceRecordFactory):
    class Meta:
        model = StaffingLine

    year = 2024
    category = StaffCategory.SOCIAL_WORKER
    planned_fte = Decimal("6")
    source = "Convention de test, article 5"


class StaffMemberFactory(ServiceRecordFactory):
    class Meta:
        model = StaffMember

    display_name = factory.Sequence(lambda n: f"Éducatrice Exemple {n}")
    job_title = "Éducatrice spécialisée"
    category = StaffCategory.SOCIAL_WORKER
    qualification = "Éducatrice spécialisée"
    has_required_diploma = True
    diploma = "Diplôme d'État d'éducateur spécialisé"
    fte = Decimal("1")
    arrival = date(2020, 9, 1)
    counts_for_presence = True

    class Params:
        gone = factory.Trait(departure=date(2024, 6, 30))
        part_time = factory.Trait(fte=Decimal("0.5"))
        without_diploma = factory.Trait(
            has_required_diploma=False, diploma="", qualification="Moniteur-éducateur"
        )
        director = factory.Trait(
            category=StaffCategory.DIRECTION,
            job_title="Chef de service",
            counts_for_presence=False,
        )
        secretary = factory.Trait(
            category=StaffCategory.ADMINISTRATIVE,
            job_title="Secrétaire",
            counts_for_presence=False,
        )


class ChangeRequestFactory(ServiceRecordFactory):
    class Meta:
        model = ChangeRequest

    kind = ChangeRequestKind.STAFFING_CHANGE
    title = "Création d'un septième poste d'éducateur"
    category = StaffCategory.SOCIAL_WORKER
    year = 2024
    planned_fte = Decimal("7")
    requested_on = date(2024, 2, 1)

    class Params:
        investment = factory.Trait(
            kind=ChangeRequestKind.INVESTMENT,
            title="Achat d'un véhicule",
            amount=Decimal("25000"),
            category="",
            year=None,
            planned_fte=None,
        )
        approved = factory.Trait(
            status=ChangeRequestStatus.APPROVED,
            decided_on=date(2024, 3, 1),
            decision_text="Accord du Président.",
        )
        refused = factory.Trait(
            status=ChangeRequestStatus.REFUSED,
            decided_on=date(2024, 3, 1),
            decision_text="Refus faute de crédits.",
        )
        with_written_decision = factory.Trait(
            written_decision=factory.django.FileField(filename="decision.pdf", data=PDF)
        )


class FinancialDocumentFactory(ServiceRecordFactory):
    class Meta:
        model = FinancialDocument

    kind = DocumentKind.STAFF_STATEMENT
    year = 2024
    received_on = date(2024, 11, 20)
    file = factory.django.FileField(filename="etat.pdf", data=PDF)

    class Params:
        certified = factory.Trait(
            kind=DocumentKind.CERTIFIED_STATEMENTS,
            year=2023,
            received_on=date(2024, 4, 25),
            certified_by="Cabinet Exemple, commissaire aux comptes",
        )
        late = factory.Trait(received_on=date(2024, 12, 15))


def _yearly(month, day, year_offset):
    return {
        "periodicity": "year",
        "due": {"rule": "day_of_year", "month": month, "day": day, "year_offset": year_offset},
    }


def staffing_clauses(convention):
    """Staffing clauses of a test convention (articles of a fictitious text): the budget of
    N+1 by 31 October N, certified statements of N by 30 April N+1, the staff statement of N by
    30 November N; qualification of social workers within two years; investments, loans and
    staffing changes submitted to the pilot's prior written approval."""
    from tests.factories import make_clause

    for key, document, due, article in (
        ("budget", DocumentKind.BUDGET_FORECAST, _yearly(10, 31, -1), "art. 8"),
        ("comptes", DocumentKind.CERTIFIED_STATEMENTS, _yearly(4, 30, 1), "art. 8"),
        ("etat", DocumentKind.STAFF_STATEMENT, _yearly(11, 30, 0), "art. 6"),
    ):
        make_clause(
            convention, "document", key, article, document=document, owner="operator", **due
        )
    make_clause(
        convention,
        "qualification",
        "vae",
        "art. 5",
        category=StaffCategory.SOCIAL_WORKER,
        delay_value=2,
        delay_unit="years",
    )
    make_clause(
        convention,
        "prior_approval",
        "accord",
        "art. 9",
        subjects=["investment", "loan", "staffing"],
        approver="pilot",
        consequence="Les conséquences financières ne sont pas prises en charge.",
    )
