"""Generating obligations, marking them done, reminding their owners."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction

from reperes.accounts.enums import Role
from reperes.accounts.models import User
from reperes.conventions.dates import dates_of, terms_of
from reperes.conventions.models import Convention
from reperes.core.models import audit
from reperes.rules.periods import effective_start, initial_end

from .enums import ObligationKind, ObligationStatus
from .models import Obligation
from .rules import external_evaluation_due, reference_years, reminder_due

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


@transaction.atomic
def generate_obligations(convention: Convention, today: date) -> int:
    """Every dated duty that follows from the convention, created once (idempotent).

    Nothing is generated for an unsigned convention: its dates do not run yet.
    """
    if not convention.is_signed:
        return 0
    terms = terms_of(convention)
    start, end = effective_start(terms), initial_end(terms)
    created = 0
    for duty in convention.duties.select_related("owner"):
        first = duty.first_year or (start.year if start else None)
        last = duty.last_year or (end.year if end else None)
        for year in reference_years(first, last, today):
            created += _upsert(
                convention,
                f"duty:{duty.pk}:{year}",
                duty=duty,
                kind=duty.kind,
                title=f"{duty.title} ({year})",
                year=year,
                due_on=duty.terms.due_on(year),
                owner=duty.owner,
                source=duty.source,
                reminder_days=duty.reminder_days,
            )
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
    if convention.service_id is not None:
        for authorisation in convention.service.authorisations.exclude(granted_on=None):
            ends_on = authorisation.ends_on
            assert ends_on is not None
            operator = convention.parties.filter(
                organisation=convention.service.operator_id
            ).first()
            created += _upsert(
                convention,
                f"evaluation:{authorisation.pk}",
                kind=ObligationKind.EXTERNAL_EVALUATION,
                title=f"Évaluation externe du service (autorisation jusqu'au {ends_on:%d/%m/%Y})",
                year=None,
                due_on=external_evaluation_due(ends_on, None),
                owner=operator,
                source="CASF art. D 312-203 ; rythme quinquennal, au plus tard 2 ans avant la fin d'autorisation",
                reminder_days=90,
            )
    created += _meeting_obligations(convention, today)
    created += _payment_obligations(convention)
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
                    evidence=f"{result.held} réunion(s) tenue(s), comptées dans Repères.",
                )
    return created


def generate_all(today: date) -> int:
    return sum(generate_obligations(c, today) for c in Convention.objects.filter(is_signed=True))


@transaction.atomic
def mark_done(actor: Any, obligation: Obligation, *, done_on: date, evidence: str) -> Obligation:
    if not evidence.strip():
        raise ValidationError(
            "Indiquez le justificatif (document transmis, référence du courrier…)."
        )
    if done_on > date.today():
        raise ValidationError("La date de réalisation ne peut pas être dans le futur.")
    obligation.done_on = done_on
    obligation.evidence = evidence.strip()
    obligation.done_by = actor if getattr(actor, "is_authenticated", False) else None
    obligation.full_clean()
    obligation.save()
    audit(actor, "obligation.done", obligation.convention, f"Échéance faite : {obligation.title}")
    return obligation


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
            if to:
                subject = f"[Repères] Échéance du {obligation.due_on:%d/%m/%Y} : {obligation.title}"
                body = (
                    f"Bonjour,\n\nL'échéance « {obligation.title} » de la convention "
                    f"« {obligation.convention} » arrive le {obligation.due_on:%d/%m/%Y}.\n"
                    f"Source : {obligation.source or 'convention'}.\n\n"
                    "Quand elle est faite, enregistrez son justificatif dans Repères.\n"
                )
                transaction.on_commit(
                    lambda s=subject, b=body, t=to: send_mail(s, b, settings.DEFAULT_FROM_EMAIL, t)
                )
        sent += 1
    return sent


def status_counts(obligations: list[Obligation], today: date) -> dict[str, int]:
    counts = dict.fromkeys(ObligationStatus.values, 0)
    for obligation in obligations:
        counts[obligation.status(today)] += 1
    return counts


def project_obligations(convention: Convention, today: date) -> list[tuple[str, date]]:
    """For an unsigned convention: the first deadlines it would have if signed today (shown,
    never stored — an unsigned convention owes nothing yet)."""
    from reperes.conventions.dates import simulate_signature

    projected = [
        (f"{duty.title} ({year})", duty.terms.due_on(year))
        for duty in convention.duties.all()
        for year in (today.year, today.year + 1)
        if duty.terms.due_on(year) >= today
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
