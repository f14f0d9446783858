"""What a convention says and what happens to it: its preamble, articles, typed clauses (in
versions), commitments, annexes, amendments and events. BRIEF §2.

Status and key dates are never stored: they are computed from the terms and the events by
``reperes.rules.periods`` (see ``reperes.conventions.dates``).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from reperes.core.constraints import check, dates_in_order, unique
from reperes.core.fields import Link, acting_user

from ..enums import AmendmentStatus, EventKindChoices
from .convention import Convention, ConventionTemplate, Party


def one_owner(prefix: str, text: str) -> models.CheckConstraint:
    """A text (a visa, an article, a clause) belongs either to a convention or to a model
    convention, never to both nor to none; ``text`` names it in the French message."""
    return check(
        f"{prefix}_has_one_owner",
        Q(convention__isnull=False) ^ Q(template__isnull=False),
        f"{text} appartient soit à une convention, soit à une convention type.",
    )


_Owner = TypeVar("_Owner", bound=models.Model)


def owned_by(owner: type[_Owner], related_name: str) -> Link[_Owner | None, _Owner | None]:
    """A text's convention, or its model convention (one of the two, see ``one_owner``): the
    text goes with it."""
    return Link(owner, related_name=related_name, on_delete=models.CASCADE, null=True)


class LegalBasis(models.Model):
    """One « Vu … » of the preamble."""

    convention = owned_by(Convention, "legal_bases")
    template = owned_by(ConventionTemplate, "legal_bases")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField("visa")

    class Meta:
        verbose_name = "visa"
        ordering = ["order", "pk"]
        constraints = [one_owner("legal_basis", "Un visa")]

    def __str__(self) -> str:
        return self.text[:80]


class Article(models.Model):
    """An article of the convention (or of the model convention), as written."""

    convention = owned_by(Convention, "articles")
    template = owned_by(ConventionTemplate, "articles")
    order = models.PositiveSmallIntegerField(default=0)
    number = models.CharField("numéro", max_length=30, blank=True)
    heading = models.CharField("titre", max_length=300)
    body = models.TextField("texte", blank=True)

    class Meta:
        verbose_name = "article"
        ordering = ["order", "pk"]
        constraints = [one_owner("article", "Un article")]

    def __str__(self) -> str:
        return f"{self.number} {self.heading}".strip()


# A clause's versions, oldest first: an open start (``valid_from`` unset) comes first on every
# database (PostgreSQL puts NULL last in ascending order, SQLite first).
VERSION_ORDER = (models.F("valid_from").asc(nulls_first=True), "pk")


class Clause(models.Model):
    """A typed, parametrised term of a convention (or of a model convention, whose instances
    inherit it), with the article it comes from: ``kind`` is a code of the clause catalogue
    (``reperes.conventions.catalogue``), ``params`` its parameters.

    A clause has versions: an amendment that changes it closes the version in force the day
    before it takes effect and opens a new one (``valid_from``), so that a past period keeps
    the rule that held then. ``key`` names the clause across its versions (and lets an
    instance override what its model convention says under the same key).
    """

    convention = owned_by(Convention, "clauses")
    template = owned_by(ConventionTemplate, "clauses")
    key = models.SlugField("référence", max_length=60)
    kind = models.CharField("nature", max_length=30)
    article = models.CharField("article", max_length=100, blank=True)
    params = models.JSONField("paramètres", default=dict, blank=True)
    valid_from = models.DateField("en vigueur du", null=True, blank=True)
    valid_until = models.DateField("en vigueur jusqu'au", null=True, blank=True)
    amendment = Link(
        "Amendment",
        "avenant qui l'a introduite",
        related_name="clause_versions",
        null=True,
    )
    order = models.PositiveSmallIntegerField(default=0)
    # An instance cannot delete what its model convention says: it ends it, from a date, by a
    # version of its own that says « no longer » (``reperes.conventions.clauses.versions``).
    withdrawn = models.BooleanField(
        "retire la clause de la convention type",
        default=False,
        help_text="À compter de sa date, la clause de même référence de la convention type ne "
        "s'applique plus à cette convention.",
    )

    class Meta:
        verbose_name = "clause"
        ordering = ["order", "key", *VERSION_ORDER]
        constraints = [
            one_owner("clause", "Une clause"),
            dates_in_order(
                "clause_validity_ordered",
                "valid_from",
                "valid_until",
                "Une clause ne peut cesser avant d'entrer en vigueur.",
            ),
            check(
                "clause_withdrawal_on_instance",
                Q(withdrawn=False) | Q(convention__isnull=False),
                "Seule une convention retire une clause de sa convention type.",
            ),
        ]

    def __str__(self) -> str:
        from reperes.conventions.catalogue import describe

        return describe(self.kind, self.params)

    def in_force_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


class Commitment(models.Model):
    """What one party undertakes (« Engagements du Département », « Pour la Ville »…)."""

    party = Link(Party, related_name="commitments", on_delete=models.CASCADE)
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField("engagement")

    class Meta:
        verbose_name = "engagement"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Annex(models.Model):
    convention = Link(Convention, related_name="annexes", on_delete=models.CASCADE)
    number = models.CharField("numéro", max_length=20, blank=True)
    title = models.CharField("titre", max_length=300)
    description = models.TextField("contenu", blank=True)
    document = models.FileField("document", upload_to="annexes/%Y/", blank=True)

    class Meta:
        verbose_name = "annexe"
        ordering = ["convention", "number", "pk"]

    def __str__(self) -> str:
        return f"Annexe {self.number} — {self.title}".strip()


class AmendmentQuerySet(models.QuerySet["Amendment"]):
    def visible_to(self, user: Any) -> AmendmentQuerySet:
        return self.filter(convention__in=Convention.objects.visible_to(user).values("pk"))


class Amendment(models.Model):
    """An avenant (seed 001 art. 12): what it changed, and when it was signed. One that lowers
    the statistical secrecy waits for the operator's agreement before it applies."""

    convention = Link(Convention, related_name="amendments", on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("objet", max_length=300)
    signed_on = models.DateField("signé le", null=True, blank=True)
    effective_on = models.DateField("prend effet le", null=True, blank=True)
    summary = models.TextField("résumé", blank=True)
    changes = models.JSONField("modifications", default=list, blank=True)
    status = models.CharField(
        "état", max_length=10, choices=AmendmentStatus.choices, default=AmendmentStatus.IN_EFFECT
    )
    decided_on = models.DateField("accord ou refus de l'opérateur le", null=True, blank=True)
    decided_by = acting_user(blank=True)
    evidence = models.CharField("pièce justificative de l'accord", max_length=300, blank=True)
    created_by = acting_user(blank=True)
    created_at = models.DateTimeField("saisi le", auto_now_add=True)

    objects = AmendmentQuerySet.as_manager()

    class Meta:
        verbose_name = "avenant"
        ordering = ["convention", "number"]
        constraints = [
            unique(
                "amendment_number_unique",
                ["convention", "number"],
                "Un avenant porte déjà ce numéro.",
            ),
            dates_in_order(
                "amendment_effect_after_signature",
                "signed_on",
                "effective_on",
                "Un avenant ne peut prendre effet avant sa signature.",
            ),
        ]

    def __str__(self) -> str:
        return f"Avenant n° {self.number} — {self.title}"


class ConventionEvent(models.Model):
    """A dated event that can end the convention: withdrawal, formal notice, termination, or
    the end of the convention whose fate it follows (seed 002 art. 7)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    convention = Link(Convention, related_name="events", on_delete=models.CASCADE)
    kind = models.CharField("nature", max_length=20, choices=EventKindChoices.choices)
    party = Link(Party, "à l'initiative de", related_name="events", null=True)
    received_on = models.DateField("reçu le")
    effective_on = models.DateField("effet convenu le", null=True, blank=True)
    note = models.TextField("observations", blank=True)
    created_by = acting_user(blank=True)
    created_at = models.DateTimeField("saisi le", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "événement"
        ordering = ["convention", "received_on", "pk"]
        constraints = [
            check(
                "event_effect_after_receipt",
                Q(effective_on__isnull=True) | Q(effective_on__gte=models.F("received_on")),
                "L'effet ne peut précéder la réception.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reçue le {self.received_on:%d/%m/%Y}"
