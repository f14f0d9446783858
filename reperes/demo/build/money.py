"""Demo money, idempotent: run after ``manage.py load_demo`` (which calls it).

    .venv/bin/python manage.py shell -c "from reperes.demo.build.money import load; load()"

From the seeds, as written (amounts the text does not give stay unknown):

- seed 004 (Drôme) art. 6: 245 000 € a year for 2023, 2024 and 2025 paid by the Département to
  the commune of Montélimar, 60 % advance / 40 % balance prorated on the educators' presence
  (computed from the staff register of the personnel app);
- seed 002 (Dijon Métropole) art. 6: the 17 500 € cost (4 300 € analyse de la pratique,
  13 200 € accompagnement psychologique), the five co-funding shares exactly as stated (their
  percents total 98 % and none matches its amount: the warnings show), the 10 000 € of « le
  Grand Dijon », one call for funds per co-funder;
- seed 001 (Pas-de-Calais) art. 8.1: for each of the 8 conventions, Département 95 % and
  communes 5 % with the split between communes left blank (« Dont Commune X …% »), no total,
  monthly payment; other funding sought for specific operations (C.A.F., État);
- seed 000 (Meurthe-et-Moselle) art. 5.2: the rooms the Ville lends free of charge (in kind, not
  valued) and the other resources sought (CAF, politique de la ville, VVV, prévention de la
  délinquance), without amounts.

Synthetic, and said so: the payments recorded on the Drôme schedule and the date of the Dijon
call for funds (the convention only says « dès adoption et notification »).

Every year and date below is the seeds' story, moved to the load's year by
``reperes.demo.timeline`` (as the conventions are). Every row is found by a natural key and
written only when something differs: a second run writes nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction

from reperes.conventions.enums import PartyRole
from reperes.conventions.models import Convention, Party
from reperes.demo import timeline
from reperes.demo.build import people
from reperes.demo.loader import DemoError
from reperes.demo.rows import upsert
from reperes.demo.seeds import seed_000, seed_002, seed_004
from reperes.money import actions
from reperes.money.actions import ShareInput
from reperes.money.enums import ChildrenPercentOf, InstalmentSlot, OtherFundingStatus, ScheduleKind
from reperes.money.models import CallForFunds, InKindContribution, OtherFunding, PaymentSchedule

D = Decimal
SEED_001_INSTANCE = "Seed 001 — convention type n° 2023-601, instance"
#: Seed 001: the model convention is approved on 11 December 2023 and its start date is left
#: blank (« JJ/MM/AAAA »); its shares are shown for 2024, the first year it can apply.
SEED_001_YEAR = 2024
DROME_YEARS = (2023, 2024, 2025)

# Synthetic payments on the Drôme schedule (slot, year) -> (paid on, share of the instalment,
# reference): 2023 paid, 2024 balance half paid, 2025 balance not paid (late today).
DROME_PAYMENTS: dict[tuple[str, int], tuple[date, Decimal, str]] = {
    (InstalmentSlot.ADVANCE, 2023): (date(2023, 3, 28), D(1), "Mandat fictif 2023-0412"),
    (InstalmentSlot.BALANCE, 2023): (date(2023, 12, 19), D(1), "Mandat fictif 2023-2876"),
    (InstalmentSlot.ADVANCE, 2024): (date(2024, 3, 26), D(1), "Mandat fictif 2024-0398"),
    (InstalmentSlot.BALANCE, 2024): (date(2024, 12, 17), D("0.5"), "Mandat fictif 2024-2954"),
    (InstalmentSlot.ADVANCE, 2025): (date(2025, 4, 15), D(1), "Mandat fictif 2025-0441"),
}
# Synthetic: the date of the call for funds to the CCAS de Chenôve.
DIJON_CALL = (seed_002.CCAS_CHENOVE, date(2017, 10, 2))
DIJON_YEAR = 2017


def _convention(source: str) -> Convention:
    convention = Convention.objects.filter(source=source).first()
    if convention is None:
        raise DemoError(
            f"Convention introuvable ({source}) : chargez d'abord les conventions "
            "(manage.py load_demo)."
        )
    return convention


def _parties(convention: Convention) -> dict[str, Party]:
    return {p.organisation.name: p for p in convention.parties.select_related("organisation")}


def _schedule(
    convention: Convention, kind: str, payer: Party, payee: Party, **values: Any
) -> PaymentSchedule:
    return upsert(
        PaymentSchedule,
        {"convention": convention, "kind": kind, "payer": payer, "payee": payee},
        values,
    )


def _other(convention: Convention, order: int, funder: str, operation: str, source: str) -> None:
    upsert(
        OtherFunding,
        {"convention": convention, "funder_name": funder},
        {
            "operation": operation,
            "status": OtherFundingStatus.SOUGHT,
            "source": source,
            "order": order,
        },
    )


def _people_register() -> None:
    """The Drôme balance is computed from the staff register: load the personnel demo first
    (idempotent)."""
    people.load()


def _seed_004(shift: timeline.Shift) -> None:
    convention = _convention(seed_004.SOURCE)
    parties = _parties(convention)
    departement, commune = parties[seed_004.DEPARTEMENT], parties[seed_004.COMMUNE]
    for year in map(shift.year, DROME_YEARS):
        actions.save_funding(
            convention,
            year,
            total=D("245000.00"),
            label=f"Dotation annuelle {year}",
            shares=[ShareInput(party=departement, amount=D("245000.00"))],
            source=f"{seed_004.SOURCE}, article 6",
            note="« Le Département assure à la collectivité la participation au financement de 6 "
            "postes de prévention par une dotation fixe de 245 000 € par an » ; 735 000 € sur "
            f"{shift.year(2023)}-{shift.year(2025)} (article 6).",
        )
    schedule = _schedule(
        convention,
        ScheduleKind.ADVANCE_BALANCE,
        departement,
        commune,
        label="Dotation annuelle : avance de 60 % puis solde proratisé",
        article="6",
        advance_percent=D("60"),
        min_fte_for_advance=D("1"),
        planned_fte=D("6"),
        source=f"{seed_004.SOURCE}, article 6",
    )
    today = timeline.load_day()
    for story_year in DROME_YEARS:
        year = shift.year(story_year)
        actions.generate_instalments(schedule, year)
        for instalment in schedule.instalments.filter(year=year, paid_on__isnull=True):
            payment = DROME_PAYMENTS.get((instalment.slot, story_year))
            if payment is None or not instalment.is_open() or shift.day(payment[0]) > today:
                continue
            story_paid_on, share, story_reference = payment
            paid_on = shift.day(story_paid_on)
            reference = story_reference.replace(str(story_year), str(year))
            amount = (instalment.amount * share).quantize(D("0.01"))
            actions.record_payment(instalment, paid_on, amount, reference, today=today)


def _seed_002(shift: timeline.Shift) -> None:
    convention = _convention(seed_002.SOURCE)
    parties = _parties(convention)
    metropole = parties[seed_002.METROPOLE]
    # The shares of article 6 as the seed writes them (« 1 224,00 € »).
    stated = tuple(
        (org, label, D(percent), D(amount.removesuffix(" €").replace(" ", "").replace(",", ".")))
        for org, label, percent, amount in seed_002.SHARES
    )
    year = shift.year(DIJON_YEAR)
    actions.save_funding(
        convention,
        year,
        total=D("17500.00"),
        label="Coordination, formations et accompagnement psychologique des PRE",
        cost_lines=[
            ("Analyse de la pratique", D("4300.00")),
            ("Accompagnement psychologique", D("13200.00")),
        ],
        shares=[
            ShareInput(
                label="CCAS et Caisse des écoles",
                amount=D("7500.00"),
                children_percent_of=ChildrenPercentOf.PARENT,
                children=tuple(
                    ShareInput(label=label, party=parties[org], percent=percent, amount=amount)
                    for org, label, percent, amount in stated
                ),
            ),
            ShareInput(label="Le Grand Dijon", party=metropole, amount=D("10000.00")),
        ],
        source=f"{seed_002.SOURCE}, article 6",
        note="Les psychologues ou psychothérapeutes facturent leur service à Dijon Métropole "
        "(article 5). Les CCAS et la Caisse des écoles versent leur part « dans la limite des "
        "dotations qui leur seront versées par l'Etat » (article 6).",
    )
    for org, _, _, _ in stated:
        schedule = _schedule(
            convention,
            ScheduleKind.CALL_FOR_FUNDS,
            parties[org],
            metropole,
            label=f"Participation de {org}",
            article="6",
            source=f"{seed_002.SOURCE}, article 6",
        )
        actions.generate_instalments(schedule, year)
    payer, issued_on = DIJON_CALL
    schedule = PaymentSchedule.objects.get(
        convention=convention, kind=ScheduleKind.CALL_FOR_FUNDS, payer=parties[payer]
    )
    if not CallForFunds.objects.filter(schedule=schedule, year=year).exists():
        actions.issue_call_for_funds(schedule, year, shift.day(issued_on), number=f"{year}-001")


def _seed_001(shift: timeline.Shift) -> None:
    year = shift.year(SEED_001_YEAR)
    instances = Convention.objects.filter(source__startswith=SEED_001_INSTANCE).order_by("pk")
    if not instances.exists():
        raise DemoError("Conventions du Pas-de-Calais introuvables : chargez d'abord load_demo.")
    for convention in instances:
        parties = list(convention.parties.select_related("organisation").order_by("order", "pk"))
        departement = next(p for p in parties if p.role == PartyRole.PILOT)
        operator = next(p for p in parties if p.role == PartyRole.OPERATOR)
        communes = [p for p in parties if p.role == PartyRole.CO_FUNDER]
        actions.save_funding(
            convention,
            year,
            total=None,
            label=f"Dotation {year}",
            shares=[
                ShareInput(party=departement, percent=D(95)),
                ShareInput(
                    label="Communes",
                    percent=D(5),
                    children_percent_of=ChildrenPercentOf.TOTAL,
                    children=tuple(ShareInput(party=p) for p in communes),
                ),
            ],
            source="Seed 001 — convention type n° 2023-601, article 8.1",
            note="« Les participations des communes … sont réparties entre les signataires "
            "concernés comme suit : Département : 95 % — Communes : 5 % (dont Commune X …%, dont "
            "Commune Y …%) ». Le montant, fixé chaque année par la tarification, n'est pas dans la "
            "convention type. Année supposée : la convention type est approuvée le 11 décembre "
            "2023 et sa date d'effet est laissée en blanc.",
        )
        _schedule(
            convention,
            ScheduleKind.MONTHLY,
            departement,
            operator,
            label="Dotation mensuelle du Département",
            article="8.1",
            source="Seed 001 — convention type n° 2023-601, article 8.1",
        )
        for order, funder in enumerate(("C.A.F.", "État")):
            _other(
                convention,
                order,
                funder,
                "Opérations spécifiques (conventions spécifiques annexées)",
                "Seed 001 — convention type n° 2023-601, article 8.1",
            )


def _seed_000() -> None:
    convention = _convention(seed_000.SOURCE)
    parties = _parties(convention)
    ville = parties[seed_000.VILLE]
    description = (
        "Mise à disposition à titre gracieux de créneaux d'occupation dans des locaux permettant "
        "l'accueil collectif de jeunes sur son territoire (article 5.2)."
    )
    upsert(
        InKindContribution,
        {"convention": convention, "party": ville},
        {"description": description, "source": f"{seed_000.SOURCE}, article 5.2"},
    )
    for order, funder in enumerate(
        (
            "CAF",
            "Politique de la ville",
            "Programme VVV (Ville Vie Vacances)",
            "Prévention de la délinquance et lutte contre la radicalisation",
        )
    ):
        _other(
            convention,
            order,
            funder,
            "Programme d'actions : « autres ressources mobilisables »",
            f"{seed_000.SOURCE}, article 5.2",
        )


@transaction.atomic
def load() -> None:
    if not settings.DEMO_ALLOWED:
        raise RuntimeError("La démonstration est désactivée sur cette installation (REPERES_DEMO).")
    shift = timeline.current()
    _people_register()
    _seed_004(shift)
    _seed_002(shift)
    _seed_001(shift)
    _seed_000()
