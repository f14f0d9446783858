"""Demo duties: the dated obligations written in the seed conventions, then generated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from reperes.conventions.models import Convention, Party

from .actions import generate_all
from .enums import ObligationKind as K
from .models import Duty, Obligation


@dataclass(frozen=True)
class DutySpec:
    kind: str
    title: str
    owner_role: str
    month: int
    day: int
    year_offset: int
    source: str
    first_year: int | None = None
    last_year: int | None = None


# Seed 000: « Un bilan annuel de l'année écoulée … sera présenté » (art. 6), « Présenté au début
# de l'année N+1 » (annex 1) — read as before 31 March N+1; the period is 2023-2025 (art. 7).
SEED_000 = [
    DutySpec(
        K.ANNUAL_REVIEW,
        "Bilan annuel présenté au comité de pilotage",
        "operator",
        3,
        31,
        1,
        "Seed 000, art. 6 et annexe 1 : « présenté au début de l'année N+1 » (lu : avant le 31 mars)",
    ),
]
# Seed 001 (model): art. 3, 8.2 and 2.2 — for each instance, once signed.
SEED_001 = [
    DutySpec(
        K.ACTIVITY_REPORT,
        "Rapport d'activité annuel",
        "operator",
        4,
        30,
        1,
        "Seed 001, art. 3 : « au plus tard le 30 avril de l'exercice suivant »",
    ),
    DutySpec(
        K.ACCOUNTS,
        "Compte administratif et comptes certifiés",
        "operator",
        4,
        30,
        1,
        "Seed 001, art. 3 et 8.2 : « pour le 30 avril de l'exercice suivant »",
    ),
    DutySpec(
        K.BUDGET,
        "Budget prévisionnel",
        "operator",
        10,
        31,
        -1,
        "Seed 001, art. 8.2 : « pour le 31 octobre de chaque année le budget prévisionnel de l'année suivante »",
    ),
    DutySpec(
        K.DIAGNOSTIC,
        "Actualisation du diagnostic territorial partagé",
        "operator",
        12,
        31,
        0,
        "Seed 001, art. 2.2 et référentiel : « actualisé chaque année »",
    ),
]
# Seed 004: art. 8 (N-1 report by 30 April N) and art. 6 (staff statement before 30 November N);
# the convention covers 2023-2025 (art. 1), its start (the signature) being undated.
SEED_004 = [
    DutySpec(
        K.ACTIVITY_REPORT,
        "Rapport d'activité et justificatifs du bon emploi de la dotation",
        "operator",
        4,
        30,
        1,
        "Seed 004, art. 8 : « rapport d'activité N-1 … au plus tard le 30 avril N »",
        2023,
        2025,
    ),
    DutySpec(
        K.STAFF_STATEMENT,
        "État des effectifs (CV, dates d'arrivée et de départ des éducateurs)",
        "operator",
        11,
        30,
        0,
        "Seed 004, art. 6 : « transmission avant le 30 novembre de l'année N »",
        2023,
        2025,
    ),
]
# Seed 003: « Ces thèmes de coopération … sont déterminés annuellement par le Comité de
# Pilotage » and its fiches-actions cover « Année(s) : 2009-2010 ».
SEED_003 = [
    DutySpec(
        K.OTHER,
        "Thèmes de coopération et fiches-actions arrêtés par le comité de pilotage",
        "pilot",
        12,
        31,
        0,
        "Seed 003, « Thèmes de coopération » : « déterminés annuellement par le Comité de Pilotage »",
        2009,
        2010,
    ),
]
BY_SOURCE = {"Seed 000": SEED_000, "Seed 001": SEED_001, "Seed 003": SEED_003, "Seed 004": SEED_004}


def load() -> None:
    for prefix, specs in BY_SOURCE.items():
        for convention in Convention.objects.filter(source__startswith=prefix):
            for spec in specs:
                owner = Party.objects.filter(convention=convention, role=spec.owner_role).first()
                if owner is None:
                    continue
                Duty.objects.update_or_create(
                    convention=convention,
                    kind=spec.kind,
                    title=spec.title,
                    defaults={
                        "owner": owner,
                        "month": spec.month,
                        "day": spec.day,
                        "year_offset": spec.year_offset,
                        "source": spec.source,
                        "first_year": spec.first_year,
                        "last_year": spec.last_year,
                    },
                )
    today = timezone.localdate()
    generate_all(today)
    # Synthetic history: what fell due before this year was done; this year's items stay as
    # they are so that the calendar shows something late and something to come.
    for obligation in Obligation.objects.filter(
        done_on=None,
        due_on__lt=date(today.year, 1, 1),
        kind__in=[K.ACTIVITY_REPORT, K.STAFF_STATEMENT, K.ANNUAL_REVIEW],
    ):
        obligation.done_on = obligation.due_on - timedelta(days=3)
        obligation.evidence = (
            "Transmis par courriel à la direction enfance famille (donnée de démonstration)."
        )
        obligation.save(update_fields=["done_on", "evidence"])
