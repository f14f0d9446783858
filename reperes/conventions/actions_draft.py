"""Setting a convention up with its clauses while it is a draft (API, spreadsheet import).

A draft is a convention that no party has signed and its operator has not decided on: its
clauses are written directly. Once signed or accepted, a clause changes only by amendment,
from its effective date, so that past periods keep the rule that held then.

Who sets a convention up: a funder agent whose organisation is a party as pilot or co-funder.
Whatever it says, a draft grants nothing on the service's data: access follows the operator's
acceptance (``reperes.conventions.access``), which these actions never record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.db import transaction

from reperes.core.models import audit
from reperes.core.saving import save_checked

from . import catalogue
from .actions import (
    PartyInput,
    _check_operator_party,
    _check_parties,
    _save_parties,
    create_convention,
)
from .enums import OperatorDecision, PartyRole
from .models import Clause, Convention, Party

SETUP_ROLES = frozenset({PartyRole.PILOT, PartyRole.CO_FUNDER})
KEY_MAX = Clause._meta.get_field("key").max_length or 60
ARTICLE_MAX = Clause._meta.get_field("article").max_length or 100


@dataclass(frozen=True)
class ClauseInput:
    key: str
    kind: str
    article: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)


class ClausesInvalid(ValidationError):
    """Some clauses are wrong: ``by_index`` gives, for each wrong clause (by its position in
    the input), its errors by field (``key``, ``kind``, ``article``, ``params``), in French."""

    def __init__(self, by_index: dict[int, dict[str, list[str]]]) -> None:
        self.by_index = by_index
        messages = [
            f"Clause n° {index + 1} : {message}"
            for index, fields in sorted(by_index.items())
            for messages in fields.values()
            for message in messages
        ]
        super().__init__(messages)


def is_draft(convention: Convention) -> bool:
    return not convention.is_signed and convention.operator_decision == OperatorDecision.PENDING


def may_set_up(user: Any, organisation_ids: Iterable[int]) -> bool:
    """A funder agent whose organisation is among ``organisation_ids`` (the pilot and
    co-funder parties)."""
    from reperes.core.access import is_funder_agent

    return is_funder_agent(user) and user.organisation_id in set(organisation_ids)


def setup_parties(convention: Convention) -> list[int]:
    """The organisations that may set ``convention`` up (its pilot and co-funders)."""
    return list(
        Party.objects.filter(convention=convention, role__in=SETUP_ROLES).values_list(
            "organisation_id", flat=True
        )
    )


def _require_setup(user: Any, organisation_ids: Iterable[int]) -> None:
    if not may_set_up(user, organisation_ids):
        raise PermissionDenied(
            "Seul un agent d'un financeur partie à la convention, comme pilote ou "
            "co-financeur, la met en place."
        )


def clean_clause(clause: ClauseInput) -> tuple[ClauseInput, dict[str, list[str]]]:
    """The clause with its parameters typed by the catalogue, and its errors by field."""
    errors: dict[str, list[str]] = {}
    key = str(clause.key or "").strip()
    if not key:
        errors["key"] = ["La référence de la clause est obligatoire."]
    elif len(key) > KEY_MAX:
        errors["key"] = [f"La référence de la clause a {KEY_MAX} caractères au plus."]
    else:
        try:
            validate_slug(key)
        except ValidationError:
            errors["key"] = [
                f"« {key} » : la référence d'une clause ne contient que des lettres sans "
                "accent, des chiffres, des tirets et des soulignés."
            ]
    article = str(clause.article or "").strip()
    if len(article) > ARTICLE_MAX:
        errors["article"] = [f"L'article a {ARTICLE_MAX} caractères au plus."]
    kind = str(clause.kind or "").strip()
    if kind not in catalogue.KINDS:
        errors["kind"] = [
            f"Nature de clause inconnue : « {kind} » (attendu : "
            + ", ".join(catalogue.KINDS)
            + ")."
        ]
        return clause, errors
    if not isinstance(clause.params, Mapping):
        errors["params"] = ["Les paramètres sont un objet (nom → valeur)."]
        return clause, errors
    params, problems = catalogue.clean(kind, clause.params)
    if problems:
        errors["params"] = problems
    return ClauseInput(key=key, kind=kind, article=article, params=params), errors


def clean_clauses(
    clauses: Sequence[ClauseInput],
) -> tuple[list[ClauseInput], dict[int, dict[str, list[str]]]]:
    """Every clause cleaned, and the errors by position (a key given twice is an error)."""
    cleaned: list[ClauseInput] = []
    errors: dict[int, dict[str, list[str]]] = {}
    seen: dict[str, int] = {}
    for index, clause in enumerate(clauses):
        result, problems = clean_clause(clause)
        if "key" not in problems and result.key in seen:
            problems["key"] = [
                f"La référence « {result.key} » est déjà celle de la clause n° "
                f"{seen[result.key] + 1}."
            ]
        seen.setdefault(result.key, index)
        if problems:
            errors[index] = problems
        cleaned.append(result)
    return cleaned, errors


def reference_taken(reference: str, pilot_id: int, exclude: int | None = None) -> bool:
    """Whether the pilot already has another convention under ``reference``."""
    if not reference:
        return False
    queryset = Convention.objects.filter(
        reference=reference,
        parties__organisation_id=pilot_id,
        parties__role=PartyRole.PILOT,
    )
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude)
    return queryset.exists()


def _pilot_id(parties: Sequence[PartyInput]) -> int | None:
    return next((p.organisation_id for p in parties if p.role == PartyRole.PILOT), None)


def _lock_organisation(organisation_id: int) -> None:
    from reperes.partners.models import Organisation

    list(Organisation.objects.select_for_update().filter(pk=organisation_id).values_list("pk"))


def check_setup(
    actor: Any, fields: Mapping[str, Any], parties: Iterable[PartyInput], *, exclude: int | None
) -> list[PartyInput]:
    """What is checked before a draft is written: the parties, the actor's right, the
    reference; raises ``PermissionDenied`` or ``ValidationError`` (French). Called inside the
    writing transaction (it locks the pilot's row while the reference is checked)."""
    checked = _check_parties(parties)
    _require_setup(actor, [p.organisation_id for p in checked if p.role in SETUP_ROLES])
    reference = str(fields.get("reference") or "")
    pilot = _pilot_id(checked)
    if pilot is not None and reference:
        # Two set-ups of the same reference at once (an import sent twice): the second waits
        # for the first, then finds its convention.
        _lock_organisation(pilot)
    if pilot is not None and reference_taken(reference, pilot, exclude):
        raise ValidationError(
            {"reference": f"Le pilote a déjà une convention de référence « {reference} »."}
        )
    return checked


def _write_clauses(convention: Convention, clauses: Sequence[ClauseInput], start: int = 0) -> None:
    for order, clause in enumerate(clauses, start=start):
        _put(convention, clause, order)


def _put(convention: Convention, clause: ClauseInput, order: int | None) -> tuple[Clause, bool]:
    versions = list(Clause.objects.filter(convention=convention, key=clause.key))
    if len(versions) > 1:
        raise ValidationError(
            f"La clause « {clause.key} » a plusieurs versions : elle se modifie par avenant."
        )
    if versions:
        existing = versions[0]
        existing.kind, existing.article = clause.kind, clause.article
        existing.withdrawn = False  # written again: it applies (no longer withdraws the model's)
        existing.params = dict(clause.params)
        if order is not None:
            existing.order = order
        existing.full_clean()
        existing.save()
        return existing, False
    if order is None:
        order = Clause.objects.filter(convention=convention).count()
    created = Clause(
        convention=convention,
        key=clause.key,
        kind=clause.kind,
        article=clause.article,
        params=dict(clause.params),
        order=order,
    )
    created.full_clean()
    created.save()
    return created, True


def _valid_clauses(clauses: Iterable[ClauseInput]) -> list[ClauseInput]:
    cleaned, errors = clean_clauses(list(clauses))
    if errors:
        raise ClausesInvalid(errors)
    return cleaned


def _checked_draft(
    actor: Any,
    fields: Mapping[str, Any],
    parties: Iterable[PartyInput],
    clauses: Iterable[ClauseInput],
    *,
    exclude: int | None,
) -> tuple[list[PartyInput], list[ClauseInput]]:
    """A draft's parties and clauses checked (``check_setup``, ``clean_clauses``), then its
    secrecy rule against the platform's floor; the first refusal is raised."""
    from reperes.core.access import secrecy_floor_errors

    checked = check_setup(actor, fields, parties, exclude=exclude)
    cleaned = _valid_clauses(clauses)
    errors = secrecy_floor_errors(fields.get("secrecy_threshold"), fields.get("secrecy_zone_floor"))
    if errors:
        raise ValidationError(errors)
    return checked, cleaned


@transaction.atomic
def set_up_convention(
    actor: Any,
    fields: Mapping[str, Any],
    parties: Iterable[PartyInput],
    communes: Iterable[Any] = (),
    clauses: Iterable[ClauseInput] = (),
) -> Convention:
    """A draft convention with its parties, terms, secrecy rule and clauses, all or nothing.
    The secrecy rule never goes below the platform's floor (``Convention.clean``)."""
    checked, cleaned = _checked_draft(actor, fields, parties, clauses, exclude=None)
    fields = {k: v for k, v in fields.items() if not k.startswith("operator_")}
    fields["is_signed"] = False
    fields["signed_on"] = None
    convention = create_convention(actor, fields, checked, communes)
    _write_clauses(convention, cleaned)
    if cleaned:
        audit(
            actor,
            "convention.clauses",
            convention,
            f"{len(cleaned)} clause(s) saisie(s) à la mise en place",
            keys=[c.key for c in cleaned],
        )
    return convention


def _sync_parties(convention: Convention, parties: list[PartyInput]) -> None:
    """The draft's parties made those given: kept (role, designation and order updated),
    added, or removed when nothing refers to them."""
    from django.db.models import ProtectedError

    existing = {p.organisation_id: p for p in Party.objects.filter(convention=convention)}
    wanted = {p.organisation_id for p in parties}
    for organisation_id, party in existing.items():
        if organisation_id not in wanted:
            try:
                party.delete()
            except ProtectedError as exc:
                raise ValidationError(
                    f"{party.organisation} ne peut plus être retirée des parties : des "
                    "financements ou des événements la désignent."
                ) from exc
    new: list[tuple[int, PartyInput]] = []
    for order, given in enumerate(parties):
        kept = existing.get(given.organisation_id)
        if kept is None:
            new.append((order, given))
            continue
        if (kept.role, kept.designation, kept.order) != (given.role, given.designation, order):
            kept.role, kept.designation, kept.order = given.role, given.designation, order
            kept.save()
    for order, given in new:
        _save_parties_at(convention, given, order)


def _save_parties_at(convention: Convention, given: PartyInput, order: int) -> None:
    _save_parties(convention, [given])
    Party.objects.filter(convention=convention, organisation_id=given.organisation_id).update(
        order=order
    )


@transaction.atomic
def update_draft(
    actor: Any,
    convention: Convention,
    fields: Mapping[str, Any],
    parties: Iterable[PartyInput],
    communes: Iterable[Any] = (),
    clauses: Iterable[ClauseInput] = (),
) -> Convention:
    """A draft brought in line with ``fields``, ``parties``, ``communes`` and ``clauses``
    (clauses are created or updated by key; a clause not given is kept)."""
    convention = Convention.objects.select_for_update().get(pk=convention.pk)
    if not is_draft(convention):
        raise ValidationError(
            "Cette convention est signée ou acceptée par l'opérateur : elle se modifie par avenant."
        )
    _require_setup(actor, setup_parties(convention))
    checked, cleaned = _checked_draft(actor, fields, parties, clauses, exclude=convention.pk)
    for name, value in fields.items():
        if not name.startswith("operator_") and name not in ("is_signed", "signed_on"):
            setattr(convention, name, value)
    _check_operator_party(convention, checked)
    save_checked(convention, "Mise à jour du projet")
    convention.communes.set(list(communes))
    _sync_parties(convention, checked)
    _write_clauses(convention, cleaned)
    audit(actor, "convention.update_draft", convention, f"Mise à jour du projet « {convention} »")
    return convention


@transaction.atomic
def put_clause(actor: Any, convention: Convention, clause: ClauseInput) -> tuple[Clause, bool]:
    """Add a clause to a draft, or replace the one of the same key; ``(clause, created)``."""
    convention = Convention.objects.select_for_update().get(pk=convention.pk)
    _require_setup(actor, setup_parties(convention))
    if not is_draft(convention):
        raise ValidationError(
            "Cette convention est signée ou acceptée par l'opérateur : ses clauses se "
            "modifient par avenant, à compter de sa date d'effet."
        )
    cleaned, errors = clean_clause(clause)
    if errors:
        raise ClausesInvalid({0: errors})
    saved, created = _put(convention, cleaned, None)
    audit(
        actor,
        "convention.clause.add" if created else "convention.clause.update",
        convention,
        f"Clause « {saved.key} » {'ajoutée' if created else 'modifiée'} : {saved}",
        key=saved.key,
    )
    return saved, created
