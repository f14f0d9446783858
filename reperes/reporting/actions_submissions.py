"""Named writes of the aggregate submissions (STYLE §3): each one in a transaction, with its
audit entry in the same transaction.

- the service's director opens a submission for a year, saves draft values and sends it;
  sending runs the checks (``reperes.rules.submission_checks``) and refuses while an error or
  an unexplained year-on-year change remains;
- an agent of a funder party to the convention (pilot or co-funder) validates it or returns it
  with a comment; a validated submission is locked;
- only such an agent unlocks a validated submission, with a reason, and it goes back to the
  service; every decision is kept in ``SubmissionEvent``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from reperes.accounts.enums import Role
from reperes.core.models import audit
from reperes.rules import submission_checks as checks

from . import catalogue
from .enums import EDITABLE_STATUSES, SubmissionEventKind, SubmissionStatus
from .models import FUNDER_ROLES, Submission, SubmissionEvent, SubmissionValue
from .submissions import check_submission

Entry = tuple[Decimal | None, str]  # (value or None for « NR », note)


class SubmissionRefused(ValidationError):
    """The action is understood but refused; ``messages`` say why, in French;
    a ``ValidationError``, so that ``run_form_action`` shows it with the form."""


def is_service_director(user: Any, service: Any) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and user.role == Role.SERVICE_DIRECTOR
        and user.service_id == service.pk
        and user.organisation_id == service.operator_id
    )


def is_decider(user: Any, submission: Submission) -> bool:
    """An agent of a funder party (pilot, co-funder) to the submission's convention."""
    return (
        bool(getattr(user, "is_authenticated", False))
        and user.role == Role.FUNDER_AGENT
        and submission.convention.parties.filter(
            organisation_id=user.organisation_id, role__in=FUNDER_ROLES
        ).exists()
    )


def can_edit(user: Any, submission: Submission) -> bool:
    return is_service_director(user, submission.service) and (
        submission.status in EDITABLE_STATUSES
    )


def _locked_row(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update()
        .select_related("service", "convention")
        .get(pk=submission.pk)
    )


def _refuse_unless_editable(actor: Any, submission: Submission) -> None:
    if not is_service_director(actor, submission.service):
        raise PermissionDenied("Seule la direction du service modifie sa remontée.")
    if submission.locked:
        raise SubmissionRefused(
            ["Cette remontée est validée : elle est verrouillée et ne peut plus être modifiée."]
        )
    if submission.status not in EDITABLE_STATUSES:
        raise SubmissionRefused(
            ["Cette remontée a été envoyée : attendez la décision du financeur pour la modifier."]
        )


@transaction.atomic
def start_submission(actor: Any, service: Any, year: int) -> Submission:
    """The service's submission for ``year``, opened as a draft if it does not exist."""
    from .access import convention_for

    if not is_service_director(actor, service):
        raise PermissionDenied("Seule la direction du service ouvre une remontée.")
    existing = Submission.objects.filter(service=service, year=year).first()
    if existing is not None:
        return existing
    convention = convention_for(actor, service, date(year, 12, 31))
    if convention is None:
        raise SubmissionRefused(
            ["Ce service n'a pas de convention : il n'y a pas de financeur à qui remonter."]
        )
    submission = Submission.objects.create(service=service, convention=convention, year=year)
    audit(actor, "submission.start", submission, f"Remontée {year} ouverte", year=year)
    return submission


@transaction.atomic
def save_draft(
    actor: Any,
    submission: Submission,
    entries: Mapping[str, Entry],
    explanations: Mapping[str, str] | None = None,
) -> bool:
    """Write the given codes (others are kept); True when something changed. Saving the
    same figures twice writes nothing (a re-uploaded spreadsheet is idempotent)."""
    submission = _locked_row(submission)
    _refuse_unless_editable(actor, submission)
    errors = [
        f"Indicateur inconnu : « {code} »." for code in entries if code not in catalogue.BY_CODE
    ]
    errors += [
        f"« {catalogue.BY_CODE[code].label} » ne peut pas être négatif."
        for code, (value, _note) in entries.items()
        if code in catalogue.BY_CODE and value is not None and value < 0
    ]
    if errors:
        raise SubmissionRefused(errors)
    current = {v.code: v for v in submission.values.all()}
    changed: list[str] = []
    for code, (value, note) in entries.items():
        row = current.get(code)
        note = (note or "").strip()
        if row is None:
            if value is None and not note:
                continue
            SubmissionValue.objects.create(submission=submission, code=code, value=value, note=note)
            changed.append(code)
        elif row.value != value or row.note != note:
            row.value, row.note = value, note
            row.save(update_fields=["value", "note"])
            changed.append(code)
    if explanations is not None:
        cleaned = {code: text.strip() for code, text in explanations.items() if text.strip()}
        if cleaned != submission.explanations:
            submission.explanations = cleaned
            submission.save(update_fields=["explanations", "updated_at"])
            changed.append("explications")
    if changed:
        audit(
            actor,
            "submission.save",
            submission,
            f"Remontée {submission.year} : {len(changed)} valeur(s) enregistrée(s)",
            codes=changed,
        )
    return bool(changed)


@transaction.atomic
def send_submission(actor: Any, submission: Submission) -> list[checks.Finding]:
    """Send to the funders; refused while the checks block. Returns the warnings."""
    submission = _locked_row(submission)
    _refuse_unless_editable(actor, submission)
    values = submission.values_by_code()
    if not any(value is not None for value in values.values()):
        raise SubmissionRefused(["La remontée est vide : renseignez au moins un indicateur."])
    findings = check_submission(submission, values)
    blocked = checks.blocking(findings, submission.explanations)
    if blocked:
        raise SubmissionRefused(
            ["La remontée ne peut pas être envoyée :"] + [f.message for f in blocked]
        )
    submission.status = SubmissionStatus.SENT
    submission.sent_at = timezone.now()
    submission.sent_by = actor
    submission.save(update_fields=["status", "sent_at", "sent_by", "updated_at"])
    SubmissionEvent.objects.create(submission=submission, kind=SubmissionEventKind.SENT, by=actor)
    audit(actor, "submission.send", submission, f"Remontée {submission.year} envoyée")
    return findings


@dataclass(frozen=True)
class _Decision:
    """A funder's decision on a submission."""

    expected: SubmissionStatus  # the status it applies to
    refusal: str  # said when the submission is in another status
    status: SubmissionStatus  # the status it leads to
    event: SubmissionEventKind
    action: str  # of its audit entry
    done: str  # « Remontée 2024 <done> »
    required: str = ""  # said when a comment is required and missing
    logs_reason: bool = False  # the comment also in the audit entry, as its reason


RETURN = _Decision(
    SubmissionStatus.SENT,
    "Seule une remontée envoyée peut être renvoyée au service.",
    SubmissionStatus.RETURNED,
    SubmissionEventKind.RETURNED,
    "submission.return",
    "renvoyée",
    required="Dites au service ce qu'il doit revoir : le commentaire est requis.",
)
VALIDATE = _Decision(
    SubmissionStatus.SENT,
    "Seule une remontée envoyée peut être validée.",
    SubmissionStatus.VALIDATED,
    SubmissionEventKind.VALIDATED,
    "submission.validate",
    "validée",
)
UNLOCK = _Decision(
    SubmissionStatus.VALIDATED,
    "Seule une remontée validée peut être déverrouillée.",
    SubmissionStatus.RETURNED,
    SubmissionEventKind.UNLOCKED,
    "submission.unlock",
    "déverrouillée",
    required="Le motif du déverrouillage est requis.",
    logs_reason=True,
)


@transaction.atomic
def _decide(actor: Any, submission: Submission, decision: _Decision, comment: str) -> Submission:
    """The funder's ``decision`` on the submission, refused unless the submission is in its
    ``expected`` status and, when it requires one, without a comment; recorded in its history
    with the same comment, and audited."""
    submission = _locked_row(submission)
    if not is_decider(actor, submission):
        raise PermissionDenied("Seul un financeur partie à la convention décide d'une remontée.")
    if submission.status != decision.expected:
        raise SubmissionRefused([decision.refusal])
    comment = (comment or "").strip()
    if decision.required and not comment:
        raise SubmissionRefused([decision.required])
    submission.status = decision.status
    submission.decided_at = timezone.now()
    submission.decided_by = actor
    submission.funder_comment = comment
    submission.save()
    SubmissionEvent.objects.create(
        submission=submission, kind=decision.event, by=actor, comment=comment
    )
    reason = {"reason": comment} if decision.logs_reason else {}
    audit(
        actor, decision.action, submission, f"Remontée {submission.year} {decision.done}", **reason
    )
    return submission


def return_submission(actor: Any, submission: Submission, comment: str) -> Submission:
    return _decide(actor, submission, RETURN, comment)


def validate_submission(actor: Any, submission: Submission, comment: str = "") -> Submission:
    return _decide(actor, submission, VALIDATE, comment)


def unlock_submission(actor: Any, submission: Submission, reason: str) -> Submission:
    """A validated period reopened for the service: funder only, with a reason, logged."""
    return _decide(actor, submission, UNLOCK, reason)
