"""Everything held on one youth, for an access request (GDPR art. 15): as JSON, and as a PDF
written for the person (``privacy/rights_export_pdf.html``).

What goes in is listed per model in ``FIELDS``; what stays out, with its reason, in
``EXCLUDED``. ``tests/privacy/test_rights_export.py`` reads the register of processing
(``reperes.privacy.declarations``): every field declared about a youth must be in one or the
other, so a field added to a youth's record cannot be left out of an export unseen.

Third parties stay out (art. 15.4): the colleagues who read or wrote the record appear by role
and organisation, never by name; the requester of a request about the youth, who may be a
parent or a lawyer, is not named; the other participants of a collective action are not
listed. The export says so (``WITHHELD``).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone

from reperes.fieldwork.enums import ACCESS_RECORDS, AccessAction
from reperes.fieldwork.models import (
    AccessLogEntry,
    Accompaniment,
    CollectiveAction,
    Intervention,
    Youth,
)
from reperes.fieldwork.youths.access_log import log_access

from .models import LegalHold, RightsRequest

# Section of the export for each model, and the fields it carries, in the order shown.
FIELDS: dict[str, tuple[str, ...]] = {
    "fieldwork.Youth": (
        "public_id",
        *Youth.IDENTITY_FIELDS,
        "identity_consent_on",
        "identity_consent_by",
        *Youth.RECORD_FIELDS,
        "anonymised_on",
        "age_bands",
    ),
    "fieldwork.Family": ("public_id", "code", "known_since", "engaged_since", "engaged_until"),
    "fieldwork.Accompaniment": ("public_id", *Accompaniment.RECORD_FIELDS),
    "fieldwork.Intervention": (
        "accompaniment",
        "occurred_on",
        "kind",
        "duration_minutes",
        "partner",
    ),
    "fieldwork.CollectiveAction": ("title", "category", "started_on", "ended_on"),
    "privacy.LegalHold": ("youth", "reason", "until", "recorded_at", "lifted_at", "lift_reason"),
    "privacy.RightsRequest": (
        "youth",
        "kind",
        "requester_kind",
        "received_on",
        "details",
        "due_on",
        "extended_to",
        "extension_reason",
        "status",
        "decision",
        "decision_reason",
        "decided_on",
        "letter_sent_on",
    ),
    "fieldwork.AccessLogEntry": ("at", "youth_public_id", "user", "action", "record", "fields"),
}
SECTIONS = {
    "fieldwork.Youth": "fiche",
    "fieldwork.Family": "famille",
    "fieldwork.Accompaniment": "accompagnements",
    "fieldwork.Intervention": "interventions",
    "fieldwork.CollectiveAction": "actions_collectives",
    "privacy.LegalHold": "gels_de_conservation",
    "privacy.RightsRequest": "demandes_d_exercice_des_droits",
    "fieldwork.AccessLogEntry": "journal_des_acces",
}
EXCLUDED = {
    "fieldwork.Youth.name_index": "Empreinte du nom servant à la recherche : ne contient pas le "
    "nom, qui figure en clair dans l'export.",
    "fieldwork.Youth.phone_index": "Empreinte du téléphone servant à la recherche : ne contient "
    "pas le numéro, qui figure en clair dans l'export.",
    "fieldwork.AccessLogEntry.youth": "Lien technique vers la fiche : même valeur que "
    "l'identifiant de la fiche lue (youth_public_id).",
    "privacy.RightsRequest.requester_name": "Données du demandeur, qui peut être un tiers "
    "(parent, avocat) : communiquées dans la lettre de réponse qui lui est adressée.",
    "privacy.RightsRequest.requester_address": "Données du demandeur, qui peut être un tiers : "
    "communiquées dans la lettre de réponse qui lui est adressée.",
    "privacy.RightsRequest.identified_by": "Pièce présentée par le demandeur, qui peut être un "
    "tiers.",
}
WITHHELD = (
    "Les personnes qui ont consulté ou modifié la fiche sont indiquées par leur fonction et "
    "leur organisme, jamais par leur nom : ce sont des données de tiers (RGPD, art. 15.4).",
    "Les éducateurs référents et les professionnels intervenus ne sont pas nommés, pour la "
    "même raison.",
    "Les autres participants des actions collectives ne sont pas cités.",
    "Le nom, l'adresse et la pièce d'identité de la personne qui a fait une demande "
    "d'exercice des droits ne figurent pas ici : ils figurent dans la lettre de réponse.",
    "Les empreintes techniques du nom et du téléphone (servant à la recherche) ne sont pas "
    "reproduites : elles ne contiennent aucune donnée lisible.",
)


def reader(user: Any) -> str:
    """A colleague as the export shows them: role and organisation, no name."""
    role = user.get_role_display()
    return f"{role} — {user.organisation.name}" if user.organisation_id else role


def _value(instance: models.Model, name: str) -> Any:
    """A field's value as a person reads it: the label of a choice, the name of a related
    object, ISO dates, an identifier as text."""
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return [str(item) for item in getattr(instance, name).all()]
    value = getattr(instance, name)
    related = field.related_model
    if (
        field.is_relation
        and related is not None
        and related._meta.label == settings.AUTH_USER_MODEL
    ):
        return None if value is None else reader(value)
    if value is None or value == "":
        return value
    if getattr(field, "choices", None):
        return getattr(instance, f"get_{name}_display")()
    if field.is_relation:
        # The record's own links by identifier; anything else by its name.
        return str(value.public_id) if name in ("youth", "accompaniment") else str(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, date | UUID):
        return str(value)
    return value


def _rows(label: str, instances: Any) -> list[dict[str, Any]]:
    return [{name: _value(i, name) for name in FIELDS[label]} for i in instances]


def build(youth: Youth) -> dict[str, Any]:
    """The export of ``youth``: one section per model (``SECTIONS``), the labels of the
    fields, what is withheld. Reads the identity: call ``read_for`` to log it."""
    accompaniments = Accompaniment.objects.filter(youth=youth).select_related("orienting_partner")
    family = [youth.family] if youth.family_id else []
    data: dict[str, Any] = {
        "document": {
            "objet": "Données détenues sur un jeune (RGPD, art. 15)",
            "service": youth.service.name,
            "responsable_de_traitement": youth.service.operator.name,  # type: ignore[union-attr]  # records are kept by an operated service
            "etabli_le": timezone.localtime().isoformat(timespec="minutes"),
        },
        SECTIONS["fieldwork.Youth"]: _rows("fieldwork.Youth", [youth])[0],
        SECTIONS["fieldwork.Family"]: _rows("fieldwork.Family", family),
        SECTIONS["fieldwork.Accompaniment"]: _rows(
            "fieldwork.Accompaniment", accompaniments.prefetch_related("problems", "responses")
        ),
        SECTIONS["fieldwork.Intervention"]: _rows(
            "fieldwork.Intervention",
            Intervention.objects.filter(accompaniment__youth=youth)
            .select_related("accompaniment", "partner")
            .order_by("occurred_on", "pk"),
        ),
        SECTIONS["fieldwork.CollectiveAction"]: _rows(
            "fieldwork.CollectiveAction",
            CollectiveAction.objects.filter(participants=youth).order_by("started_on", "pk"),
        ),
        SECTIONS["privacy.LegalHold"]: _rows(
            "privacy.LegalHold", LegalHold.objects.filter(youth=youth).order_by("recorded_at")
        ),
        SECTIONS["privacy.RightsRequest"]: _rows(
            "privacy.RightsRequest",
            RightsRequest.objects.filter(youth=youth).order_by("received_on", "pk"),
        ),
        SECTIONS["fieldwork.AccessLogEntry"]: _rows(
            "fieldwork.AccessLogEntry",
            AccessLogEntry.objects.filter(youth_public_id=youth.public_id)
            .select_related("user__organisation")
            .order_by("at", "pk"),
        ),
        "non_communique": list(WITHHELD),
    }
    data["libelles"] = {
        SECTIONS[label]: {name: _label(label, name) for name in names}
        for label, names in FIELDS.items()
    }
    return data


# Fields whose model gives no French name of their own.
LABELS = {
    "fieldwork.Youth.identity_consent_by": "accord recueilli par",
    "fieldwork.Youth.family": "famille (code)",
    "fieldwork.Intervention.accompaniment": "accompagnement",
    "fieldwork.Intervention.partner": "partenaire mobilisé",
    "fieldwork.AccessLogEntry.user": "par",
}
NAMED = {"public_id": "identifiant", "youth": "fiche"}


def _label(label: str, name: str) -> str:
    found = LABELS.get(f"{label}.{name}") or NAMED.get(name)
    return found or str(_model(label)._meta.get_field(name).verbose_name)  # type: ignore[union-attr]  # a field, not a reverse relation


def _model(label: str) -> type[models.Model]:
    from django.apps import apps

    return apps.get_model(label)


@transaction.atomic
def read_for(user: Any, request: RightsRequest) -> dict[str, Any]:
    """The export of the request's youth, its reading logged in the same transaction (the
    entry is part of the export it logs)."""
    youth = request.youth
    assert youth is not None  # the export view answers 404 to a request without a record
    action = AccessAction.VIEW_IDENTITY if youth.has_identity else AccessAction.VIEW
    log_access(
        user,
        youth,
        action,
        record="export",
        record_id=str(request.public_id),
        fields=list(Youth.IDENTITY_FIELDS) if youth.has_identity else [],
    )
    return build(youth)


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


# --------------------------------------------------------------------------- for the person

TITLES = {
    "fiche": "Votre fiche",
    "famille": "Votre famille (code)",
    "accompagnements": "Accompagnements",
    "interventions": "Interventions au cours des accompagnements",
    "actions_collectives": "Actions collectives auxquelles vous avez participé",
    "gels_de_conservation": "Conservation prolongée de la fiche",
    "demandes_d_exercice_des_droits": "Demandes d'exercice de vos droits",
}
# Fields never shown to the person in the PDF: links between the parts of this document.
LINKS = {"public_id", "youth", "accompaniment", "youth_public_id"}


def _readable(value: Any) -> str:
    if value is None or value in ("", [], {}):
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k.lstrip('y')} : {v}" for k, v in sorted(value.items()))
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        return parsed.strftime("%d/%m/%Y à %H:%M" if "T" in value else "%d/%m/%Y")
    return str(value)


def _field_label(name: str) -> str:
    for label in ("fieldwork.Youth", "privacy.RightsRequest"):
        try:
            return str(_model(label)._meta.get_field(name).verbose_name)  # type: ignore[union-attr]  # a field, not a reverse relation
        except FieldDoesNotExist:
            continue
    return name


def readable(data: dict[str, Any]) -> dict[str, Any]:
    """The export as the PDF and the page show it: sections of (label, value) in French,
    the access log as a table."""
    sections = []
    for key, title in TITLES.items():
        rows = data[key] if isinstance(data[key], list) else [data[key]]
        labels = data["libelles"][key]
        records = [
            [(labels[name], _readable(value)) for name, value in row.items() if name not in LINKS]
            for row in rows
        ]
        sections.append({"title": title, "records": records})
    log = [
        {
            "at": _readable(row["at"]),
            "action": row["action"],
            "record": ACCESS_RECORDS.get(row["record"], row["record"]).lower(),
            "fields": ", ".join(_field_label(f) for f in row["fields"]) or "—",
            "reader": row["user"] or "compte supprimé",
        }
        for row in data["journal_des_acces"]
    ]
    return {"sections": sections, "log": log, "made": _readable(data["document"]["etabli_le"])}
