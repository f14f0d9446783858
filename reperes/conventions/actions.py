"""Every write on a convention is one of these named actions: one transaction, with its
audit entry written in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from reperes.core.models import audit
from reperes.core.saving import save_checked

from .enums import AmendmentStatus, EventKindChoices, OperatorDecision, PartyRole
from .models import (
    Amendment,
    Article,
    Convention,
    ConventionEvent,
    ConventionTemplate,
    LegalBasis,
    Party,
    Signatory,
)

# Fields an amendment may change, with their French label for the history.
AMENDABLE_FIELDS = {
    "title": "Intitulé",
    "object": "Objet",
    "period_kind": "Type de période",
    "starts_on": "Début",
    "starts_at_signature": "Entre en vigueur à la signature",
    "ends_on": "Fin",
    "term_value": "Durée",
    "term_unit": "Unité de la durée",
    "max_renewals": "Reconductions au plus",
    "withdrawal_notice_value": "Préavis de dénonciation",
    "withdrawal_notice_unit": "Unité du préavis",
    "formal_notice_value": "Délai après mise en demeure",
    "formal_notice_unit": "Unité du délai de mise en demeure",
    "termination_delay_value": "Effet de la résiliation",
    "termination_delay_unit": "Unité du délai de résiliation",
    "delays_extendable": "Délais prorogeables",
    "secrecy_threshold": "Seuil du secret statistique",
    "secrecy_zone_floor": "Effectif minimal d'une zone",
}


@dataclass(frozen=True)
class Avenant:
    """What an avenant says of itself: its number, object, dates and summary (what it changes
    is given to the action that records it)."""

    number: int
    title: str
    effective_on: date | None = None
    signed_on: date | None = None
    summary: str = ""


@dataclass(frozen=True)
class PartyInput:
    organisation_id: int
    role: str
    designation: str = ""
    signatory_name: str = ""
    signatory_title: str = ""
    deliberation_id: int | None = None


def _check_parties(parties: Iterable[PartyInput]) -> list[PartyInput]:
    parties = list(parties)
    if len(parties) < 2:
        raise ValidationError("Une convention réunit au moins deux parties.")
    ids = [p.organisation_id for p in parties]
    if len(set(ids)) != len(ids):
        raise ValidationError("Une même organisation ne peut figurer deux fois parmi les parties.")
    if not any(p.role == PartyRole.PILOT for p in parties):
        raise ValidationError(
            "Indiquez la partie qui pilote la convention (rôle « Pilote et financeur »)."
        )
    return parties


def _save_parties(convention: Convention, parties: list[PartyInput]) -> None:
    for order, p in enumerate(parties):
        party = Party.objects.create(
            convention=convention,
            organisation_id=p.organisation_id,
            role=p.role,
            designation=p.designation,
            order=order,
        )
        if p.signatory_name:
            Signatory.objects.create(
                party=party,
                full_name=p.signatory_name,
                title=p.signatory_title,
                deliberation_id=p.deliberation_id,
            )


def _check_operator_party(convention: Convention, parties: list[PartyInput]) -> None:
    """A convention on a service names the service's operator as a party: it is the operator
    who accepts or refuses it (nothing is granted before)."""
    service = convention.service
    if service is None:
        return
    if service.operator_id is None:
        raise ValidationError("Ce service n'a pas d'organisme gestionnaire enregistré.")
    if not any(
        p.organisation_id == service.operator_id and p.role == PartyRole.OPERATOR for p in parties
    ):
        raise ValidationError(
            f"L'organisme gestionnaire du service ({service.operator}) doit figurer parmi les "
            "parties, avec le rôle « Opérateur » : c'est lui qui accepte ou refuse la convention."
        )


def _new_convention(
    fields: Mapping[str, Any], parties: Iterable[PartyInput], communes: Iterable[Any]
) -> Convention:
    """The convention checked and saved with its parties (the service's operator among them)
    and its communes."""
    checked = _check_parties(parties)
    convention = Convention(**fields)
    _check_operator_party(convention, checked)
    save_checked(convention)
    convention.communes.set(list(communes))
    _save_parties(convention, checked)
    return convention


@transaction.atomic
def create_convention(
    actor: Any,
    fields: Mapping[str, Any],
    parties: Iterable[PartyInput],
    communes: Iterable[Any] = (),
) -> Convention:
    """A draft: it grants nothing on the service's data until the operator accepts it
    (``accept_convention``), whoever creates it and whatever it says of its signature."""
    fields = {k: v for k, v in fields.items() if not k.startswith("operator_")}
    convention = _new_convention(fields, parties, communes)
    audit(actor, "convention.create", convention, f"Création de la convention « {convention} »")
    return convention


SECRECY_FIELDS = ("secrecy_threshold", "secrecy_zone_floor")


def _diff(convention: Convention, changes: Mapping[str, Any]) -> list[dict[str, Any]]:
    diff = []
    for field, new in changes.items():
        if field not in AMENDABLE_FIELDS:
            raise ValidationError(f"Le champ « {field} » ne peut pas être modifié par avenant.")
        old = getattr(convention, field)
        if old != new:
            diff.append(
                {
                    "field": field,
                    "label": AMENDABLE_FIELDS[field],
                    "old": _plain(old),
                    "new": _plain(new),
                }
            )
    if not diff:
        raise ValidationError("Cet avenant ne modifie rien : indiquez au moins un changement.")
    return diff


def lowers_secrecy(diff: Iterable[Mapping[str, Any]]) -> bool:
    return any(
        d["field"] in SECRECY_FIELDS and d["old"] is not None and d["new"] < d["old"] for d in diff
    )


def _apply(convention: Convention, diff: Iterable[Mapping[str, Any]], reason: str) -> None:
    for d in diff:
        field = Convention._meta.get_field(d["field"])
        value = field.to_python(d["new"])  # type: ignore[union-attr]  # a column, not a relation
        setattr(convention, d["field"], value)
    save_checked(convention, reason)


@transaction.atomic
def amend_convention(
    actor: Any, convention: Convention, avenant: Avenant, *, changes: Mapping[str, Any]
) -> Amendment:
    """Record an avenant and apply what it changes; the amendment keeps old and new values.

    The secrecy rule never goes below the platform's floor. An avenant that lowers it (towards
    the floor) waits for the operator's agreement (``decide_amendment``), unless the operator's
    own director records it; one that raises it applies at once."""
    from reperes.core.access import is_service_director, secrecy_floor_errors

    convention = Convention.objects.select_for_update().get(pk=convention.pk)
    diff = _diff(convention, changes)
    errors = secrecy_floor_errors(
        changes.get("secrecy_threshold"), changes.get("secrecy_zone_floor")
    )
    if errors:
        raise ValidationError(errors)
    by_operator = convention.service is not None and is_service_director(actor, convention.service)
    pending = lowers_secrecy(diff) and not by_operator
    if not pending:
        _apply(convention, diff, f"Avenant n° {avenant.number}")
    return record_amendment(actor, convention, avenant, diff=diff, pending=pending)


def record_amendment(
    actor: Any,
    convention: Convention,
    avenant: Avenant,
    *,
    diff: list[dict[str, Any]],
    pending: bool,
    **details: Any,
) -> Amendment:
    """The avenant's record, checked and saved with its audit entry (``details`` added to
    it): what it changes (``diff``), and whether it waits for the operator's agreement.
    Applying the changes is the caller's business."""
    amendment = Amendment(
        convention=convention,
        **asdict(avenant),  # its number, title, dates and summary
        changes=diff,
        created_by=actor,
        status=AmendmentStatus.PENDING if pending else AmendmentStatus.IN_EFFECT,
    )
    save_checked(amendment)
    audit(
        actor,
        "convention.amend",
        convention,
        f"Avenant n° {avenant.number} : {avenant.title}"
        + (" (en attente de l'accord de l'opérateur)" if pending else ""),
        changes=[d["field"] for d in diff],
        pending=pending,
        **details,
    )
    return amendment


def _require_consent_recorder(actor: Any, convention: Convention, evidence: str) -> None:
    from reperes.accounts.enums import Role
    from reperes.core.access import can_record_operator_consent

    if not can_record_operator_consent(actor, convention):
        raise PermissionDenied(
            "Seule la direction du service de l'opérateur, ou l'administration de la plateforme "
            "sur pièce, enregistre l'accord de l'opérateur."
        )
    if actor.role == Role.PLATFORM_ADMIN and not (evidence.strip() or convention.signed_document):
        raise ValidationError(
            "L'administration de la plateforme enregistre l'accord sur pièce : déposez la "
            "convention signée ou indiquez la référence du document signé."
        )


@transaction.atomic
def decide_amendment(
    actor: Any, amendment: Amendment, *, agree: bool, decided_on: date, evidence: str = ""
) -> Amendment:
    """The operator agrees to (the avenant applies now) or refuses a pending avenant."""
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    convention = Convention.objects.select_for_update().get(pk=amendment.convention_id)
    _require_consent_recorder(actor, convention, evidence)
    if amendment.status != AmendmentStatus.PENDING:
        raise ValidationError("Cet avenant n'attend pas l'accord de l'opérateur.")
    if agree:
        from .actions_clauses import apply_agreed

        fields = [d for d in amendment.changes if d.get("field") in AMENDABLE_FIELDS]
        if fields:
            _apply(convention, fields, f"Avenant n° {amendment.number} (accord)")
        apply_agreed(amendment)
    amendment.status = AmendmentStatus.IN_EFFECT if agree else AmendmentStatus.REFUSED
    amendment.decided_on = decided_on
    amendment.decided_by = actor
    amendment.evidence = evidence
    save_checked(amendment)
    verb = "accepté" if agree else "refusé"
    audit(
        actor,
        "convention.amend.agree" if agree else "convention.amend.refuse",
        convention,
        f"Avenant n° {amendment.number} {verb} par l'opérateur le {decided_on:%d/%m/%Y}",
        evidence=evidence,
    )
    return amendment


@transaction.atomic
def accept_convention(
    actor: Any,
    convention: Convention,
    *,
    accepted_on: date,
    evidence: str = "",
    note: str = "",
    document: Any = None,
) -> Convention:
    """The operator accepts the convention: from ``accepted_on`` it binds (and opens the
    service's data to its funder parties) until it ends (``reperes.conventions.access``). A signed
    document given here becomes the convention's signed document."""
    convention = (
        Convention.objects.select_for_update(of=("self",))
        .select_related("service")
        .get(pk=convention.pk)
    )
    if document is not None:
        convention.signed_document = document
    _require_consent_recorder(actor, convention, evidence)
    if convention.operator_decision != OperatorDecision.PENDING:
        raise ValidationError(
            f"L'opérateur a déjà décidé : {convention.get_operator_decision_display().lower()}."
        )
    _record_decision(actor, convention, OperatorDecision.ACCEPTED, accepted_on, evidence, note)
    audit(
        actor,
        "convention.operator_accept",
        convention,
        f"Convention acceptée par l'opérateur le {accepted_on:%d/%m/%Y}",
        evidence=evidence,
    )
    return convention


@transaction.atomic
def refuse_convention(
    actor: Any, convention: Convention, *, refused_on: date, reason: str
) -> Convention:
    """The operator refuses the convention: it never grants anything on the service."""
    convention = (
        Convention.objects.select_for_update(of=("self",))
        .select_related("service")
        .get(pk=convention.pk)
    )
    _require_consent_recorder(actor, convention, "refus")
    if convention.operator_decision != OperatorDecision.PENDING:
        raise ValidationError(
            f"L'opérateur a déjà décidé : {convention.get_operator_decision_display().lower()}."
        )
    if not reason.strip():
        raise ValidationError("Indiquez le motif du refus.")
    _record_decision(actor, convention, OperatorDecision.REFUSED, refused_on, "", reason)
    audit(
        actor,
        "convention.operator_refuse",
        convention,
        f"Convention refusée par l'opérateur le {refused_on:%d/%m/%Y}",
    )
    return convention


def _record_decision(
    actor: Any, convention: Convention, decision: str, on: date, evidence: str, note: str
) -> None:
    convention.operator_decision = decision
    convention.operator_decided_on = on
    convention.operator_decided_by = actor
    convention.operator_decision_org_id = convention.service.operator_id  # type: ignore[union-attr]  # _require_consent_recorder refused a convention without a service
    convention.operator_evidence = evidence
    convention.operator_note = note
    save_checked(convention, OperatorDecision(decision).label)


@transaction.atomic
def sign_convention(
    actor: Any, convention: Convention, *, signed_on: date | None, signed_at: str = ""
) -> Convention:
    """Record that the parties have signed (the document's date and place). It opens nothing
    by itself: the service's data open to the funders only with the operator's acceptance
    (``accept_convention``), which a funder cannot record."""
    convention = Convention.objects.select_for_update().get(pk=convention.pk)
    if convention.is_signed and convention.signed_on:
        raise ValidationError("Cette convention est déjà signée.")
    convention.is_signed = True
    convention.signed_on = signed_on
    convention.signed_at = signed_at or convention.signed_at
    save_checked(convention, "Signature")
    audit(
        actor,
        "convention.sign",
        convention,
        f"Signature enregistrée ({signed_on:%d/%m/%Y})"
        if signed_on
        else "Signature enregistrée (date inconnue)",
    )
    return convention


@transaction.atomic
def upload_signed_document(actor: Any, convention: Convention, document: Any) -> Convention:
    """Keep the signed convention's file (a PDF, checked by the form) on the convention."""
    convention = Convention.objects.select_for_update().get(pk=convention.pk)
    convention.signed_document = document
    convention.save(update_fields=["signed_document", "updated_at"])
    audit(actor, "convention.upload", convention, "Dépôt de la convention signée")
    return convention


@transaction.atomic
def record_event(
    actor: Any,
    convention: Convention,
    *,
    kind: str,
    received_on: date,
    party: Party | None = None,
    effective_on: date | None = None,
    note: str = "",
) -> ConventionEvent:
    if not convention.is_signed:
        raise ValidationError("Une convention non signée ne peut être dénoncée ni résiliée.")
    if kind == EventKindChoices.WITHDRAWAL and convention.withdrawal_notice_value is None:
        raise ValidationError("Cette convention ne prévoit pas de dénonciation.")
    if party is not None and party.convention_id != convention.pk:
        raise ValidationError("L'auteur de l'événement doit être partie à la convention.")
    event = ConventionEvent(
        convention=convention,
        kind=kind,
        received_on=received_on,
        party=party,
        effective_on=effective_on,
        note=note,
        created_by=actor,
    )
    save_checked(event)
    audit(
        actor,
        f"convention.event.{kind}",
        convention,
        f"{event.get_kind_display()} reçue le {received_on:%d/%m/%Y}",
    )
    return event


# Every term of a convention, as a template or a source convention passes them on (the start
# as written in the text, ``starts_on_text``, included); the forms edit
# ``forms.EDITABLE_TERMS_FIELDS``, all but that text.
TERMS_FIELDS = [
    "period_kind",
    "starts_on",
    "starts_on_text",
    "starts_at_signature",
    "ends_on",
    "term_value",
    "term_unit",
    "max_renewals",
    "withdrawal_notice_value",
    "withdrawal_notice_unit",
    "formal_notice_value",
    "formal_notice_unit",
    "termination_delay_value",
    "termination_delay_unit",
    "delays_extendable",
]


def terms_of(original: Any, /, **fields: Any) -> dict[str, Any]:
    """A new convention's fields from a model convention or an earlier convention: its terms
    (``TERMS_FIELDS``), kind and object, then ``fields``."""
    terms = {name: getattr(original, name) for name in TERMS_FIELDS}
    return {**terms, "kind": original.kind, "object": original.object, **fields}


def copy_legal_bases(source: Any, convention: Convention) -> None:
    """The legal bases of a model convention or an earlier convention, in the same order."""
    for basis in source.legal_bases.all():
        LegalBasis.objects.create(convention=convention, order=basis.order, text=basis.text)


# What a clause says, as a copy carries it over (a new version, the copy of a source
# convention's clause, the withdrawal of a model convention's clause).
CLAUSE_TERMS = ("kind", "article", "params", "order")


def clause_terms(source: Any) -> dict[str, Any]:
    return {name: getattr(source, name) for name in CLAUSE_TERMS}


@transaction.atomic
def instantiate_template(
    actor: Any,
    template: ConventionTemplate,
    *,
    title: str,
    service: Any,
    parties: Iterable[PartyInput],
    communes: Iterable[Any] = (),
    short_title: str = "",
    source: str = "",
) -> Convention:
    """Create one convention from a model convention: same terms, clauses and legal bases."""
    fields = terms_of(
        template,
        title=title,
        short_title=short_title,
        template=template,
        service=service,
        source=source,
    )
    convention = _new_convention(fields, parties, communes)
    copy_legal_bases(template, convention)
    for article in template.articles.all():
        Article.objects.create(
            convention=convention,
            order=article.order,
            number=article.number,
            heading=article.heading,
            body=article.body,
        )
    audit(
        actor,
        "convention.instantiate",
        convention,
        f"Convention créée à partir de la convention type « {template} »",
    )
    return convention


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value
