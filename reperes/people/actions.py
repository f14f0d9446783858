"""Every write on staffing is one of these named actions: one transaction, with its audit entry
written in the same transaction. The audit trail never receives a name: a person is identified
by their ``public_id``, a change by the names of the fields changed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction

from reperes.conventions.duties import document_due_on
from reperes.core import access
from reperes.core.fields import acting_account
from reperes.core.locking import locked
from reperes.core.models import audit
from reperes.core.saving import save_checked
from reperes.partners.models import Service
from reperes.rules.allocation import format_decimal

from . import terms
from .abilities import can_decide
from .enums import ChangeRequestKind, ChangeRequestStatus, DocumentKind, StaffCategory
from .models import ChangeRequest, FinancialDocument, StaffingLine, StaffMember

STAFF_FIELDS = (
    "display_name",
    "job_title",
    "category",
    "qualification",
    "has_required_diploma",
    "diploma",
    "fte",
    "arrival",
    "departure",
    "counts_for_presence",
)


CENT = Decimal("0.01")


def _fte(value: Decimal) -> str:
    return f"{format_decimal(value, None)} ETP"


@transaction.atomic
def set_staffing_table(
    actor: Any, service: Service, *, year: int, planned: Mapping[str, Decimal], source: str
) -> list[StaffingLine]:
    """Record the staffing table of ``year`` as the convention or the approved budget states it.

    Once a year's table is set, it changes only through an approved request (a prior approval
    clause of the convention, « il ne peut être modifié sans l'accord préalable »)."""
    Service.objects.select_for_update().get(pk=service.pk)
    if StaffingLine.objects.filter(service=service, year=year).exists():
        raise ValidationError(
            f"Le tableau des effectifs {year} est déjà fixé : toute modification passe par une "
            "demande d'accord écrit préalable."
        )
    if not planned:
        raise ValidationError("Indiquez l'effectif prévu d'au moins une catégorie.")
    lines = []
    for category, fte in planned.items():
        line = StaffingLine(
            service=service,
            year=year,
            category=category,
            planned_fte=Decimal(fte).quantize(CENT),
            source=source,
        )
        save_checked(line)
        lines.append(line)
    total = sum((line.planned_fte for line in lines), Decimal(0))
    audit(
        actor,
        "people.staffing.set",
        service,
        f"Tableau des effectifs {year} fixé : {_fte(total)} ({source})",
        year=year,
        lines={line.category: str(line.planned_fte) for line in lines},
    )
    return lines


@transaction.atomic
def add_staff_member(actor: Any, service: Service, **fields: Any) -> StaffMember:
    unknown = set(fields) - set(STAFF_FIELDS)
    if unknown:
        raise ValueError(f"Champs inconnus : {sorted(unknown)}")
    fields.setdefault("counts_for_presence", fields.get("category") == StaffCategory.SOCIAL_WORKER)
    member = StaffMember(service=service, **fields)
    save_checked(member)
    audit(
        actor,
        "people.staff.add",
        member,
        f"Arrivée au registre le {member.arrival:%d/%m/%Y} : "
        f"{member.get_category_display()}, {_fte(member.fte)}",
        public_id=str(member.public_id),
    )
    return member


@transaction.atomic
def update_staff_member(
    actor: Any, member: StaffMember, *, version: int | None = None, **fields: Any
) -> StaffMember:
    """Change a register entry. ``version`` is the one the form was opened on: a form opened
    before someone else's change is refused (``StaleEdit``) rather than erasing it."""
    unknown = set(fields) - set(STAFF_FIELDS)
    if unknown:
        raise ValueError(f"Champs inconnus : {sorted(unknown)}")
    member = locked(StaffMember, member.pk, version)
    changed = [name for name, value in fields.items() if getattr(member, name) != value]
    if not changed:
        return member
    for name in changed:
        setattr(member, name, fields[name])
    save_checked(member)
    labels = [
        str(getattr(StaffMember._meta.get_field(name), "verbose_name", name)) for name in changed
    ]
    audit(
        actor,
        "people.staff.update",
        member,
        f"Fiche du registre modifiée : {', '.join(labels)}",
        public_id=str(member.public_id),
        fields=changed,
    )
    return member


@transaction.atomic
def close_staff_member(
    actor: Any, member: StaffMember, *, departure: date, version: int | None = None
) -> StaffMember:
    """Record a departure: ``departure`` is the last day worked."""
    member = locked(StaffMember, member.pk, version)
    if member.departure is not None:
        raise ValidationError(
            f"Le départ de cette personne est déjà enregistré (le {member.departure:%d/%m/%Y}) : "
            "modifiez sa fiche pour le corriger."
        )
    member.departure = departure
    save_checked(member)
    audit(
        actor,
        "people.staff.close",
        member,
        f"Départ enregistré : dernier jour travaillé le {departure:%d/%m/%Y}",
        public_id=str(member.public_id),
    )
    return member


def _check_submitted_to_approval(service: Service, kind: str, on: date) -> None:
    """A request only for what a prior approval clause of a convention binding the service
    submits to approval (``reperes.people.terms``)."""
    approvals = terms.prior_approvals(service, on)
    if not approvals:
        raise ValidationError(
            "Aucune convention qui lie ce service ne soumet d'engagement à l'accord écrit "
            "préalable d'une partie : il n'y a pas de demande à faire."
        )
    if kind not in terms.requestable_kinds(approvals):
        label = dict(ChangeRequestKind.choices).get(kind, kind)
        raise ValidationError(
            f"Les conventions qui lient ce service ne soumettent pas « {label} » à un accord "
            "écrit préalable."
        )


@transaction.atomic
def submit_change_request(
    actor: Any,
    service: Service,
    *,
    kind: str,
    title: str,
    requested_on: date,
    description: str = "",
    amount: Decimal | None = None,
    category: str = "",
    year: int | None = None,
    planned_fte: Decimal | None = None,
) -> ChangeRequest:
    _check_submitted_to_approval(service, kind, access.today())
    if kind != ChangeRequestKind.STAFFING_CHANGE:
        category, year, planned_fte = "", None, None
    request = ChangeRequest(
        service=service,
        kind=kind,
        title=title,
        description=description,
        amount=amount,
        category=category,
        year=year,
        planned_fte=planned_fte,
        requested_on=requested_on,
        requested_by=acting_account(actor),
    )
    save_checked(request)
    audit(
        actor,
        "people.change_request.submit",
        request,
        f"Demande d'accord préalable ({request.get_kind_display()}) : {title}",
    )
    return request


@transaction.atomic
def decide_change_request(
    actor: Any,
    request: ChangeRequest,
    *,
    approve: bool,
    decided_on: date,
    decision_text: str,
    written_decision: File | None = None,
) -> ChangeRequest:
    """Approve or refuse in writing, by the party the prior approval clause names. An approved
    staffing change enters the table of its year (and only then: without approval, the clause's
    consequence applies, e.g. « les conséquences financières des modifications non autorisées
    ne seront pas prises en charge »)."""
    request = (
        ChangeRequest.objects.select_for_update(of=("self",))
        .select_related("service")
        .get(pk=request.pk)
    )
    if not can_decide(actor, request.service):
        raise PermissionDenied(
            "Seule la partie que la convention désigne pour donner son accord écrit décide de "
            "cette demande."
        )
    if not request.is_pending:
        raise ValidationError("Cette demande a déjà été décidée.")
    if not decision_text.strip():
        raise ValidationError("L'accord ou le refus est donné par écrit : indiquez la décision.")
    request.status = ChangeRequestStatus.APPROVED if approve else ChangeRequestStatus.REFUSED
    request.decided_on = decided_on
    request.decided_by = actor
    request.decision_text = decision_text
    if written_decision is not None:
        request.written_decision = written_decision
    save_checked(request)
    verb = "Accord écrit" if approve else "Refus"
    audit(
        actor,
        f"people.change_request.{request.status}",
        request,
        f"{verb} du {decided_on:%d/%m/%Y} : {request.title}",
    )
    if approve and request.kind == ChangeRequestKind.STAFFING_CHANGE:
        _apply_staffing_change(actor, request)
    return request


def _apply_staffing_change(actor: Any, request: ChangeRequest) -> StaffingLine:
    assert request.year is not None
    assert request.planned_fte is not None
    assert request.decided_on
    line = (
        StaffingLine.objects.select_for_update()
        .filter(service=request.service, year=request.year, category=request.category)
        .first()
    )
    old = line.planned_fte if line is not None else None
    if line is None:
        line = StaffingLine(service=request.service, year=request.year, category=request.category)
    line.planned_fte = request.planned_fte
    line.source = f"Accord écrit du {request.decided_on:%d/%m/%Y} : {request.title}"[:300]
    save_checked(line)
    audit(
        actor,
        "people.staffing.change",
        request.service,
        f"Tableau des effectifs {request.year}, {line.get_category_display()} : "
        f"{_fte(old) if old is not None else 'aucune ligne'} → {_fte(line.planned_fte)} "
        f"(accord écrit du {request.decided_on:%d/%m/%Y})",
        year=request.year,
        category=request.category,
        old=str(old) if old is not None else None,
        new=str(line.planned_fte),
        change_request=request.pk,
    )
    return line


@transaction.atomic
def upload_financial_document(
    actor: Any,
    service: Service,
    *,
    kind: str,
    year: int,
    received_on: date,
    file: File,
    certified_by: str = "",
) -> FinancialDocument:
    document = FinancialDocument(
        service=service,
        kind=kind,
        year=year,
        received_on=received_on,
        file=file,
        certified_by=certified_by,
        uploaded_by=acting_account(actor),
    )
    save_checked(document)
    due = document_due_on(service, kind, year, received_on)
    late = " (après l'échéance)" if due is not None and received_on > due else ""
    audit(
        actor,
        "people.document.upload",
        document,
        f"{DocumentKind(kind).label} {year} reçu le {received_on:%d/%m/%Y}{late}",
    )
    return document
