"""How the money is paid: schedules, instalments (status computed), calls for funds,
restitutions (BRIEF §3)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import models
from django.db.models import F, Q

from reperes.core.constraints import check, unique, year_range
from reperes.core.fields import Link

from ..enums import (
    AdvanceCheck,
    InstalmentSlot,
    InstalmentStatus,
    PeriodMonths,
    ProrataReadingChoices,
    ScheduleKind,
)
from ._base import (
    LATE_AFTER_DAYS,
    MONEY,
    SHORT_DECIMAL,
    ConventionScoped,
    ConventionScopedQuerySet,
    check_party,
    non_negative,
    of_convention,
    percent_range,
    positive,
)


class PaymentSchedule(ConventionScoped):
    """How one party pays another: monthly (seed 001 art. 8.1), once on a call for funds (seed
    002 art. 6), or an advance then a prorated balance (seed 004 art. 6)."""

    convention = of_convention("payment_schedules")
    kind = models.CharField("modalité", max_length=20, choices=ScheduleKind.choices)
    label = models.CharField("libellé", max_length=200, blank=True)
    payer = Link("conventions.Party", "payeur", related_name="schedules_as_payer")
    payee = Link("conventions.Party", "bénéficiaire", related_name="schedules_as_payee")
    article = models.CharField(
        "article", max_length=30, blank=True, help_text="Numéro de l'article qui fixe le versement."
    )
    due_day = models.PositiveSmallIntegerField(
        "jour d'échéance (mensuel)", default=1, help_text="Jour du mois des dotations mensuelles."
    )
    period_months = models.PositiveSmallIntegerField(
        "périodicité des versements",
        choices=PeriodMonths.choices,
        null=True,
        blank=True,
        help_text="Versements périodiques : la dotation est partagée à parts égales entre les périodes de l'année.",
    )
    advance_percent = models.DecimalField(
        "avance (% de la dotation)",
        null=True,
        blank=True,
        help_text="Avance puis solde : la part de la dotation versée en avance, comme la convention l'écrit.",
        **SHORT_DECIMAL,
    )
    min_fte_for_advance = models.DecimalField(
        "ETP en poste requis pour l'avance", default=Decimal("1"), **SHORT_DECIMAL
    )
    planned_fte = models.DecimalField("ETP prévus", null=True, blank=True, **SHORT_DECIMAL)
    prorata_reading = models.CharField(
        "lecture du prorata",
        max_length=10,
        choices=ProrataReadingChoices.choices,
        default=ProrataReadingChoices.BALANCE_ONLY,
    )
    advance_check = models.CharField(
        "date de vérification de l'avance",
        max_length=12,
        choices=AdvanceCheck.choices,
        default=AdvanceCheck.END_OF_Q1,
    )
    source = models.CharField("source", max_length=300, blank=True)

    class Meta:
        verbose_name = "échéancier"
        ordering = ["convention", "kind", "pk"]
        constraints = [
            check(
                "money_schedule_payer_is_not_payee",
                ~Q(payer=F("payee")),
                "Le payeur et le bénéficiaire doivent être différents.",
            ),
            percent_range(
                "money_schedule",
                "advance_percent",
                "La part de l'avance doit être comprise entre 0 et 100 %.",
            ),
            non_negative(
                "money_schedule", "min_fte_for_advance", "Un nombre d'ETP ne peut pas être négatif."
            ),
            check(
                "money_schedule_planned_fte_positive",
                Q(planned_fte__isnull=True) | Q(planned_fte__gt=0),
                "Le nombre d'ETP prévus doit être positif.",
            ),
            check(
                "money_schedule_due_day_range",
                Q(due_day__gte=1) & Q(due_day__lte=31),
                "Le jour d'échéance doit être compris entre 1 et 31.",
            ),
            check(
                "money_schedule_advance_has_rate",
                ~Q(kind="advance_balance") | Q(advance_percent__isnull=False),
                "Indiquez la part de la dotation versée en avance.",
            ),
            check(
                "money_schedule_periodic_has_period",
                ~Q(kind="periodic")
                | (Q(period_months__isnull=False) & Q(period_months__in=[1, 3, 6, 12])),
                "Indiquez la périodicité des versements (mois, trimestre, semestre, année).",
            ),
            unique(
                "money_schedule_unique",
                ["convention", "kind", "payer", "payee"],
                "Cet échéancier existe déjà pour ce payeur et ce bénéficiaire.",
            ),
        ]

    def __str__(self) -> str:
        return self.label or f"{self.get_kind_display()} — {self.payer.organisation}"

    def clean(self) -> None:
        check_party(self.payer if self.payer_id else None, self.convention_id, "payer")
        check_party(self.payee if self.payee_id else None, self.convention_id, "payee")

    def advance_check_on(self, year: int) -> date:
        if self.advance_check == AdvanceCheck.START_OF_YEAR:
            return date(year, 1, 1)
        return date(year, 3, 31)


class InstalmentQuerySet(ConventionScopedQuerySet):
    convention_path = "schedule__convention"


class Instalment(models.Model):
    """One payment of a schedule. Its status is computed (``status_on``), never stored."""

    schedule = Link(PaymentSchedule, related_name="instalments", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField("année")
    slot = models.CharField("échéance", max_length=10, choices=InstalmentSlot.choices)
    label = models.CharField("libellé", max_length=200)
    due_on = models.DateField(
        "exigible le", null=True, blank=True, help_text="Vide : en attente de l'appel de fonds."
    )
    amount = models.DecimalField("montant", **MONEY)
    condition = models.TextField("condition", blank=True)
    refused_reason = models.TextField(
        "motif de non-versement",
        blank=True,
        help_text="Renseigné quand la condition n'est pas remplie : l'échéance n'est pas due.",
    )
    paid_on = models.DateField("versé le", null=True, blank=True)
    paid_amount = models.DecimalField("montant versé", null=True, blank=True, **MONEY)
    reference = models.CharField("référence du versement", max_length=200, blank=True)

    objects = InstalmentQuerySet.as_manager()

    class Meta:
        verbose_name = "échéance"
        ordering = ["schedule", "year", "due_on", "slot"]
        constraints = [
            unique(
                "money_instalment_unique_slot",
                ["schedule", "year", "slot"],
                "Cette échéance existe déjà pour cette année.",
            ),
            year_range("money_instalment"),
            non_negative("money_instalment", "amount", "Un montant ne peut pas être négatif."),
            non_negative(
                "money_instalment", "paid_amount", "Un montant versé ne peut pas être négatif."
            ),
            check(
                "money_instalment_paid_within_amount",
                Q(paid_amount__isnull=True) | Q(paid_amount__lte=F("amount")),
                "Le montant versé ne peut pas dépasser le montant de l'échéance.",
            ),
            check(
                "money_instalment_payment_complete",
                (Q(paid_on__isnull=True) & Q(paid_amount__isnull=True))
                | (Q(paid_on__isnull=False) & Q(paid_amount__isnull=False)),
                "Un versement a une date et un montant.",
            ),
            check(
                "money_instalment_refused_is_unpaid",
                Q(refused_reason="") | (Q(amount=0) & Q(paid_on__isnull=True)),
                "Une échéance non due n'a ni montant ni versement.",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None

    @property
    def remaining(self) -> Decimal:
        return self.amount - (self.paid_amount or Decimal("0.00"))

    @property
    def late_from(self) -> date | None:
        """First day the unpaid instalment is late (``LATE_AFTER_DAYS`` after its due date)."""
        if self.due_on is None:
            return None
        return self.due_on + timedelta(days=LATE_AFTER_DAYS + 1)

    def status_on(self, on: date) -> InstalmentStatus:
        """Not due (condition failed), paid, partially paid, or — unpaid — planned before its
        due date, « à verser » for ``LATE_AFTER_DAYS`` days from it, late afterwards."""
        if self.refused_reason:
            return InstalmentStatus.NOT_DUE
        if self.paid_amount is not None and self.paid_amount >= self.amount:
            return InstalmentStatus.PAID
        if self.paid_amount:
            return InstalmentStatus.PARTIAL
        if self.due_on is None or on < self.due_on:
            return InstalmentStatus.PLANNED
        late_from = self.late_from
        if late_from is not None and on >= late_from:
            return InstalmentStatus.LATE
        return InstalmentStatus.DUE

    def is_open(self) -> bool:
        """Whether a payment can still be recorded on it."""
        return not self.refused_reason and self.remaining > 0


def under_schedule(related_name: str) -> Link[PaymentSchedule | None, PaymentSchedule | None]:
    """The schedule a restitution or a call for funds comes under, when it does: emptied, not
    deleted with it, when the schedule goes."""
    return Link(
        PaymentSchedule,
        "échéancier",
        related_name=related_name,
        on_delete=models.SET_NULL,
        null=True,
    )


class Restitution(ConventionScoped):
    """A sum the funder asks back (seed 004 art. 6: « solliciter la restitution de toute somme
    versée qui n'aurait pas été utilisée conformément aux engagements »)."""

    convention = of_convention("restitutions")
    schedule = under_schedule("restitutions")
    year = models.PositiveSmallIntegerField("année")
    amount = models.DecimalField("montant", **MONEY)
    reason = models.TextField("motif")
    requested_on = models.DateField("demandée le")
    received_on = models.DateField("reçue le", null=True, blank=True)

    class Meta:
        verbose_name = "restitution"
        ordering = ["convention", "year", "requested_on"]
        constraints = [
            positive("money_restitution", "amount", "Le montant à restituer doit être positif."),
            check(
                "money_restitution_received_after_request",
                Q(received_on__isnull=True) | Q(received_on__gte=F("requested_on")),
                "Une restitution ne peut être reçue avant d'être demandée.",
            ),
            year_range("money_restitution"),
        ]

    def __str__(self) -> str:
        return f"Restitution {self.year}"


class CallForFunds(ConventionScoped):
    """An appel de fonds (seed 002 art. 6: « Le versement interviendra en une fois sur appel de
    fonds de Dijon Métropole … dès adoption et notification de la présente convention »)."""

    convention = of_convention("calls_for_funds")
    schedule = under_schedule("calls")
    year = models.PositiveSmallIntegerField("année")
    number = models.CharField("numéro", max_length=30)
    issued_on = models.DateField("émis le")
    amount = models.DecimalField("montant appelé", **MONEY)
    addressee = Link("conventions.Party", "destinataire", related_name="calls_for_funds")

    class Meta:
        verbose_name = "appel de fonds"
        verbose_name_plural = "appels de fonds"
        ordering = ["convention", "year", "number"]
        constraints = [
            unique(
                "money_call_unique_number",
                ["convention", "number"],
                "Un appel de fonds porte déjà ce numéro pour cette convention.",
            ),
            unique(
                "money_call_unique_schedule_year",
                ["schedule", "year"],
                "Un appel de fonds a déjà été émis pour cet échéancier et cette année.",
                condition=Q(schedule__isnull=False),
            ),
            positive("money_call", "amount", "Le montant appelé doit être positif."),
            year_range("money_call"),
        ]

    def __str__(self) -> str:
        return f"Appel de fonds n° {self.number}"

    def clean(self) -> None:
        check_party(self.addressee if self.addressee_id else None, self.convention_id, "addressee")

    @property
    def pay_by(self) -> date:
        """Last day before the instalment it calls becomes late."""
        return self.issued_on + timedelta(days=LATE_AFTER_DAYS)
