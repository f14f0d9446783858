"""Anonymising a youth's record: the one operation behind retention, erasure (GDPR art. 17) and
the destruction at the end of a convention (seed 001 art. 9).

What goes
    The identity (name, first name, address, phone: ciphertext and blind indexes), the consent
    that allowed it, the pseudonym (replaced by a random code), the birth year (kept only as the
    age band of each year the record lived, ``Youth.age_bands``, so that every report of a past
    period counts the youth in the same band), and the family's code once none of its youths is
    kept.

What stays
    Gender, place of residence (commune, quartier), situation, qualification, the dates and
    natures of accompaniments, interventions and collective actions: what the statistics of
    past periods are made of, none of which names anyone once the pseudonym is gone. The access
    log and the audit log never held a value (identifiers and field names only,
    ``reperes.fieldwork.models.log_access``); they go with their own retention
    (``reperes.core.logs.purge_before``).

No free text is attached to a youth's record in Repères (the observations of the territory are
the service's, never a youth's); a free text that named a youth elsewhere (a report's written
part) is the service's to rewrite.

The digest of the destroyed set is the SHA-256 of the destroyed values together with each
record's random ``public_id``: whoever kept a copy of the set can check it was this one, and
nobody can guess the values back from it (the identifiers carry 122 random bits each).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.db.models.functions import Coalesce, Greatest

from reperes.core.models import audit
from reperes.fieldwork.enums import age_band_for
from reperes.fieldwork.models import Family, Youth
from reperes.fieldwork.youths.models import band_key

ANONYMISE_ACTION = "privacy.anonymise"
PSEUDONYM_PREFIX = "anonyme-"

# Why a record is anonymised (the audit entry says which).
RETENTION = "retention"
ERASURE = "erasure"
END_OF_CONVENTION = "end_of_convention"
REASONS = {
    RETENTION: "durée de conservation échue",
    ERASURE: "demande d'effacement (RGPD art. 17)",
    END_OF_CONVENTION: "fin de la convention (destruction des données nominatives)",
}


@dataclass
class Outcome:
    """What one anonymisation did, in numbers, and the digest of what it destroyed."""

    youths: int = 0
    identities: int = 0
    families: int = 0
    digest: str = ""
    public_ids: list[str] = field(default_factory=list)

    def as_counts(self) -> dict[str, int]:
        return {"youths": self.youths, "identities": self.identities, "families": self.families}


def with_last_contact(youths: QuerySet[Youth]) -> QuerySet[Youth]:
    """``youths`` annotated with ``last_contact`` (the last day the service was in contact:
    first meeting, start or end of an accompaniment, an intervention, a collective action) and
    ``open_accompaniments`` (how many have no end: a record in use is never past its time)."""
    from django.db.models import Count, Q

    first = "first_met_on"
    return youths.annotate(
        last_contact=Greatest(
            first,
            Coalesce(Max("accompaniments__started_on"), first),
            Coalesce(Max("accompaniments__ended_on"), first),
            Coalesce(Max("accompaniments__interventions__occurred_on"), first),
            Coalesce(Max("collective_actions__started_on"), first),
            Coalesce(Max("collective_actions__ended_on"), first),
        ),
        open_accompaniments=Count(
            "accompaniments",
            filter=Q(accompaniments__ended_on__isnull=True),
            distinct=True,
        ),
    )


def first_contact(youth: Youth) -> date:
    """The first day the youth appears in the service's records: the first meeting, or an
    earlier accompaniment, intervention or collective action (a record may be created after the
    youth took part in an action: the reports of that action's periods count them)."""
    from django.db.models import Min

    found = Youth.objects.filter(pk=youth.pk).aggregate(
        accompaniment=Min("accompaniments__started_on"),
        intervention=Min("accompaniments__interventions__occurred_on"),
        action=Min("collective_actions__started_on"),
    )
    return min([youth.first_met_on, *(d for d in found.values() if d is not None)])


def bands_by_year(youth: Youth, until: date) -> dict[str, str]:
    """The youth's age band for each year from the first contact to ``until``: what the reports
    read once the birth year is gone (``Youth.band_on``, ``age_band_expression``).

    A change of band between two kept years narrows the birth year down to one year: the price
    of past reports that stay identical. Nothing else of the record names the youth by then."""
    if not youth.birth_year:
        return dict(youth.age_bands)
    start = min(first_contact(youth).year, until.year)
    return {
        band_key(year): age_band_for(year - youth.birth_year)
        for year in range(start, until.year + 1)
    }


def _destroyed_values(youth: Youth) -> dict[str, Any]:
    values: dict[str, Any] = {"public_id": str(youth.public_id), "pseudonym": youth.pseudonym}
    for name in Youth.IDENTITY_FIELDS:
        values[name] = getattr(youth, name)
    values["birth_year"] = youth.birth_year
    return values


def digest_of(values: Iterable[dict[str, Any]]) -> str:
    rows = sorted(values, key=lambda v: str(v["public_id"]))
    payload = json.dumps(rows, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _new_code(prefix: str, taken: set[str]) -> str:
    while True:
        code = f"{prefix}{secrets.token_hex(4)}"
        if code not in taken:
            return code


def anonymise(
    youths: Iterable[Youth], *, on: date, actor: Any, reason: str, summary: str = ""
) -> Outcome:
    """Anonymise ``youths`` (already anonymised ones are left as they are: the operation is
    idempotent), in one transaction, with one audit entry per record. ``on`` is the day it
    happens (the last year of ``age_bands``)."""
    if reason not in REASONS:
        raise ValueError(f"Motif d'anonymisation inconnu : {reason}")
    outcome = Outcome()
    destroyed: list[dict[str, Any]] = []
    with transaction.atomic():
        pending = [y for y in youths if y.anonymised_on is None]
        pks = [y.pk for y in pending]
        locked = {y.pk: y for y in Youth.objects.select_for_update().filter(pk__in=pks)}
        family_ids: set[int] = set()
        # The pseudonyms in use, read once per service (a destruction anonymises a whole
        # service): each new code joins them.
        taken: dict[int, set[str]] = {}
        for pk in pks:
            youth = locked.get(pk)
            if youth is None or youth.anonymised_on is not None:
                continue
            destroyed.append(_destroyed_values(youth))
            if youth.has_identity:
                outcome.identities += 1
            if youth.service_id not in taken:
                taken[youth.service_id] = set(
                    Youth.objects.filter(service_id=youth.service_id).values_list(
                        "pseudonym", flat=True
                    )
                )
            youth.age_bands = bands_by_year(youth, on)
            youth.age_band = youth.band_on(on)
            youth.birth_year = None
            youth.pseudonym = _new_code(PSEUDONYM_PREFIX, taken[youth.service_id])
            taken[youth.service_id].add(youth.pseudonym)
            for name in Youth.IDENTITY_FIELDS:
                setattr(youth, name, "")
            youth.identity_consent_on = None
            youth.identity_consent_by = None
            youth.anonymised_on = on
            youth.save()  # refreshes (empties) the blind indexes
            audit(
                actor,
                ANONYMISE_ACTION,
                youth,
                summary or f"Fiche anonymisée : {REASONS[reason]}",
                reason=reason,
            )
            outcome.youths += 1
            outcome.public_ids.append(str(youth.public_id))
            if youth.family_id:
                family_ids.add(youth.family_id)
        outcome.families = _anonymise_families(family_ids, on=on)
    outcome.digest = digest_of(destroyed) if destroyed else ""
    return outcome


def _anonymise_families(family_ids: set[int], *, on: date) -> int:
    """Replace the code of each family none of whose youths is kept any more."""
    done = 0
    for family in Family.objects.select_for_update().filter(
        pk__in=family_ids, anonymised_on__isnull=True
    ):
        if family.youths.filter(anonymised_on__isnull=True).exists():
            continue
        taken = set(
            Family.objects.filter(service_id=family.service_id).values_list("code", flat=True)
        )
        family.code = _new_code("anon-", taken)
        family.anonymised_on = on
        family.save()
        done += 1
    return done
