"""The register of processing activities (GDPR art. 30), generated from the code.

Every concrete field of every installed model is declared once in
``reperes.privacy.declarations``: either personal (its category, the person it is about, the
processing it serves, the security measures on it) or, by name, not personal, with the reason.
``unclassified()`` lists the fields nobody declared: ``tests/privacy/test_register.py`` fails on
them, so a new field holding personal data cannot reach the register's reader unseen.

- Proxy models share their concrete model's table: they are classified through it.
- ``simple_history`` historical models (``Historical…``) copy their base model's fields: those
  fields take the base model's declaration (the history keeps what the record held), and the
  ``history_*`` fields are declared once here (who changed it and when is a trace of a user).

A register describes fields, never their values: nothing here reads a record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models

from reperes.core.fields import EncryptedTextField

# Categories of personal data (CNIL's vocabulary; « situation sociale » after the référentiel
# « protection de l'enfance », délibération 2022-008).
IDENTITY = "Identité"
CONTACT = "Coordonnées"
PERSONAL_LIFE = "Vie personnelle"
SOCIAL = "Situation sociale et suivi éducatif"
WORK = "Vie professionnelle"
CONNECTION = "Données de connexion"
AUTHENTICATION = "Authentification"
TRACE = "Traçabilité des actions"
FREE_TEXT = "Texte libre (peut nommer une personne)"
CATEGORIES = (
    IDENTITY,
    CONTACT,
    PERSONAL_LIFE,
    SOCIAL,
    WORK,
    CONNECTION,
    AUTHENTICATION,
    TRACE,
    FREE_TEXT,
)

# Data subjects.
YOUTH = "Jeunes"
FAMILY = "Familles"
USER = "Utilisateurs de Repères"
STAFF = "Personnel des services"
SIGNATORY = "Signataires et représentants des organisations"
PARTICIPANT = "Participants aux instances"
PARTNER_CONTACT = "Contacts des partenaires"
MENTIONED = "Personnes nommées dans un texte libre"
AUDITOR = "Commissaires aux comptes"

# Security measures (each one exists in the code: see ``MEASURE_SOURCES``).
ENCRYPTED = "Chiffré dans la base (Fernet, clés hors de la base, rotation des clés)"
BLIND_INDEX = "Index aveugle (HMAC-SHA256 propre au service) : recherche sans valeur en clair"
ACCESS_LOGGED = "Chaque lecture est inscrite au journal des accès"
SERVICE_ONLY = "Lisible par le seul personnel du service"
PSEUDONYMISED = "Pseudonymisé : aucune identité sans l'accord du jeune"
NEVER_TO_FUNDERS = "Jamais transmis aux financeurs : seuls des chiffres agrégés sous secret"
HASHED = "Conservé sous forme d'empreinte, jamais en clair"
AUDITED = "Modification inscrite au journal d'audit ou à l'historique"
MEASURES = (
    ENCRYPTED,
    BLIND_INDEX,
    ACCESS_LOGGED,
    SERVICE_ONLY,
    PSEUDONYMISED,
    NEVER_TO_FUNDERS,
    HASHED,
    AUDITED,
)
MEASURE_SOURCES = {
    ENCRYPTED: "reperes.core.fields.EncryptedTextField, reperes.privacy.rotation",
    BLIND_INDEX: "reperes.core.crypto.blind_index",
    ACCESS_LOGGED: "fieldwork.AccessLogEntry (reperes.fieldwork.actions.read_youth)",
    SERVICE_ONLY: "reperes.core.access.staff_service_id",
    PSEUDONYMISED: "fieldwork.Youth.pseudonym, identity_consent_on",
    NEVER_TO_FUNDERS: "reporting.Publication, reperes.core.access.effective_secrecy",
    HASHED: "PASSWORD_HASHERS, accounts.ApiToken.key_hash",
    AUDITED: "core.AuditEntry, simple_history",
}

# Why fields are not personal, the reasons most models give.
TECHNICAL = "Identifiant technique, rattachement ou horodatage de l'enregistrement."
STRUCTURE = "Données des organisations, des conventions et du territoire, sans personne."

# The fields simple_history adds to every historical model.
HISTORY_FIELDS = ("history_id", "history_date", "history_change_reason", "history_type")


@dataclass(frozen=True)
class Processing:
    """A processing activity of the register (art. 30.1 b to f)."""

    key: str
    name: str
    purpose: str
    legal_basis: str
    recipients: str
    retention: str
    # The parameters of the conventions' data-protection clause that set this retention
    # (``reperes.conventions.catalogue.DATA_PROTECTION``), if any.
    retention_params: tuple[str, ...] = ()


@dataclass(frozen=True)
class Personal:
    category: str
    what: str = ""
    measures: tuple[str, ...] = ()
    subject: str | None = None  # the model's subject when None
    processing: str | None = None  # the model's processing when None


@dataclass(frozen=True)
class ModelDeclaration:
    label: str  # "fieldwork.Youth"
    processing: str | None
    subject: str | None
    personal: Mapping[str, Personal]
    other: frozenset[str]
    why: str  # why the ``other`` fields are not personal
    measures: tuple[str, ...] = ()  # measures on every personal field of the model


def personal(
    category: str,
    what: str = "",
    *measures: str,
    subject: str | None = None,
    processing: str | None = None,
) -> Personal:
    return Personal(category, what, tuple(measures), subject, processing)


def fields_of(category: str, /, *measures: str, **whats: str) -> dict[str, Personal]:
    """Several personal fields of one model in the same ``category`` (with the same
    ``measures``): each field's name and what it holds."""
    return {name: personal(category, what, *measures) for name, what in whats.items()}


def model(
    label: str,
    *groups: Mapping[str, Personal],
    other: str = "",
    why: str = "",
    processing: str | None = None,
    subject: str | None = None,
    measures: Iterable[str] = (),
    **fields: Personal,
) -> ModelDeclaration:
    """One model's declaration: its personal fields as keywords (or in ``groups`` that several
    models share), its other fields as a space-separated list of names."""
    personal_fields = {name: p for group in groups for name, p in group.items()} | fields
    return ModelDeclaration(
        label, processing, subject, personal_fields, frozenset(other.split()), why, tuple(measures)
    )


def not_personal(why: str, models_: Mapping[str, str]) -> tuple[ModelDeclaration, ...]:
    """The declarations of models without a personal field, all for the same reason ``why``:
    each model's label and its fields, as a space-separated list of names."""
    return tuple(model(label, other=other, why=why) for label, other in models_.items())


@dataclass(frozen=True)
class Records:
    """The models of one processing about one kind of person: their declarations share the
    processing, the subject and the measures on every personal field, and their other fields,
    unless told otherwise, are technical (``TECHNICAL``)."""

    processing: str
    subject: str
    measures: tuple[str, ...] = ()

    def model(
        self,
        label: str,
        *groups: Mapping[str, Personal],
        other: str = "",
        why: str = TECHNICAL,
        measures: Iterable[str] = (),
        **fields: Personal,
    ) -> ModelDeclaration:
        """``model()`` within this processing; ``measures`` add to the shared ones."""
        return model(
            label,
            *groups,
            other=other,
            why=why,
            processing=self.processing,
            subject=self.subject,
            measures=(*self.measures, *measures),
            **fields,
        )


# --------------------------------------------------------------------------- resolution


@dataclass(frozen=True)
class Entry:
    """A personal field as the register shows it."""

    label: str  # "fieldwork.Youth.last_name"
    model_name: str  # verbose name of the model
    field_name: str  # verbose name of the field
    category: str
    what: str
    subject: str
    processing: Processing
    measures: tuple[str, ...]
    history_of: str = ""  # the base model's label for a historical copy


def _declarations() -> dict[str, ModelDeclaration]:
    from .declarations import DECLARATIONS

    return {d.label: d for d in DECLARATIONS}


def _processings() -> dict[str, Processing]:
    from .processings import PROCESSINGS

    return {p.key: p for p in PROCESSINGS}


def base_of(model_class: type[models.Model]) -> type[models.Model] | None:
    """The model a simple_history historical model copies, None for any other model."""
    base = getattr(model_class, "instance_type", None)
    return base if isinstance(base, type) and issubclass(base, models.Model) else None


def _own_fields(model_class: type[models.Model]) -> list[models.Field[Any, Any]]:
    meta = model_class._meta
    return [f for f in meta.concrete_fields if f.model is model_class]


def concrete_models(models_: Iterable[type[models.Model]] | None = None) -> list[type[Any]]:
    """Every model with a table of its own (proxies are their concrete model's)."""
    found = []
    for m in models_ if models_ is not None else apps.get_models():
        if not m._meta.proxy and m not in found:
            found.append(m)
    return found


def classify(model_class: type[models.Model], name: str) -> Personal | str | None:
    """The declaration of one field: ``Personal``, the reason it is not personal, or None
    when it is not declared."""
    declarations = _declarations()
    base = base_of(model_class)
    if base is not None:
        if name == "history_user":
            return personal(TRACE, "auteur de la modification", subject=USER, processing="audit")
        if name in HISTORY_FIELDS:
            if name == "history_change_reason":
                return personal(
                    FREE_TEXT, "motif de la modification", subject=MENTIONED, processing="audit"
                )
            if name == "history_date":
                return personal(TRACE, "date de la modification", subject=USER, processing="audit")
            return "Technique : numéro et nature de la version."
        model_class = base
    declaration = declarations.get(model_class._meta.label)
    if declaration is None:
        return None
    if name in declaration.personal:
        return declaration.personal[name]
    if name in declaration.other:
        return declaration.why or "Non personnel."
    return None


def unclassified(models_: Iterable[type[models.Model]] | None = None) -> list[str]:
    """« app.Model.field » of every concrete field no declaration covers."""
    missing = []
    for m in concrete_models(models_):
        for f in _own_fields(m):
            if classify(m, f.name) is None:
                missing.append(f"{m._meta.label}.{f.name}")
    return missing


def stale_declarations() -> list[str]:
    """Declared fields that no model has any more (a renamed field must be declared again)."""
    known: dict[str, set[str]] = {
        m._meta.label: {f.name for f in _own_fields(m)} for m in concrete_models()
    }
    stale = []
    for d in _declarations().values():
        names = known.get(d.label)
        for name in sorted(set(d.personal) | d.other):
            if names is None or name not in names:
                stale.append(f"{d.label}.{name}")
    return stale


def _entry(m: type[models.Model], f: models.Field[Any, Any], p: Personal) -> Entry:
    base = base_of(m)
    owner = base or m
    declaration = _declarations()[owner._meta.label]
    processings = _processings()
    subject = p.subject or declaration.subject or MENTIONED
    processing = processings[p.processing or declaration.processing or "audit"]
    measures = tuple(dict.fromkeys((*declaration.measures, *p.measures)))
    if base is not None and f.name not in HISTORY_FIELDS and f.name != "history_user":
        measures = tuple(dict.fromkeys((*measures, AUDITED)))
    return Entry(
        label=f"{m._meta.label}.{f.name}",
        model_name=str(m._meta.verbose_name),
        field_name=str(f.verbose_name),
        category=p.category,
        what=p.what,
        subject=subject,
        processing=processing,
        measures=measures,
        history_of=base._meta.label if base is not None else "",
    )


@dataclass
class Register:
    entries: list[Entry] = field(default_factory=list)
    not_personal: int = 0

    def by_processing(self) -> list[tuple[Processing, list[Entry]]]:
        grouped: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            grouped[entry.processing.key].append(entry)
        return [(p, grouped[p.key]) for p in _processings().values() if grouped[p.key]]

    def subjects(self, entries: Iterable[Entry]) -> list[str]:
        return sorted({e.subject for e in entries})

    def categories(self, entries: Iterable[Entry]) -> list[str]:
        present = {e.category for e in entries}
        return [c for c in CATEGORIES if c in present]

    def measures(self, entries: Iterable[Entry]) -> list[str]:
        present = {m for e in entries for m in e.measures}
        return [m for m in MEASURES if m in present]

    @property
    def originals(self) -> list[Entry]:
        """Personal fields of the records themselves (historical copies left out)."""
        return [e for e in self.entries if not e.history_of]


def build() -> Register:
    """The register: every personal field of every model, with its declaration."""
    register = Register()
    for m in concrete_models():
        for f in _own_fields(m):
            declared = classify(m, f.name)
            if isinstance(declared, Personal):
                register.entries.append(_entry(m, f, declared))
            elif declared is not None:
                register.not_personal += 1
    return register


def encrypted_fields() -> list[str]:
    """« app.Model.field » of every ``EncryptedTextField``."""
    return [
        f"{m._meta.label}.{f.name}"
        for m in concrete_models()
        for f in _own_fields(m)
        if isinstance(f, EncryptedTextField)
    ]


def summary() -> dict[str, Any]:
    """The register's part of the DPO's desk: what it holds, by processing, and whether every
    field is declared (``privacy/_register_summary.html``)."""
    reg = build()
    return {
        "personal_count": len(reg.originals),
        "not_personal_count": reg.not_personal,
        "encrypted_count": len(encrypted_fields()),
        "unclassified": unclassified(),
        "processings": [
            (p, sum(1 for e in entries if not e.history_of)) for p, entries in reg.by_processing()
        ],
    }
