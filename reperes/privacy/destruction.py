"""The end of a convention (seed 001 art. 9: restitution or destruction « avec preuve écrite »).

When a convention stops binding its service and no convention binds the service the day after,
the operator no longer has a basis to keep the nominative data it recorded under it: the
platform opens a request (``Destruction``), with what the convention's data-protection clause
says of the data at the end — or, without such a clause, destruction, because nothing may be
kept longer than its purpose needs (GDPR art. 5.1 e). The director of the service performs it
(after recording the restitution when the clause asks for one): the records concerned are
anonymised (``reperes.privacy.anonymise``) and the request becomes the dated proof, sent to the
funders of the convention.

A successor accepted later (the service was renewed after a gap) makes the request moot: it says
so and cannot be performed any more.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from reperes.conventions import access as grants
from reperes.conventions import catalogue, clauses
from reperes.conventions.dates import ENDED, dates_of
from reperes.conventions.enums import PartyRole
from reperes.conventions.models import Convention
from reperes.core import access
from reperes.core.mail import send_on_commit
from reperes.core.models import audit
from reperes.fieldwork.enums import AccessAction
from reperes.fieldwork.models import Youth
from reperes.fieldwork.youths.access_log import log_access

from . import responsible
from .anonymise import END_OF_CONVENTION, anonymise
from .models import Destruction, DestructionStatus, LegalHold

DESTROY = "destroy"
MODES = dict(catalogue.END_OF_DATA)
# The modes that return the data to the funder before the copies are destroyed.
RESTITUTION_MODES = frozenset({"return", "return_and_destroy"})
DEFAULT_SOURCE = (
    "RGPD, art. 5.1 e (limitation de la conservation), la convention ne comportant pas de "
    "clause de protection des données"
)
# The parties whose agents receive the proof: those who fund the service.
FUNDER_ROLES = (PartyRole.PILOT, PartyRole.CO_FUNDER)


def now() -> datetime:
    """The present; tests replace it."""
    return timezone.now()


# --------------------------------------------------------------------------- detection


def last_day(convention: Convention, on: date) -> date | None:
    """The last day ``convention`` applied, when it has ended by ``on`` (``None`` otherwise).

    Read from the convention's status (``reperes.conventions.dates``: expiry, withdrawal,
    termination, the end of the convention it follows), which once ended stays ended: the
    first ended day is found by halving the span since its acceptance.
    """
    if dates_of(convention, on).status.status not in ENDED:
        return None
    known = [d for d in (convention.starts_on, convention.operator_decided_on) if d]
    low = min(known) if known else on - timedelta(days=36525)
    if dates_of(convention, low).status.status in ENDED:
        return None  # ended before it started: it never applied
    high = on  # low: not ended; high: ended
    while (high - low).days > 1:
        middle = low + timedelta(days=(high - low).days // 2)
        if dates_of(convention, middle).status.status in ENDED:
            high = middle
        else:
            low = middle
    return low


def successors(convention: Convention, service: Any, ended_on: date, on: date) -> list[Any]:
    """The other conventions that bind ``service`` on some day after ``ended_on``, up to ``on``."""
    if on <= ended_on:
        return []
    found = clauses.binding_for_service(service, ended_on + timedelta(days=1), on)
    return [c for c in found if c.pk != convention.pk]


@dataclass(frozen=True)
class EndOfData:
    """What becomes of the data at the end: the mode and where it is written."""

    mode: str
    article: str
    written_proof: bool
    source: str

    def recorded(self) -> dict[str, Any]:
        """What a destruction request keeps of it (its source among the request's counts,
        read back by ``source_of``)."""
        return {
            "mode": self.mode,
            "article": self.article,
            "written_proof": self.written_proof,
            "counts": {"source": self.source},
        }


def end_of_data(convention: Convention, ended_on: date) -> EndOfData:
    """The fate of the data set by the convention's data-protection clause in force on its
    last day, or the default (destruction, GDPR art. 5.1 e) when it has none."""
    for bound in clauses.in_force(convention, ended_on, kinds=[catalogue.DATA_PROTECTION]):
        mode = bound.params.get("end")
        if mode in MODES:
            return EndOfData(
                mode=mode,
                article=bound.clause.article[:100],
                written_proof=bool(bound.params.get("written_proof")),
                source=bound.source,
            )
    return EndOfData(mode=DESTROY, article="", written_proof=False, source=DEFAULT_SOURCE)


def source_of(destruction: Destruction) -> str:
    """Where the request's mode comes from, as recorded when it was opened."""
    return str(destruction.counts.get("source") or DEFAULT_SOURCE)


def detect(on: date | None = None, *, notify: bool = True) -> list[Destruction]:
    """Open a request for each convention ended by ``on`` whose service no convention has
    bound since (idempotent: one request per convention and service)."""
    on = on or access.today()
    created = []
    candidates = grants.accepted_by_operator(Convention.objects.all()).select_related(
        "service__operator"
    )
    for convention in candidates:
        service = convention.service
        if Destruction.objects.filter(convention=convention, service=service).exists():
            continue
        ended_on = last_day(convention, on)
        if ended_on is None or not grants.binding_on_any(
            Convention.objects.filter(pk=convention.pk), [ended_on]
        ):
            continue
        if successors(convention, service, ended_on, on):
            continue
        created.append(_open(convention, service, ended_on, on, notify=notify))
    return created


@transaction.atomic
def _open(
    convention: Convention, service: Any, ended_on: date, on: date, *, notify: bool
) -> Destruction:
    fate = end_of_data(convention, ended_on)
    destruction = Destruction.objects.create(
        convention=convention,
        service=service,
        ended_on=ended_on,
        requested_on=on,
        **fate.recorded(),
    )
    audit(
        None,
        "privacy.destruction.request",
        destruction,
        f"Fin de convention sans successeur : {MODES[fate.mode].lower()} demandée",
    )
    if notify:
        send_on_commit(
            f"Fin de convention : {MODES[fate.mode].lower()} des données de {service.name}",
            f"La convention « {clauses.convention_label(convention)} » ne s'applique plus "
            f"depuis le {ended_on + timedelta(days=1):%d/%m/%Y} et aucune autre convention ne "
            f"lie le service {service.name}.\n"
            f"Les données nominatives recueillies à son titre doivent faire l'objet de : "
            f"{MODES[fate.mode].lower()} ({fate.source}).\n"
            "La direction du service la réalise depuis la page « Fin de convention » de Repères, "
            "qui en produit la preuve datée.",
            # The controller is the service's operator.
            responsible.recipients(service, service.operator_id),
        )
    return destruction


# --------------------------------------------------------------------------- the records


def youths_concerned(destruction: Destruction) -> QuerySet[Youth]:
    """The service's records not yet anonymised, met up to the convention's last day."""
    return Youth.objects.filter(
        service=destruction.service,
        anonymised_on__isnull=True,
        first_met_on__lte=destruction.ended_on,
    )


def held_ids(destruction: Destruction) -> set[int]:
    """Those of the records concerned under an active legal hold: kept, said so in the proof."""
    return set(
        LegalHold.objects.active()
        .filter(youth__in=youths_concerned(destruction))
        .values_list("youth_id", flat=True)
    )


def restitution_export(user: Any, destruction: Destruction) -> bytes:
    """The nominative data of the records concerned, as JSON, for the restitution: identities
    and pseudonymous records of the service only; each record read is logged."""
    rows = []
    with transaction.atomic():
        held = held_ids(destruction)
        for youth in youths_concerned(destruction).select_related("commune", "quartier", "family"):
            present = [name for name in Youth.IDENTITY_FIELDS if getattr(youth, name)]
            log_access(
                user,
                youth,
                AccessAction.VIEW_IDENTITY if present else AccessAction.VIEW,
                record="restitution",
                fields=present,
            )
            rows.append(_export_row(youth, held))
        audit(user, "privacy.destruction.export", destruction, f"Export de {len(rows)} fiche(s)")
    payload = {
        "service": destruction.service.name,
        "convention": clauses.convention_label(destruction.convention),
        "fin_de_convention": destruction.ended_on.isoformat(),
        "exporte_le": timezone.localtime(now()).isoformat(timespec="seconds"),
        "fiches": rows,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2).encode()


def _export_row(youth: Youth, held: set[int]) -> dict[str, Any]:
    return {
        "identifiant": str(youth.public_id),
        "pseudonyme": youth.pseudonym,
        "identite": {name: getattr(youth, name) for name in Youth.IDENTITY_FIELDS},
        "accord_identite_le": _iso(youth.identity_consent_on),
        "genre": youth.get_gender_display(),
        "annee_de_naissance": youth.birth_year,
        "tranche_d_age": youth.get_age_band_display(),
        "commune": str(youth.commune) if youth.commune else "",
        "quartier": str(youth.quartier) if youth.quartier else "",
        "situation": youth.get_situation_display(),
        "qualification": youth.get_qualification_display(),
        "famille": youth.family.code if youth.family else "",
        "premier_contact": _iso(youth.first_met_on),
        "conservee_sous_gel": youth.pk in held,
        "accompagnements": [
            {
                "debut": _iso(a.started_on),
                "fin": _iso(a.ended_on),
                "mode_d_entree": a.get_entry_mode_display(),
                "intensite": a.get_intensity_display(),
                "motif_de_fin": a.get_exit_reason_display(),
                "interventions": [
                    {"date": _iso(i.occurred_on), "nature": i.get_kind_display()}
                    for i in a.interventions.all()
                ],
            }
            for a in youth.accompaniments.order_by("started_on").prefetch_related("interventions")
        ],
    }


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


# --------------------------------------------------------------------------- actions


class Refused(Exception):
    """What cannot be done, in French, for the page to say."""


def no_longer_applies(destruction: Destruction, on: date | None = None) -> list[Any]:
    """The conventions that bound the service after the end (a successor signed later): the
    request no longer applies. A performed destruction stays what it was."""
    if destruction.status == DestructionStatus.PERFORMED:
        return []
    return successors(
        destruction.convention,
        destruction.service,
        destruction.ended_on,
        on or access.today(),
    )


@transaction.atomic
def record_return(user: Any, destruction: Destruction, returned_on: date, how: str) -> None:
    locked = Destruction.objects.select_for_update().get(pk=destruction.pk)
    if locked.status == DestructionStatus.PERFORMED:
        raise Refused("La destruction est déjà réalisée : la restitution ne peut plus changer.")
    locked.returned_on, locked.returned_how = returned_on, how
    locked.save(update_fields=["returned_on", "returned_how"])
    destruction.returned_on, destruction.returned_how = returned_on, how
    audit(user, "privacy.destruction.return", locked, f"Restitution du {returned_on:%d/%m/%Y}")


def perform(user: Any, destruction: Destruction) -> Destruction:
    """Anonymise the records concerned (held ones kept), in one transaction, and record what
    was destroyed: the request becomes the proof."""
    on = access.today()
    with transaction.atomic():
        locked = Destruction.objects.select_for_update().get(pk=destruction.pk)
        if locked.status == DestructionStatus.PERFORMED:
            raise Refused("Cette destruction est déjà réalisée.")
        if no_longer_applies(locked, on):
            raise Refused(
                "Une autre convention lie de nouveau le service : la demande ne s'applique plus."
            )
        if locked.mode in RESTITUTION_MODES and locked.returned_on is None:
            raise Refused("Enregistrez d'abord la restitution des données (date et moyen).")
        held = held_ids(locked)
        youths = list(youths_concerned(locked).exclude(pk__in=held).order_by("pk"))
        outcome = anonymise(
            youths,
            on=on,
            actor=user,
            reason=END_OF_CONVENTION,
            summary=f"Fiche anonymisée : fin de la convention {locked.convention.pk}",
        )
        locked.status = DestructionStatus.PERFORMED
        locked.performed_at = now()
        locked.performed_by = user
        locked.counts = {**locked.counts, **outcome.as_counts(), "kept_under_hold": len(held)}
        locked.digest = outcome.digest
        locked.save()
        audit(
            user,
            "privacy.destruction.perform",
            locked,
            f"Destruction réalisée : {outcome.youths} fiche(s), {len(held)} conservée(s) sous gel",
            digest=outcome.digest,
        )
    return locked


def funder_organisations(destruction: Destruction) -> list[Any]:
    parties = destruction.convention.parties.select_related("organisation").filter(
        role__in=FUNDER_ROLES
    )
    return [p.organisation for p in parties.order_by("order")]


def funder_recipients(destruction: Destruction) -> list[str]:
    from django.contrib.auth import get_user_model

    from reperes.accounts.enums import Role

    organisations = [o.pk for o in funder_organisations(destruction)]
    agents = get_user_model().objects.filter(
        is_active=True, role=Role.FUNDER_AGENT, organisation_id__in=organisations
    )
    return sorted({u.email for u in agents if u.email})


def send_proof(user: Any, destruction: Destruction, pdf: bytes) -> list[str]:
    """E-mail the proof (PDF attached) to the agents of the convention's funders; record the
    day it was sent."""
    if destruction.status != DestructionStatus.PERFORMED:
        raise Refused("La preuve n'existe qu'une fois la destruction réalisée.")
    to = funder_recipients(destruction)
    if not to:
        raise Refused(
            "Aucun agent des financeurs de la convention n'a de compte avec une adresse "
            "électronique : envoyez la preuve (PDF) par un autre moyen."
        )
    on = access.today()
    with transaction.atomic():
        Destruction.objects.filter(pk=destruction.pk).update(sent_to_funder_on=on)
        destruction.sent_to_funder_on = on
        audit(user, "privacy.destruction.send", destruction, "Preuve envoyée aux financeurs")
        message = EmailMessage(
            f"Preuve de destruction des données — {destruction.service.name}",
            (
                f"Vous trouverez ci-joint la preuve de la destruction des données nominatives du "
                f"service {destruction.service.name}, recueillies au titre de la convention "
                f"« {clauses.convention_label(destruction.convention)} » "
                f"({source_of(destruction)})."
            ),
            settings.DEFAULT_FROM_EMAIL,
            to,
        )
        message.attach(f"preuve-destruction-{destruction.pk}.pdf", pdf, "application/pdf")
        transaction.on_commit(message.send)
    return to
