"""The named action that writes a collective action: one transaction, its audit entry, and the
access-log entry of each known youth who joins or leaves it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from reperes.core.locking import locked
from reperes.core.models import audit
from reperes.fieldwork.collective.models import CollectiveAction, ParticipantCount
from reperes.fieldwork.enums import AccessAction
from reperes.fieldwork.partners.models import Partner
from reperes.fieldwork.records import check_counts
from reperes.fieldwork.youths.access_log import log_access
from reperes.fieldwork.youths.models import Youth
from reperes.partners.models import Service

# ---------------------------------------------------------------- collective actions
COLLECTIVE_FIELDS = (
    "title",
    "category",
    "started_on",
    "ended_on",
    "families_count",
    "funding",
    "amount",
)


@transaction.atomic
def save_collective_action(
    actor: Any,
    service: Service,
    action: CollectiveAction | None = None,
    *,
    participants: Iterable[Youth] = (),
    counts: Mapping[tuple[str, str, int | None], int] | None = None,
    partners: Iterable[Partner] = (),
    version: int | None = None,
    **fields: Any,
) -> CollectiveAction:
    """Create or change a collective action (seed 000 annex 1: title, period, participants by
    age band and geography). Known youths join by pseudonym; each youth who joins or leaves
    gets an access-log entry. Other participants are counted anonymously. A change from a
    form opened on an older ``version`` is refused (``StaleEdit``)."""
    unknown = set(fields) - set(COLLECTIVE_FIELDS)
    if unknown:
        raise ValueError(f"Champs inconnus : {sorted(unknown)}")
    created = action is None
    if action is None:
        action = CollectiveAction(service=service)
        before: set[int] = set()
    else:
        action = locked(CollectiveAction, action.pk, version)
        before = set(action.participants.values_list("pk", flat=True))
    for name, value in fields.items():
        setattr(action, name, value)
    participants = list(participants)
    partners = list(partners)
    if any(y.service_id != service.pk for y in participants):
        raise ValidationError("Seuls les jeunes connus du service peuvent participer.")
    if any(p.service_id != service.pk for p in partners):
        raise ValidationError("Choisissez des partenaires de l'annuaire du service.")
    action.full_clean()
    action.save()
    action.participants.set(participants)
    action.partners.set(partners)
    if counts is not None:
        check_counts(counts)
        action.anonymous_participants.all().delete()
        ParticipantCount.objects.bulk_create(
            ParticipantCount(
                action=action, gender=gender, age_band=band, quartier_id=quartier_id, count=count
            )
            for (gender, band, quartier_id), count in counts.items()
            if count
        )
    after = {y.pk for y in participants}
    joined = [youth for youth in participants if youth.pk not in before]
    left = list(Youth.objects.filter(pk__in=before - after)) if before - after else []
    for youth in joined + left:
        log_access(
            actor,
            youth,
            AccessAction.CHANGE,
            record="collective_action",
            record_id=str(action.public_id),
            fields=["participants"],
        )
    anonymous = sum(action.anonymous_participants.values_list("count", flat=True))
    audit(
        actor,
        "fieldwork.collective.create" if created else "fieldwork.collective.update",
        action,
        f"Action collective {'créée' if created else 'modifiée'} : {len(after)} jeune(s) "
        f"connu(s), {anonymous} participant(s) compté(s)",
        public_id=str(action.public_id),
        added=len(after - before),
        removed=len(before - after),
    )
    return action
