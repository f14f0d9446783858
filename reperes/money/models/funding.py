"""What a convention funds, per year and party: fundings, stated shares, cost lines, evolution
rates, contributions in kind, other funding sought (BRIEF §3)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from reperes.core.constraints import check, unique, year_range
from reperes.core.fields import Link

from ..enums import (
    ChildrenPercentOf,
    OtherFundingStatus,
)
from ._base import (
    MONEY,
    PERCENT,
    ConventionScoped,
    check_party,
    non_negative,
    of_convention,
    percent_range,
)


class Funding(ConventionScoped):
    """The money of one convention for one year (seed 004 art. 6: « 245 000 € pour l'année
    2023 »). ``total`` stays empty when the text gives no figure (seed 001: shares only)."""

    convention = of_convention("fundings")
    year = models.PositiveSmallIntegerField("année")
    total = models.DecimalField("montant total", null=True, blank=True, **MONEY)
    label = models.CharField("libellé", max_length=200)
    source = models.CharField("source", max_length=300, blank=True)
    note = models.TextField("observations", blank=True)
    evolved_from = Link(
        "self",
        "calculé à partir de",
        related_name="evolutions",
        on_delete=models.SET_NULL,
        null=True,
    )
    evolution_rate = Link(
        "EvolutionRate",
        "taux d'évolution appliqué",
        related_name="fundings",
        on_delete=models.SET_NULL,
        null=True,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "financement"
        ordering = ["convention", "year"]
        constraints = [
            unique(
                "money_funding_unique_year",
                ["convention", "year"],
                "Un financement existe déjà pour cette convention et cette année.",
            ),
            non_negative("money_funding", "total", "Le montant total ne peut pas être négatif."),
            year_range("money_funding"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.year})"


class FundingShare(models.Model):
    """What the convention states for one party: a percent, an amount, both, or nothing yet.

    A share without a party groups sub-shares (« Communes : 5 % — dont Commune X …% », seed 001
    art. 8.1; « CCAS et Caisse des écoles : 7 500 € », seed 002 art. 6)."""

    funding = Link(Funding, related_name="shares", on_delete=models.CASCADE)
    party = Link("conventions.Party", "partie", related_name="funding_shares", null=True)
    parent = Link(
        "self", "part parente", related_name="children", on_delete=models.CASCADE, null=True
    )
    label = models.CharField("libellé", max_length=200, blank=True)
    stated_percent = models.DecimalField("pourcentage écrit", null=True, blank=True, **PERCENT)
    stated_amount = models.DecimalField("montant écrit", null=True, blank=True, **MONEY)
    children_percent_of = models.CharField(
        "les sous-parts sont des pourcentages",
        max_length=10,
        choices=ChildrenPercentOf.choices,
        default=ChildrenPercentOf.PARENT,
    )
    order = models.PositiveSmallIntegerField("ordre", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "part de financement"
        verbose_name_plural = "parts de financement"
        ordering = ["funding", "order", "pk"]
        constraints = [
            percent_range(
                "money_share",
                "stated_percent",
                "Un pourcentage doit être compris entre 0 et 100.",
            ),
            non_negative("money_share", "stated_amount", "Un montant ne peut pas être négatif."),
            check(
                "money_share_names_something",
                Q(party__isnull=False) | ~Q(label=""),
                "Une part doit désigner une partie ou porter un libellé.",
            ),
            check(
                "money_share_not_own_parent",
                Q(parent__isnull=True) | ~Q(parent=F("pk")),
                "Une part ne peut pas être sa propre part parente.",
            ),
        ]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        if self.label:
            return self.label
        return str(self.party.organisation) if self.party is not None else ""

    @property
    def key(self) -> str:
        return f"s{self.pk}"

    def clean(self) -> None:
        funding = self.funding if self.funding_id else None
        convention_id = funding.convention_id if funding is not None else None
        check_party(self.party if self.party_id else None, convention_id, "party")
        parent = self.parent if self.parent_id else None
        if parent is not None and funding is not None and parent.funding_id != funding.pk:
            raise ValidationError({"parent": "La part parente appartient à un autre financement."})


class FundingCostLine(models.Model):
    """A line of the cost the funding covers (seed 002 art. 6: « Analyse de la pratique :
    4 300 € — Accompagnement psychologique 13 200 € »)."""

    funding = Link(Funding, related_name="cost_lines", on_delete=models.CASCADE)
    label = models.CharField("poste", max_length=200)
    amount = models.DecimalField("montant", **MONEY)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "poste de coût"
        verbose_name_plural = "postes de coût"
        ordering = ["funding", "order", "pk"]
        constraints = [
            non_negative("money_costline", "amount", "Un montant ne peut pas être négatif.")
        ]

    def __str__(self) -> str:
        return self.label


class EvolutionRateQuerySet(models.QuerySet["EvolutionRate"]):
    def visible_to(self, user: Any) -> EvolutionRateQuerySet:
        """A convention's rates, or a funder's rates when the funder is party to a convention
        the user sees."""
        from reperes.conventions.models import Convention, Party

        visible = Convention.objects.visible_to(user).values("pk")
        return self.filter(
            Q(convention__in=visible)
            | Q(
                organisation__in=Party.objects.filter(convention__in=visible).values("organisation")
            )
        )


class EvolutionRate(models.Model):
    """The « taux d'évolution des dépenses voté par l'Assemblée départementale » (seed 001
    art. 8.1) for budget year ``year``: the funding of ``year`` is the funding of ``year - 1``
    × (1 + rate). Voted for one convention, or by a funder for all its conventions."""

    convention = Link(
        "conventions.Convention",
        related_name="evolution_rates",
        on_delete=models.CASCADE,
        null=True,
    )
    organisation = Link(
        "partners.Organisation", "financeur", related_name="evolution_rates", null=True
    )
    year = models.PositiveSmallIntegerField("année budgétaire")
    rate_percent = models.DecimalField("taux (%)", **PERCENT)
    deliberation = Link(
        "partners.Deliberation", "délibération", related_name="evolution_rates", null=True
    )
    note = models.TextField("observations", blank=True)

    objects = EvolutionRateQuerySet.as_manager()

    class Meta:
        verbose_name = "taux d'évolution"
        verbose_name_plural = "taux d'évolution"
        ordering = ["year", "pk"]
        constraints = [
            check(
                "money_rate_one_scope",
                Q(convention__isnull=False) ^ Q(organisation__isnull=False),
                "Un taux vaut pour une convention ou pour un financeur, pas les deux.",
            ),
            check(
                "money_rate_range",
                Q(rate_percent__gte=-100) & Q(rate_percent__lte=100),
                "Le taux d'évolution doit être compris entre -100 % et 100 %.",
            ),
            unique(
                "money_rate_unique_convention_year",
                ["convention", "year"],
                "Un taux est déjà enregistré pour cette convention et cette année.",
                condition=Q(convention__isnull=False),
            ),
            unique(
                "money_rate_unique_funder_year",
                ["organisation", "year"],
                "Un taux est déjà enregistré pour ce financeur et cette année.",
                condition=Q(organisation__isnull=False),
            ),
            year_range("money_rate"),
        ]

    def __str__(self) -> str:
        return f"Taux {self.year} : {self.rate_percent} %"


class InKindContribution(ConventionScoped):
    """A contribution in kind, valued or not (seed 000 art. 5.2: « mise à disposition à titre
    gracieux de créneaux d'occupation dans des locaux »)."""

    convention = of_convention("in_kind_contributions")
    party = Link("conventions.Party", related_name="in_kind_contributions")
    description = models.TextField("description")
    valued_amount = models.DecimalField("valorisation", null=True, blank=True, **MONEY)
    year = models.PositiveSmallIntegerField("année", null=True, blank=True)
    source = models.CharField("source", max_length=300, blank=True)

    class Meta:
        verbose_name = "contribution en nature"
        verbose_name_plural = "contributions en nature"
        ordering = ["convention", "pk"]
        constraints = [
            non_negative(
                "money_inkind", "valued_amount", "Une valorisation ne peut pas être négative."
            ),
            year_range("money_inkind", nullable=True),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def clean(self) -> None:
        check_party(self.party if self.party_id else None, self.convention_id, "party")


class OtherFunding(ConventionScoped):
    """A resource sought outside the convention's funders (seed 000 art. 5.2: CAF, politique de
    la ville, VVV, prévention de la délinquance; seed 001 art. 8.1: C.A.F., État)."""

    convention = of_convention("other_fundings")
    funder_name = models.CharField("financeur", max_length=200, blank=True)
    funder = Link(
        "partners.Organisation",
        "financeur (organisation)",
        related_name="other_fundings",
        null=True,
    )
    operation = models.CharField("action ou opération", max_length=300, blank=True)
    amount = models.DecimalField("montant", null=True, blank=True, **MONEY)
    status = models.CharField(
        "état", max_length=10, choices=OtherFundingStatus.choices, default=OtherFundingStatus.SOUGHT
    )
    year = models.PositiveSmallIntegerField("année", null=True, blank=True)
    source = models.CharField("source", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "autre financement"
        verbose_name_plural = "autres financements"
        ordering = ["convention", "order", "pk"]
        constraints = [
            check(
                "money_other_has_funder",
                ~Q(funder_name="") | Q(funder__isnull=False),
                "Indiquez le financeur.",
            ),
            non_negative("money_other", "amount", "Un montant ne peut pas être négatif."),
            year_range("money_other", nullable=True),
        ]

    def __str__(self) -> str:
        return self.funder_display

    @property
    def funder_display(self) -> str:
        return self.funder_name or str(self.funder)
