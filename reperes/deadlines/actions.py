"""Generating obligations, marking them done, reminding their owners."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from reperes.accounts.enums import Role
from reperes.accounts.models import User
from reperes.conventions import catalogue, clauses
from reperes.conventions.dates import dates_of, terms_of
from reperes.conventions.models import Convention, Party
from reperes.core.fields import acting_account
from reperes.core.french import plural
from reperes.core.mail import send_on_commit
from reperes.core.models import audit
from reperes.rules.periods import effective_start, initial_end

from . import duties
from .enums import ObligationKind, ObligationStatus
from .models import CalendarFeed, Obligation
from .rules import external_evaluation_due, reminder_due

REMINDED_ROLES = (Role.SERVICE_DIRECTOR, Role.FUNDER_AGENT)


def _upsert(convention: Convention, key: str, **fields: Any) -> bool:
    """Create the obligation or bring an open one up to date; a done one is never touched."""
    obligation = Obligation.objects.filter(convention=convention, key=key).first()
    if obligation is None:
        Obligation.objects.create(convention=convention, key=key, **fields)
        return True
    if obligation.done_on is None:
        changed = [name for name, value in fields.items() if getattr(obligation, name) != value]
        for name in changed:
            setattr(obligation, name, fields[name])
        if changed:
            obligation.save(update_fields=changed)
    return False


# Keys of the obligations generated from clauses: an open one that the clauses no longer
# produce (a clause removed, amended, a convention that no longer binds) is removed.
GENERATED_FROM_CLAUSES = ("clause:", "evaluation:")


def _binds_at_all(convention: Convention, today: date) -> bool:
    """Whether the convention has bound (or binds) its service on some day up to ``today``
    (``reperes.core.access``): one that its operator never accepted owes nothing."""
    if convention.service_id is None:
        return False
    terms = terms_of(convention)
    end = initial_end(terms)
    # Binding runs from the acceptance to the end: the last day it could bind up to today is
    # enough when the start is unknown (a convention that starts at an undated signature).
    high = min(today, end) if end is not None else today
    start = effective_start(terms) or convention.operator_decided_on or high
    low, high = sorted((start, high))
    return convention.pk in {
        c.pk for c in clauses.binding_for_service(convention.service_id, low, high)
    }


@transaction.atomic
def generate_obligations(convention: Convention, today: date) -> int:
    """Every dated duty that follows from the convention, created once (idempotent): the
    documents and reports of its clauses (``duties``), its external evaluation, the last day
    to withdraw before a tacit renewal, its bodies' meetings and its payments.

    Nothing is generated for a convention that does not bind its service (not accepted by
    the operator, refused): its terms do not run for Repères.
    """
    binds = _binds_at_all(convention, today)
    created = 0
    produced: set[str] = set()
    if binds:
        for item in duties.convention_duties(convention, today):
            produced.add(item.key)
            created += _upsert(
                convention,
                item.key,
                kind=duties.obligation_kind(item),
                title=item.title,
                year=item.period.year,
                due_on=item.due_on,
                owner=_party(convention, item.owner_role),
                source=item.source,
                reminder_days=15,
            )
        created += _evaluation_obligations(convention, today, produced)
    _prune(convention, produced)
    if not binds:
        return created
    keys = dates_of(convention, today).keys
    if keys.withdrawal_deadline is not None and keys.next_renewal is not None:
        created += _upsert(
            convention,
            f"withdrawal:{keys.next_renewal.isoformat()}",
            kind=ObligationKind.WITHDRAWAL_DEADLINE,
            title=f"Dernier jour pour dénoncer avant la reconduction du {keys.next_renewal:%d/%m/%Y}",
            year=keys.next_renewal.year,
            due_on=keys.withdrawal_deadline,
            owner=None,
            source="Clause de reconduction tacite et préavis de dénonciation",
            reminder_days=60,
        )
    created += _meeting_obligations(convention, today)
    created += _payment_obligations(convention)
    return created


def _party(convention: Convention, role: str) -> Party | None:
    return convention.parties.filter(role=role).order_by("order", "pk").first() if role else None


def _prune(convention: Convention, produced: set[str]) -> None:
    """Remove the open obligations generated from clauses that the clauses no longer produce;
    a done one is kept (it is history)."""
    stale = Obligation.objects.filter(convention=convention, done_on=None).exclude(key__in=produced)
    prefixes = Q()
    for prefix in GENERATED_FROM_CLAUSES:
        prefixes |= Q(key__startswith=prefix)
    stale.filter(prefixes).delete()


def _evaluation_obligations(convention: Convention, today: date, produced: set[str]) -> int:
    """The external evaluation of each authorisation of the service, when an evaluation clause
    of the convention sets its rhythm and how long before the authorisation ends it is due."""
    span = duties.span(convention, today)
    on = min(today, span[1]) if span else today
    evaluation = clauses.in_force(convention, on, kinds=[catalogue.EVALUATION])
    service = convention.service
    if not evaluation or service is None:
        return 0
    bound = evaluation[0]
    params = bound.params
    created = 0
    for authorisation in service.authorisations.exclude(granted_on=None):
        ends_on = authorisation.ends_on
        assert ends_on is not None
        key = f"evaluation:{authorisation.pk}"
        produced.add(key)
        created += _upsert(
            convention,
            key,
            kind=ObligationKind.EXTERNAL_EVALUATION,
            title=f"Évaluation externe du service (autorisation jusqu'au {ends_on:%d/%m/%Y})",
            year=None,
            due_on=external_evaluation_due(
                ends_on,
                None,
                every_years=int(params.get("every_years") or 0),
                years_before_end=int(params.get("years_before_end") or 0),
            ),
            owner=_party(convention, str(params.get("owner", ""))),
            source=bound.source,
            reminder_days=90,
        )
    return created


def _payment_obligations(convention: Convention) -> int:
    """Each dated instalment of the convention's schedules is owed by its payer; it is done
    once paid in full (a refused advance owes nothing)."""
    from reperes.money.models import Instalment

    created = 0
    instalments = Instalment.objects.filter(
        schedule__convention=convention, due_on__isnull=False, refused_reason=""
    ).select_related("schedule")
    for instalment in instalments:
        key = f"instalment:{instalment.pk}"
        created += _upsert(
            convention,
            key,
            kind=ObligationKind.PAYMENT,
            title=f"Versement : {instalment.label}",
            year=instalment.year,
            due_on=instalment.due_on,
            owner_id=instalment.schedule.payer_id,
            source=(
                f"Convention, article {instalment.schedule.article}"
                if instalment.schedule.article
                else "Échéancier de la convention"
            ),
            reminder_days=15,
        )
        if instalment.paid_amount is not None and instalment.paid_amount >= instalment.amount:
            Obligation.objects.filter(convention=convention, key=key, done_on=None).update(
                done_on=instalment.paid_on,
                evidence=f"Versé le {instalment.paid_on:%d/%m/%Y}"
                + (f", référence {instalment.reference}" if instalment.reference else ""),
            )
    return created


def _meeting_obligations(convention: Convention, today: date) -> int:
    """The meetings each body still owes (or owed) in the last three years: overdue on the
    calendar when a body has not met as often as its convention requires."""
    from reperes.governance.compliance import ComplianceCalculator
    from reperes.governance.rules import State

    created = 0
    bodies = list(convention.bodies.prefetch_related("meetings"))
    end = initial_end(terms_of(convention))
    # The last three years in force: up to today, or up to the end of an expired convention.
    last = min(today.year, end.year) if end is not None else today.year
    for year in range(last - 2, last + 1):
        calculate = ComplianceCalculator(year, today)
        for body in bodies:
            result = calculate(body)
            if result.state not in (State.MET, State.IN_PROGRESS, State.OVERDUE):
                continue
            due_on = result.overdue_since or result.next_due or date(year, 12, 31)
            fields: dict[str, Any] = {
                "kind": ObligationKind.MEETING,
                "title": f"{body.name} {year} : {result.summary}",
                "year": year,
                "due_on": due_on,
                "owner": body.organiser,
                "source": body.frequency_text or "Rythme de réunion fixé par la convention",
                "reminder_days": 30,
            }
            key = f"body:{body.pk}:{year}"
            created += _upsert(convention, key, **fields)
            if result.state is State.MET:
                Obligation.objects.filter(convention=convention, key=key, done_on=None).update(
                    done_on=min(today, date(year, 12, 31)),
                    evidence=(
                        f"{plural(result.held, 'réunion tenue', 'réunions tenues')}, "
                        f"{'comptée' if result.held < 2 else 'comptées'} dans Repères."
                    ),
                )
    return created


def generate_all(today: date) -> int:
    """Every convention in turn (one that does not bind generates nothing, and loses the open
    obligations its clauses had generated)."""
    return sum(generate_obligations(c, today) for c in Convention.objects.all())


@transaction.atomic
def mark_done(actor: Any, obligation: Obligation, *, done_on: date, evidence: str) -> Obligation:
    if not evidence.strip():
        raise ValidationError(
            "Indiquez le justificatif (document transmis, référence du courrier…)."
        )
    if done_on > timezone.localdate():
        raise ValidationError("La date de réalisation ne peut pas être dans le futur.")
    obligation.done_on = done_on
    obligation.evidence = evidence.strip()
    obligation.done_by = acting_account(actor)
    obligation.full_clean()
    obligation.save()
    audit(actor, "obligation.done", obligation.convention, f"Échéance faite : {obligation.title}")
    return obligation


@transaction.atomic
def renew_calendar_feed(user: Any) -> CalendarFeed:
    """A new secret address for the user's calendar feed; the former one stops working."""
    CalendarFeed.objects.filter(user=user).delete()
    feed = CalendarFeed.objects.create(user=user, token=CalendarFeed.new_token())
    audit(user, "calendar.feed", None, "Nouvelle adresse d'abonnement au calendrier")
    return feed


def recipients(obligation: Obligation) -> list[str]:
    """The directors and funder agents of the organisation that owes it (or, for a duty of
    nobody in particular, of every party)."""
    parties = [obligation.owner] if obligation.owner else list(obligation.convention.parties.all())
    return sorted(
        User.objects.filter(
            organisation__in=[p.organisation_id for p in parties],
            role__in=REMINDED_ROLES,
            is_active=True,
        ).values_list("email", flat=True)
    )


def send_reminders(today: date) -> int:
    """Send one reminder per obligation entering its window; the e-mail leaves after commit."""
    sent = 0
    candidates = Obligation.objects.filter(done_on=None, reminded_on=None, due_on__gte=today)
    for obligation in candidates.select_related("convention", "owner__organisation"):
        if not reminder_due(
            obligation.due_on,
            obligation.done_on,
            today,
            obligation.reminder_days,
            obligation.reminded_on,
        ):
            continue
        to = recipients(obligation)
        with transaction.atomic():
            obligation.reminded_on = today
            obligation.save(update_fields=["reminded_on"])
            audit(
                None,
                "obligation.reminder",
                obligation.convention,
                f"Rappel envoyé : {obligation.title}",
                recipients=len(to),
            )
            send_on_commit(
                f"[Repères] Échéance du {obligation.due_on:%d/%m/%Y} : {obligation.title}",
                f"Bonjour,\n\nL'échéance « {obligation.title} » de la convention "
                f"« {obligation.convention} » arrive le {obligation.due_on:%d/%m/%Y}.\n"
                f"Source : {obligation.source or 'convention'}.\n\n"
                "Quand elle est faite, enregistrez son justificatif dans Repères.\n",
                to,
            )
        sent += 1
    return sent


def status_counts(obligations: list[Obligation], today: date) -> dict[str, int]:
    counts = dict.fromkeys(ObligationStatus.values, 0)
    for obligation in obligations:
        counts[obligation.status(today)] += 1
    return counts


def project_obligations(convention: Convention, today: date) -> list[tuple[str, date]]:
    """For a convention that does not bind yet: the first deadlines its clauses would give if
    it were signed and accepted today (shown, never stored — it owes nothing yet)."""
    from reperes.conventions.dates import simulate_signature

    first, last = date(today.year, 1, 1), date(today.year + 1, 12, 31)
    projected = [
        (item.title, item.due_on)
        for item in clauses.due_items(convention, first, last, clauses.meetings_of(convention))
        if item.due_on >= today
    ]
    keys = simulate_signature(convention, today).keys
    if keys.withdrawal_deadline is not None and keys.next_renewal is not None:
        projected.append(
            (
                f"Dernier jour pour dénoncer avant la reconduction du {keys.next_renewal:%d/%m/%Y}",
                keys.withdrawal_deadline,
            )
        )
    return sorted(projected, key=lambda item: item[1])
