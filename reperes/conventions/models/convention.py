"""Conventions and model conventions, their terms, parties and signatories. BRIEF §2.

Status and key dates are never stored: they are computed from the terms and the events by
``reperes.rules.periods`` (see ``reperes.conventions.dates``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from reperes.core.constraints import check, dates_in_order, unique
from reperes.core.fields import Link, acting_user
from reperes.partners.fields import optional_organisation

if TYPE_CHECKING:
    from reperes.rules.delays import Delay

from ..enums import (
    ConventionKind,
    DelayUnit,
    OperatorDecision,
    PartyRole,
    PeriodKindChoices,
)

DELAYS = ("term", "withdrawal_notice", "formal_notice", "termination_delay")


def _delay_constraints(prefix: str) -> list[models.BaseConstraint]:
    value, unit = f"{prefix}_value", f"{prefix}_unit"
    return [
        check(
            f"%(class)s_{prefix}_complete",
            (Q(**{f"{value}__isnull": True}) & Q(**{unit: ""}))
            | (Q(**{f"{value}__gte": 0}) & ~Q(**{unit: ""})),
            "Un délai doit avoir une valeur positive et une unité.",
        )
    ]


def concerned(to: str, verbose_name: str) -> models.ManyToManyField[Any, Any]:
    """Communes, quartiers or places a convention concerns (none, when it does not say)."""
    return models.ManyToManyField(
        to, blank=True, related_name="conventions", verbose_name=verbose_name
    )


class TermsFields(models.Model):
    """The clauses that govern dates, shared by a model convention and its instances."""

    period_kind = models.CharField(
        "type de période", max_length=20, choices=PeriodKindChoices.choices
    )
    starts_on = models.DateField("début", null=True, blank=True)
    starts_on_text = models.CharField("début tel qu'écrit", max_length=100, blank=True)
    starts_at_signature = models.BooleanField("entre en vigueur à la signature", default=False)
    ends_on = models.DateField("fin", null=True, blank=True)
    term_value = models.PositiveSmallIntegerField("durée", null=True, blank=True)
    term_unit = models.CharField(
        "unité de la durée", max_length=10, choices=DelayUnit.choices, blank=True
    )
    max_renewals = models.PositiveSmallIntegerField(
        "reconductions au plus", null=True, blank=True, help_text="Vide : sans limite."
    )
    withdrawal_notice_value = models.PositiveSmallIntegerField(
        "préavis de dénonciation", null=True, blank=True
    )
    withdrawal_notice_unit = models.CharField(
        "unité du préavis", max_length=10, choices=DelayUnit.choices, blank=True
    )
    formal_notice_value = models.PositiveSmallIntegerField(
        "délai après mise en demeure", null=True, blank=True
    )
    formal_notice_unit = models.CharField(
        "unité du délai de mise en demeure", max_length=10, choices=DelayUnit.choices, blank=True
    )
    termination_delay_value = models.PositiveSmallIntegerField(
        "effet de la résiliation après réception", null=True, blank=True
    )
    termination_delay_unit = models.CharField(
        "unité du délai de résiliation", max_length=10, choices=DelayUnit.choices, blank=True
    )
    delays_extendable = models.BooleanField(
        "délais prorogeables",
        default=True,
        help_text="Décochez si la convention dit que le délai « n'est pas susceptible de prorogation ».",
    )

    class Meta:
        abstract = True

    def delay(self, prefix: str) -> Delay | None:
        from reperes.rules.delays import Delay, Unit

        value = getattr(self, f"{prefix}_value")
        unit = getattr(self, f"{prefix}_unit")
        if value is None or not unit:
            return None
        return Delay(value, Unit(unit))

    @staticmethod
    def terms_constraints() -> list[models.BaseConstraint]:
        constraints: list[models.BaseConstraint] = []
        for prefix in DELAYS:
            constraints += _delay_constraints(prefix)
        constraints += [
            check(
                # The form requires it, but a script or fixture writing '' directly gave
                # conventions whose dates nothing could compute (issue 12).
                "%(class)s_period_kind_known",
                Q(period_kind__in=PeriodKindChoices.values),
                "Le type de période doit être « dates fixes », « durée » ou "
                "« reconduction tacite ».",
            ),
            dates_in_order(
                "%(class)s_period_dates_ordered",
                "starts_on",
                "ends_on",
                "La fin de la période doit suivre son début.",
            ),
            check(
                "%(class)s_term_has_duration",
                ~Q(period_kind="term") | Q(term_value__isnull=False),
                "Une période « durée » doit préciser la durée.",
            ),
            check(
                "%(class)s_tacit_has_duration",
                ~Q(period_kind="tacit_renewal") | Q(term_value__isnull=False),
                "Une convention reconduite tacitement doit préciser la durée de chaque période.",
            ),
            check(
                "%(class)s_term_positive",
                Q(term_value__isnull=True) | Q(term_value__gt=0),
                "La durée d'une période doit être d'au moins une unité.",
            ),
            check(
                "%(class)s_tacit_has_no_fixed_end",
                ~Q(period_kind="tacit_renewal") | Q(ends_on__isnull=True),
                "Une convention reconduite tacitement n'a pas de date de fin fixe.",
            ),
            check(
                "%(class)s_renewals_only_when_tacit",
                Q(period_kind="tacit_renewal") | Q(max_renewals__isnull=True),
                "Le nombre de reconductions ne vaut que pour une reconduction tacite.",
            ),
            check(
                "%(class)s_start_is_date_or_signature",
                ~(Q(starts_at_signature=True) & Q(starts_on__isnull=False)),
                "Le début est soit une date, soit la signature, pas les deux.",
            ),
        ]
        return constraints


class ConventionTemplateQuerySet(models.QuerySet["ConventionTemplate"]):
    def visible_to(self, user: Any) -> ConventionTemplateQuerySet:
        from reperes.conventions.access import party_conventions

        if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
            return self.none()
        return self.filter(
            Q(owner_id=user.organisation_id) | Q(pk__in=party_conventions(user).values("template"))
        )


class ConventionTemplate(TermsFields):
    """A model convention approved once by an assembly, then signed with each service and its
    communes (seed 001: deliberation n° 2023-601, art. 1 and 2)."""

    title = models.CharField("intitulé", max_length=400)
    kind = models.CharField(
        "domaine", max_length=30, choices=ConventionKind.choices, default=ConventionKind.PREVENTION
    )
    object = models.TextField("objet", blank=True)
    owner = Link(
        "partners.Organisation", "organisation pilote", related_name="convention_templates"
    )
    approved_by = Link(
        "partners.Deliberation",
        "délibération d'approbation",
        related_name="approved_templates",
        null=True,
    )
    funding_note = models.TextField("répartition du financement", blank=True)

    objects = ConventionTemplateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "convention type"
        verbose_name_plural = "conventions types"
        ordering = ["title"]
        constraints = TermsFields.terms_constraints()

    def __str__(self) -> str:
        return self.title


class ConventionQuerySet(models.QuerySet["Convention"]):
    def visible_to(self, user: Any) -> ConventionQuerySet:
        """A convention's page is readable by the members of the organisations party to it,
        whatever its state (draft, refused, ended); what it grants on a service's data is
        decided by ``reperes.conventions.access``."""
        from reperes.conventions.access import party_conventions

        return self.filter(pk__in=party_conventions(user).values("pk"))


class Convention(TermsFields):
    title = models.CharField("intitulé", max_length=400)
    # The pilot's own number for the convention (« 2023-601 »): a spreadsheet import finds the
    # convention again by it, so that importing the same file twice duplicates nothing.
    reference = models.CharField(
        "référence", max_length=60, blank=True, help_text="Numéro de la convention chez le pilote."
    )
    short_title = models.CharField("intitulé court", max_length=150, blank=True)
    kind = models.CharField(
        "domaine", max_length=30, choices=ConventionKind.choices, default=ConventionKind.PREVENTION
    )
    object = models.TextField("objet", blank=True)
    template = Link(ConventionTemplate, "convention type", related_name="instances", null=True)
    service = Link("partners.Service", "service concerné", related_name="conventions", null=True)
    communes = concerned("partners.Commune", "communes concernées")
    quartiers = concerned("partners.Quartier", "quartiers concernés")
    places = concerned("partners.Place", "lieux d'intervention")
    is_signed = models.BooleanField(
        "signée",
        default=False,
        help_text="Signée par toutes les parties, même si la date n'est pas connue.",
    )
    signed_on = models.DateField("date de signature", null=True, blank=True)
    signed_on_text = models.CharField(
        "date de signature telle qu'écrite", max_length=100, blank=True
    )
    signed_at = models.CharField("lieu de signature", max_length=100, blank=True)
    copies = models.PositiveSmallIntegerField("exemplaires originaux", null=True, blank=True)
    follows = Link(
        "self",
        "suit le sort de",
        related_name="followers",
        on_delete=models.SET_NULL,
        null=True,
    )
    follows_note = models.TextField(
        "suit le sort de (texte)",
        blank=True,
        help_text="Quand la convention suivie n'est pas dans Repères (ex. conventions État / CCAS).",
    )
    jurisdiction = models.CharField("règlement des litiges", max_length=300, blank=True)
    # Statistical secrecy of the figures published under this convention (seed 003 « Précisions
    # réglementaires »: no cell under 5, no zone under 100 allocataires), see rules/secrecy.py.
    secrecy_threshold = models.PositiveSmallIntegerField(
        "seuil du secret statistique",
        default=5,
        help_text="Un effectif de 1 à ce seuil moins un n'est pas diffusé hors du service.",
    )
    secrecy_zone_floor = models.PositiveIntegerField(
        "effectif minimal d'une zone",
        default=100,
        help_text="Un territoire qui compte moins de personnes est regroupé avec d'autres.",
    )
    signed_document = models.FileField("convention signée", upload_to="conventions/%Y/", blank=True)
    # The operator's consent (reperes.conventions.access): recorded by its own service director, or
    # by a platform administrator on the evidence of the signed document.
    operator_decision = models.CharField(
        "accord de l'opérateur",
        max_length=10,
        choices=OperatorDecision.choices,
        default=OperatorDecision.PENDING,
    )
    operator_decided_on = models.DateField("accord ou refus le", null=True, blank=True)
    operator_decided_by = acting_user("accord ou refus enregistré par", blank=True)
    operator_decision_org = optional_organisation("opérateur qui a décidé")
    operator_evidence = models.CharField(
        "pièce justificative de l'accord", max_length=300, blank=True
    )
    operator_note = models.TextField("motif ou observations de l'opérateur", blank=True)
    source = models.CharField("source", max_length=300, blank=True)
    created_at = models.DateTimeField("création", auto_now_add=True)
    updated_at = models.DateTimeField("mise à jour", auto_now=True)

    objects = ConventionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["title"]
        constraints = [
            *TermsFields.terms_constraints(),
            check(
                "convention_signature_date_needs_signature",
                Q(signed_on__isnull=True) | Q(is_signed=True),
                "Une date de signature suppose une convention signée.",
            ),
            check(
                "convention_secrecy_rule_positive",
                Q(secrecy_threshold__gte=2) & Q(secrecy_zone_floor__gte=1),
                "Le seuil du secret statistique est d'au moins 2 et l'effectif minimal d'une "
                "zone d'au moins 1.",
            ),
            check(
                "convention_does_not_follow_itself",
                Q(follows__isnull=True) | ~Q(follows=models.F("pk")),
                "Une convention ne peut pas suivre son propre sort.",
            ),
            check(
                "convention_operator_decision_names_operator",
                Q(operator_decision=OperatorDecision.PENDING)
                | Q(operator_decision_org__isnull=False),
                "L'accord ou le refus désigne l'opérateur qui a décidé.",
            ),
        ]
        indexes = [
            models.Index(fields=["period_kind"]),
            models.Index(fields=["ends_on"]),
            models.Index(fields=["reference"]),
        ]

    def __str__(self) -> str:
        return self.short_title or self.title

    def clean(self) -> None:
        from reperes.core.access import secrecy_floor_errors

        super().clean()
        errors = secrecy_floor_errors(self.secrecy_threshold, self.secrecy_zone_floor)
        if errors:
            raise ValidationError(errors)

    @property
    def operator_accepted(self) -> bool:
        return self.operator_decision == OperatorDecision.ACCEPTED


class Party(models.Model):
    convention = Link(Convention, related_name="parties", on_delete=models.CASCADE)
    organisation = Link("partners.Organisation", related_name="parties")
    role = models.CharField("rôle", max_length=20, choices=PartyRole.choices)
    designation = models.CharField(
        "désignation",
        max_length=200,
        blank=True,
        help_text="Ex. « ci-après dénommé le Département ».",
    )
    order = models.PositiveSmallIntegerField("ordre", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "partie"
        ordering = ["convention", "order", "pk"]
        constraints = [
            unique(
                "party_unique_per_convention",
                ["convention", "organisation"],
                "Cette organisation est déjà partie à la convention.",
            )
        ]
        indexes = [models.Index(fields=["organisation", "convention"])]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class Signatory(models.Model):
    """The person who signs for a party and what empowers them (a deliberation, the statutes)."""

    party = Link(Party, related_name="signatories", on_delete=models.CASCADE)
    full_name = models.CharField("nom", max_length=200)
    title = models.CharField("qualité", max_length=250)
    deliberation = Link("partners.Deliberation", related_name="signatories", null=True)
    authority_text = models.CharField("habilitation telle qu'écrite", max_length=400, blank=True)
    signed_on = models.DateField("signé le", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "signataire"
        ordering = ["party__order", "pk"]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.title}"
