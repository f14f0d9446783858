"""Rights requests (GDPR art. 15 to 22) as they apply: the deadline, its extension, the
decision, the letter sent, the erasure, the reminders.

The deadline is the law's (art. 12.3): one month from receipt, which the controller may extend
by two more months « compte tenu de la complexité et du nombre de demandes », telling the
person why within the first month. A request stays open until its answer is sent.

Audit entries and e-mails name the request by its number and right, never the requester nor
the youth: the register of requests is read by the DPO, who does not see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from reperes.accounts.enums import Role
from reperes.core import access
from reperes.core.models import AuditEntry, audit

from . import anonymise as anonymisation
from . import responsible
from .models import (
    Decision,
    LegalHold,
    RequestStatus,
    RightKind,
    RightsRequest,
)

CITATION = "RGPD, art. 12.3"
ANSWER_MONTHS = 1
MAX_EXTENSION_MONTHS = 2
# The reminder before the deadline comes this many days ahead.
REMIND_DAYS_BEFORE = 7
ERASE_ACTION = "privacy.rights.erase"
# The right as a letter names it.
RIGHTS: dict[str, str] = {
    RightKind.ACCESS: "droit d'accès (article 15 du RGPD)",
    RightKind.RECTIFICATION: "droit de rectification (article 16 du RGPD)",
    RightKind.ERASURE: "droit à l'effacement (article 17 du RGPD)",
    RightKind.LIMITATION: "droit à la limitation du traitement (article 18 du RGPD)",
    RightKind.OPPOSITION: "droit d'opposition (article 21 du RGPD)",
}


def today() -> date:
    return access.today()


def due_on(received_on: date) -> date:
    """One month from receipt (a request received on 31 January is due on 28 or 29 February)."""
    return received_on + relativedelta(months=ANSWER_MONTHS)


def latest_extension(request: RightsRequest) -> date:
    """The furthest an extension may go: two months past the first deadline."""
    return request.due_on + relativedelta(months=MAX_EXTENSION_MONTHS)


@dataclass(frozen=True)
class Clock:
    deadline: date
    days_left: int  # negative once overdue
    answered: bool

    @property
    def overdue(self) -> bool:
        return not self.answered and self.days_left < 0

    @property
    def label(self) -> str:
        if self.answered:
            return "réponse envoyée"
        if self.days_left < 0:
            late = -self.days_left
            return f"en retard de {late} jour{'s' if late > 1 else ''}"
        if self.days_left == 0:
            return "échéance aujourd'hui"
        return f"{self.days_left} jour{'s' if self.days_left > 1 else ''} restant{'s' if self.days_left > 1 else ''}"


def clock(request: RightsRequest, on: date | None = None) -> Clock:
    on = on or today()
    return Clock(
        deadline=request.deadline,
        days_left=(request.deadline - on).days,
        answered=request.status == RequestStatus.ANSWERED,
    )


# --------------------------------------------------------------------------- who sees what


def visible_requests(user: Any) -> QuerySet[RightsRequest]:
    """The register a reader sees: the platform's, their controller's (DPO), their service's
    (director); nothing for anyone else."""
    qs = RightsRequest.objects.select_related("service", "controller")
    return responsible.scope(user, qs, controller="controller_id", service="service_id")


def handles(user: Any, request: RightsRequest) -> bool:
    """Only the service's director reads the requester, the youth and the export, and acts."""
    return user.role == Role.SERVICE_DIRECTOR and access.is_service_director(user, request.service)


@dataclass(frozen=True)
class OpenRequest:
    """An open request as the DPO's desk shows it: no requester, no youth."""

    public_id: Any
    number: int
    kind: str
    service: str
    received_on: date
    clock: Clock


def open_requests(user: Any, on: date | None = None) -> list[OpenRequest]:
    """The open requests ``user`` sees, the nearest deadline first."""
    on = on or today()
    rows = [
        OpenRequest(
            r.public_id, r.pk, r.get_kind_display(), r.service.name, r.received_on, clock(r, on)
        )
        for r in visible_requests(user).filter(status=RequestStatus.OPEN)
    ]
    return sorted(rows, key=lambda r: (r.clock.deadline, r.number))


# --------------------------------------------------------------------------- actions


@transaction.atomic
def record(user: Any, service: Any, data: dict[str, Any]) -> RightsRequest:
    request = RightsRequest(service=service, controller=service.operator, created_by=user, **data)
    request.due_on = due_on(request.received_on)
    request.save()
    audit(
        user,
        "privacy.rights.record",
        request,
        f"Demande enregistrée : {request.get_kind_display()}",
    )
    return request


def _require_open(request: RightsRequest) -> None:
    if request.status != RequestStatus.OPEN:
        raise ValidationError("La réponse à cette demande a déjà été envoyée.")


@transaction.atomic
def extend(user: Any, request: RightsRequest, to: date, reason: str) -> None:
    """Extend the deadline (art. 12.3): decided within the first month, to a day after the
    first deadline and two months past it at most, with the reason the person must be told."""
    _require_open(request)
    if not reason.strip():
        raise ValidationError(
            "Indiquez le motif de la prolongation : il doit être communiqué au demandeur."
        )
    if today() > request.due_on:
        raise ValidationError(
            "La prolongation est annoncée au demandeur dans le mois qui suit la réception : "
            f"l'échéance du {request.due_on:%d/%m/%Y} est passée ({CITATION})."
        )
    if to <= request.due_on:
        raise ValidationError("Le nouveau délai doit suivre l'échéance d'un mois.")
    if to > latest_extension(request):
        raise ValidationError(
            "Le délai ne peut être prolongé que de deux mois au plus, soit jusqu'au "
            f"{latest_extension(request):%d/%m/%Y} ({CITATION})."
        )
    request.extended_to, request.extension_reason = to, reason.strip()
    request.save(update_fields=["extended_to", "extension_reason"])
    audit(user, "privacy.rights.extend", request, f"Délai prolongé jusqu'au {to:%d/%m/%Y}")


@transaction.atomic
def decide(user: Any, request: RightsRequest, decision: str, reason: str, on: date) -> None:
    """Record the decision; a refusal, whole or partial, says why (art. 12.4)."""
    _require_open(request)
    if decision not in Decision.values:
        raise ValidationError("Décision inconnue.")
    if decision != Decision.GRANTED and not reason.strip():
        raise ValidationError(
            "Un refus, même partiel, est motivé : indiquez les motifs (RGPD, art. 12.4)."
        )
    if on < request.received_on or on > today():
        raise ValidationError("La décision est datée entre la réception et aujourd'hui.")
    request.decision, request.decision_reason, request.decided_on = decision, reason.strip(), on
    request.save(update_fields=["decision", "decision_reason", "decided_on"])
    audit(user, "privacy.rights.decide", request, f"Décision : {request.get_decision_display()}")


@transaction.atomic
def mark_sent(user: Any, request: RightsRequest, on: date) -> None:
    """The answer left on ``on``: the request is answered, its clock stops."""
    _require_open(request)
    if not request.decision:
        raise ValidationError("Enregistrez d'abord la décision : la lettre en rend compte.")
    if request.decided_on and on < request.decided_on or on > today():
        raise ValidationError("L'envoi est daté entre la décision et aujourd'hui.")
    request.letter_sent_on, request.status = on, RequestStatus.ANSWERED
    request.save(update_fields=["letter_sent_on", "status"])
    audit(user, "privacy.rights.send", request, f"Réponse envoyée le {on:%d/%m/%Y}")


def erasure_blocker(request: RightsRequest) -> str:
    """Why the erasure cannot be performed now, or ``""``."""
    if request.kind != RightKind.ERASURE:
        return "Seule une demande d'effacement donne lieu à un effacement."
    if request.decision != Decision.GRANTED:
        return "L'effacement suit une décision d'accorder la demande."
    if request.youth_id is None:
        return "Aucune fiche n'est rattachée à la demande : il n'y a rien à effacer."
    if request.erased_at:
        return "L'effacement a déjà été réalisé."
    if LegalHold.objects.active().filter(youth_id=request.youth_id).exists():
        return (
            "La fiche fait l'objet d'un gel de conservation en cours : elle ne peut pas être "
            "effacée tant qu'il n'est pas levé (RGPD, art. 17.3)."
        )
    return ""


@transaction.atomic
def erase(user: Any, request: RightsRequest) -> anonymisation.Outcome:
    """Perform a granted erasure: the same anonymisation as retention (``anonymise``)."""
    request = RightsRequest.objects.select_for_update().get(pk=request.pk)
    blocker = erasure_blocker(request)
    if blocker:
        raise ValidationError(blocker)
    assert request.youth is not None  # erasure_blocker refuses a request without a record
    outcome = anonymisation.anonymise(
        [request.youth], on=today(), actor=user, reason=anonymisation.ERASURE
    )
    request.erased_at, request.erased_digest = timezone.now(), outcome.digest
    request.save(update_fields=["erased_at", "erased_digest"])
    audit(user, ERASE_ACTION, request, "Effacement réalisé", counts=outcome.as_counts())
    return outcome


def erasure_record(request: RightsRequest) -> AuditEntry | None:
    """The audit entry of the erasure: who performed it and what it counted."""
    from django.contrib.contenttypes.models import ContentType

    return (
        AuditEntry.objects.filter(
            action=ERASE_ACTION,
            content_type=ContentType.objects.get_for_model(RightsRequest),
            object_id=request.pk,
        )
        .select_related("actor")
        .first()
    )


# --------------------------------------------------------------------------- reminders


def reminder_due(request: RightsRequest, on: date) -> str:
    """``"soon"`` when the deadline is near, ``"late"`` once passed, ``""`` otherwise: each
    once per deadline (an extension sets a new deadline, hence a new reminder before it)."""
    if request.status != RequestStatus.OPEN:
        return ""
    deadline, last = request.deadline, request.reminded_on
    if on > deadline:
        return "late" if last is None or last <= deadline else ""
    start = deadline - timedelta(days=REMIND_DAYS_BEFORE)
    if on >= start and (last is None or last < start):
        return "soon"
    return ""


def send_reminders(on: date | None = None) -> int:
    on = on or today()
    sent = 0
    for request in RightsRequest.objects.filter(status=RequestStatus.OPEN).select_related(
        "service", "controller"
    ):
        due = reminder_due(request, on)
        if not due:
            continue
        state = "est dépassé" if due == "late" else f"arrive le {request.deadline:%d/%m/%Y}"
        body = (
            f"Le délai de réponse à la demande n° {request.pk} "
            f"({request.get_kind_display()}) reçue le {request.received_on:%d/%m/%Y} "
            f"par {request.service.name} {state} — échéance du "
            f"{request.deadline:%d/%m/%Y} ({CITATION}).\n"
            "Aucune réponse n'est enregistrée à ce jour."
        )
        responsible.remind(
            request,
            "reminded_on",
            on,
            action="privacy.rights.remind",
            summary="Rappel de l'échéance",
            subject=f"Demande d'exercice des droits n° {request.pk} : échéance",
            body=body,
        )
        sent += 1
    return sent
