"""Every write on a youth record is one of these named actions: one transaction, with its
access-log entry (``log_access``) written in the same transaction. The log and the audit trail
hold identifiers and field names, never a value: no name, no pseudonym, no family code."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from reperes.conventions.models import Convention
from reperes.core.locking import locked
from reperes.core.models import audit
from reperes.core.saving import save_checked
from reperes.fieldwork.enums import AccessAction, ChoiceKind
from reperes.fieldwork.time.actions import sync_intervention_time
from reperes.fieldwork.youths.access_log import log_access
from reperes.fieldwork.youths.lists import copy_defaults, has_own_list, next_order
from reperes.fieldwork.youths.models import Accompaniment, ChoiceItem, Family, Intervention, Youth
from reperes.partners.models import Service

ACCOMPANIMENT_FIELDS = (
    "started_on",
    "entry_mode",
    "orienting_partner",
    "intensity",
    "ended_on",
    "exit_reason",
)
ACCOMPANIMENT_M2M = ("referents", "problems", "responses")
INTERVENTION_FIELDS = ("occurred_on", "kind", "duration_minutes", "partner", "staff")
FAMILY_FIELDS = ("code", "known_since", "engaged_since", "engaged_until")


def _changed(instance: Any, values: dict[str, Any]) -> list[str]:
    return [name for name, value in values.items() if getattr(instance, name) != value]


def anonymised_message(youth: Youth) -> str:
    return (
        f"Cette fiche a été anonymisée le {youth.anonymised_on:%d/%m/%Y} : elle n'a plus "
        "d'identité et ne peut plus être modifiée."
    )


def _kept(youth_id: int) -> Youth:
    """The youth's row, locked, refused once anonymised (``reperes.privacy.anonymise``): what
    is left serves the statistics of past periods and must not change, nor its accompaniments."""
    youth = Youth.objects.select_for_update().get(pk=youth_id)
    if youth.anonymised_on is not None:
        raise ValidationError(anonymised_message(youth))
    return youth


def _given(values: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The ``values`` of the fields ``names`` that were given, in the order of ``names``."""
    return {name: values[name] for name in names if name in values}


def _update(
    model: type[Any], pk: int, version: int | None, values: dict[str, Any]
) -> tuple[Any, list[str]]:
    """The row locked at the form's ``version`` (``StaleEdit`` otherwise), given ``values``
    and saved; returned with the names of the fields that changed."""
    instance = locked(model, pk, version)
    changed = _changed(instance, values)
    save_checked(instance, **values)
    return instance, changed


# ---------------------------------------------------------------- reads
@transaction.atomic
def read_youth(
    actor: Any,
    youth: Youth,
    action: str = AccessAction.VIEW,
    *,
    record: str = "youth",
    record_id: str = "",
    fields: Iterable[str] = (),
) -> None:
    """A read of a youth record, logged; wrap the read itself in the same transaction."""
    log_access(actor, youth, action, record=record, record_id=record_id, fields=tuple(fields))


def read_identity(actor: Any, youth: Youth) -> None:
    """A read of the youth's identity, logged with the names of the identity fields it holds."""
    present = [name for name in Youth.IDENTITY_FIELDS if getattr(youth, name)]
    read_youth(actor, youth, AccessAction.VIEW_IDENTITY, fields=present)


# ---------------------------------------------------------------- youths
@transaction.atomic
def create_youth(actor: Any, service: Service, **values: Any) -> Youth:
    youth = Youth(service=service)
    given = _given(values, Youth.RECORD_FIELDS)
    save_checked(youth, **given)
    log_access(actor, youth, AccessAction.CREATE, fields=list(given))
    return youth


@transaction.atomic
def update_youth(
    actor: Any, youth: Youth, *, version: int | None = None, **values: Any
) -> list[str]:
    """Change the pseudonymous record. ``version`` is the one the form was opened on: a form
    opened before someone else's change is refused (``StaleEdit``) rather than erasing it."""
    _kept(youth.pk)  # before the version: an anonymisation is no concurrent edit to compare
    youth, changed = _update(Youth, youth.pk, version, _given(values, Youth.RECORD_FIELDS))
    log_access(actor, youth, AccessAction.CHANGE, fields=changed)
    return changed


@transaction.atomic
def set_identity(
    actor: Any,
    youth: Youth,
    *,
    consent_on: date | None,
    last_name: str = "",
    first_name: str = "",
    address: str = "",
    phone: str = "",
    version: int | None = None,
) -> list[str]:
    """Record the identity (seed 001 art. 9: name, first name, postal address, phone), only
    with the youth's consent: « accord du jeune recueilli le ». A form opened on an older
    ``version`` is refused (``StaleEdit``)."""
    values: dict[str, Any] = {
        "last_name": last_name.strip(),
        "first_name": first_name.strip(),
        "address": address.strip(),
        "phone": phone.strip(),
    }
    if any(values.values()) and consent_on is None:
        raise ValidationError(
            "L'identité ne peut être enregistrée qu'avec l'accord du jeune : indiquez la date "
            "à laquelle il a été recueilli."
        )
    _kept(youth.pk)  # before the version: an anonymisation is no concurrent edit to compare
    youth = locked(Youth, youth.pk, version)
    changed = _changed(youth, values)
    if youth.identity_consent_on != consent_on:
        changed.append("identity_consent_on")
        values["identity_consent_on"] = consent_on
        values["identity_consent_by"] = actor if consent_on else None
    save_checked(youth, **values)
    log_access(actor, youth, AccessAction.CHANGE_IDENTITY, fields=changed)
    return changed


@transaction.atomic
def erase_identity(actor: Any, youth: Youth) -> None:
    """Right to erasure (seed 001 art. 9): the four identity fields, their search indexes and
    the consent go; the pseudonymous record, its accompaniments and its log stay."""
    youth = _kept(youth.pk)
    erased = [name for name in Youth.IDENTITY_FIELDS if getattr(youth, name)]
    for name in Youth.IDENTITY_FIELDS:
        setattr(youth, name, "")
    youth.identity_consent_on = None
    youth.identity_consent_by = None
    youth.save()
    log_access(actor, youth, AccessAction.ERASE_IDENTITY, fields=erased)


# ---------------------------------------------------------------- accompaniments
def _changed_m2m(accompaniment: Accompaniment, values: dict[str, Any]) -> list[str]:
    changed = []
    for name in ACCOMPANIMENT_M2M:
        if name not in values:
            continue
        new = {item.pk for item in values[name]}
        if (
            accompaniment.pk is None
            or set(getattr(accompaniment, name).values_list("pk", flat=True)) != new
        ):
            changed.append(name)
    return changed


def _save_m2m(accompaniment: Accompaniment, values: dict[str, Any]) -> None:
    for name in ACCOMPANIMENT_M2M:
        if name in values:
            getattr(accompaniment, name).set(values[name])


def _log_on_accompaniment(
    actor: Any,
    accompaniment: Accompaniment,
    action: str,
    fields: list[str],
    record: str = "accompaniment",
) -> None:
    """An access-log entry on an accompaniment, or on one of its ``record``s, under its youth."""
    log_access(
        actor,
        accompaniment.youth,
        action,
        record=record,
        record_id=str(accompaniment.public_id),
        fields=fields,
    )


@transaction.atomic
def create_accompaniment(actor: Any, youth: Youth, **values: Any) -> Accompaniment:
    _kept(youth.pk)
    accompaniment = Accompaniment(service_id=youth.service_id, youth=youth)
    save_checked(accompaniment, **_given(values, ACCOMPANIMENT_FIELDS))
    _save_m2m(accompaniment, values)
    given = _given(values, (*ACCOMPANIMENT_FIELDS, *ACCOMPANIMENT_M2M))
    _log_on_accompaniment(actor, accompaniment, AccessAction.CREATE, list(given))
    return accompaniment


@transaction.atomic
def update_accompaniment(
    actor: Any, accompaniment: Accompaniment, *, version: int | None = None, **values: Any
) -> list[str]:
    """Change an accompaniment; a form opened on an older ``version`` is refused."""
    accompaniment = locked(Accompaniment, accompaniment.pk, version)
    _kept(accompaniment.youth_id)
    plain = _given(values, ACCOMPANIMENT_FIELDS)
    changed = _changed(accompaniment, plain) + _changed_m2m(accompaniment, values)
    save_checked(accompaniment, **plain)
    _save_m2m(accompaniment, values)
    _log_on_accompaniment(actor, accompaniment, AccessAction.CHANGE, changed)
    return changed


@transaction.atomic
def close_accompaniment(
    actor: Any,
    accompaniment: Accompaniment,
    *,
    ended_on: date,
    exit_reason: str,
    version: int | None = None,
) -> None:
    if not exit_reason:
        raise ValidationError("Indiquez le motif de fin de l'accompagnement.")
    update_accompaniment(
        actor, accompaniment, version=version, ended_on=ended_on, exit_reason=exit_reason
    )


@transaction.atomic
def add_intervention(actor: Any, accompaniment: Accompaniment, **values: Any) -> Intervention:
    _kept(accompaniment.youth_id)
    intervention = Intervention(accompaniment=accompaniment)
    given = _given(values, INTERVENTION_FIELDS)
    save_checked(intervention, **given)
    sync_intervention_time(intervention)
    _log_on_accompaniment(
        actor, accompaniment, AccessAction.CREATE, list(given), record="intervention"
    )
    return intervention


# ---------------------------------------------------------------- families
@transaction.atomic
def create_family(actor: Any, service: Service, **values: Any) -> Family:
    family = Family(service=service)
    save_checked(family, **_given(values, FAMILY_FIELDS))
    audit(actor, "fieldwork.family.create", family, "Famille enregistrée (sous code)")
    return family


@transaction.atomic
def update_family(
    actor: Any, family: Family, *, version: int | None = None, **values: Any
) -> list[str]:
    family, changed = _update(Family, family.pk, version, _given(values, FAMILY_FIELDS))
    audit(actor, "fieldwork.family.change", family, "Famille modifiée", fields=changed)
    return changed


@transaction.atomic
def link_youth(actor: Any, family: Family, youth: Youth) -> None:
    if youth.service_id != family.service_id:
        raise ValidationError("Ce jeune n'est pas suivi par le service de cette famille.")
    youth = _kept(youth.pk)
    youth.family = family
    youth.save(update_fields=["family", "updated_at"])
    log_access(actor, youth, AccessAction.CHANGE, fields=["family"])


@transaction.atomic
def unlink_youth(actor: Any, family: Family, youth: Youth) -> None:
    youth = _kept(youth.pk)
    if youth.family_id != family.pk:
        raise ValidationError("Ce jeune n'est pas rattaché à cette famille.")
    youth.family = None
    youth.save(update_fields=["family", "updated_at"])
    log_access(actor, youth, AccessAction.CHANGE, fields=["family"])


# ---------------------------------------------------------------- lists per convention
def _own_item(convention: Convention, kind: str, item_id: int) -> ChoiceItem:
    try:
        return ChoiceItem.objects.select_for_update().get(
            pk=item_id, convention=convention, kind=kind
        )
    except (ChoiceItem.DoesNotExist, ValueError, TypeError) as exc:
        raise ValidationError("Cette entrée n'appartient pas à la liste de la convention.") from exc


@transaction.atomic
def copy_default_list(actor: Any, convention: Convention, kind: str) -> list[ChoiceItem]:
    Convention.objects.select_for_update().get(pk=convention.pk)
    if has_own_list(convention, kind):
        raise ValidationError("La convention a déjà sa propre liste.")
    items = copy_defaults(convention, kind)
    audit(
        actor,
        "fieldwork.list.copy",
        convention,
        f"Liste « {ChoiceKind(kind).label} » propre à la convention créée",
        kind=kind,
    )
    return items


@transaction.atomic
def add_list_item(actor: Any, convention: Convention, kind: str, label: str) -> ChoiceItem:
    Convention.objects.select_for_update().get(pk=convention.pk)
    label = " ".join(label.split())
    if not label:
        raise ValidationError("Indiquez le libellé de l'entrée.")
    copy_defaults(convention, kind)
    if ChoiceItem.objects.filter(convention=convention, kind=kind, label__iexact=label).exists():
        raise ValidationError(f"La liste contient déjà « {label} ».")
    item = ChoiceItem.objects.create(
        convention=convention, kind=kind, label=label, order=next_order(convention, kind)
    )
    audit(actor, "fieldwork.list.add", convention, f"Entrée ajoutée : {label}", kind=kind)
    return item


@transaction.atomic
def toggle_list_item(actor: Any, convention: Convention, kind: str, item_id: int) -> ChoiceItem:
    item = _own_item(convention, kind, item_id)
    item.active = not item.active
    item.save(update_fields=["active"])
    verb = "réactivée" if item.active else "désactivée"
    audit(actor, "fieldwork.list.toggle", convention, f"Entrée {verb} : {item.label}", kind=kind)
    return item


@transaction.atomic
def move_list_item(
    actor: Any, convention: Convention, kind: str, item_id: int, *, up: bool
) -> None:
    """Swap an entry with its neighbour; orders are renumbered 0, 1, 2… first."""
    item = _own_item(convention, kind, item_id)
    items = list(
        ChoiceItem.objects.select_for_update()
        .filter(convention=convention, kind=kind)
        .order_by("order", "label")
    )
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for order, entry in enumerate(items):
        if entry.order != order:
            ChoiceItem.objects.filter(pk=entry.pk).update(order=order)
    audit(actor, "fieldwork.list.move", convention, f"Entrée déplacée : {item.label}", kind=kind)
