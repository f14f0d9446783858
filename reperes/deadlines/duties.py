"""How the duties of a service's conventions are filed on the calendar.

The duties themselves (what the document and report clauses make a service owe, and when) are
computed in ``reperes.conventions.duties``, the one place the deadlines and the staff page both
ask; this module adds the deadlines' own part, the kind of obligation each duty is filed as.
"""

from __future__ import annotations

from reperes.conventions import catalogue
from reperes.conventions.clauses import DueItem
from reperes.conventions.duties import Bindings as Bindings
from reperes.conventions.duties import convention_duties as convention_duties
from reperes.conventions.duties import document_due_on as document_due_on
from reperes.conventions.duties import documents_due_in as documents_due_in
from reperes.conventions.duties import service_duties as service_duties
from reperes.conventions.duties import span as span
from reperes.people.enums import DocumentKind

from .enums import ObligationKind

# How a document or a report is filed on the calendar.
DOCUMENT_OBLIGATION_KINDS = {
    DocumentKind.BUDGET_FORECAST: ObligationKind.BUDGET,
    DocumentKind.YEAR_END_ACCOUNTS: ObligationKind.ACCOUNTS,
    DocumentKind.CERTIFIED_STATEMENTS: ObligationKind.ACCOUNTS,
    DocumentKind.STAFF_STATEMENT: ObligationKind.STAFF_STATEMENT,
    DocumentKind.FINANCIAL_REPORT: ObligationKind.FINANCIAL_REPORT,
    DocumentKind.DIAGNOSTIC: ObligationKind.DIAGNOSTIC,
}


def obligation_kind(item: DueItem) -> str:
    if item.kind == catalogue.REPORT:
        return ObligationKind.ACTIVITY_REPORT
    return DOCUMENT_OBLIGATION_KINDS.get(item.what, ObligationKind.OTHER)  # type: ignore[call-overload]  # item.what: a DocumentKind value
