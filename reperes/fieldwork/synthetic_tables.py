"""The tables of the synthetic field work (see synthetic.py): its distributions, its
vocabulary (obviously invented names, partners, titles, observations: nothing here names a
real person or place of the seeds) and the pure helpers that draw from them."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from .enums import (
    AgeBand,
    CollectiveCategory,
    EntryMode,
    ExitReason,
    Gender,
    InterventionKind,
    ObservationTopic,
    PartnerKind,
    TimeCategory,
)

T = TypeVar("T")

FIRST_NAMES = (
    "Zorglub",
    "Testine",
    "Fictivio",
    "Exemplette",
    "Imaginot",
    "Inventine",
    "Simulo",
    "Prototypia",
    "Maquettin",
    "Fictivette",
    "Démonstrin",
    "Placebine",
)
LAST_NAMES = (
    "Exemplaire",
    "Imaginaire",
    "Inventé-Synthèse",
    "Fictif-Démo",
    "Factice",
    "Simulacre",
    "Postiche",
    "Modèle-Essai",
)

PARTNERS = (
    ("Collège de l'Exemple", PartnerKind.SCHOOL, "vie-scolaire@college-exemple.example"),
    ("Lycée professionnel Imaginaire", PartnerKind.SCHOOL, "cpe@lycee-imaginaire.example"),
    ("MDS fictive du secteur", PartnerKind.MDS, "accueil@mds-fictive.example"),
    ("Mission locale Fictive", PartnerKind.MISSION_LOCALE, "accueil@ml-fictive.example"),
    ("Unité éducative PJJ (fictive)", PartnerKind.PJJ, "secretariat@pjj-fictive.example"),
    ("Réussite éducative (fictive)", PartnerKind.PRE, "coordination@pre-fictif.example"),
    ("Maison de quartier de l'Exemple", PartnerKind.YOUTH_SERVICE, "mdq@exemple.example"),
    ("Centre de santé Imaginaire", PartnerKind.HEALTH, "accueil@sante-imaginaire.example"),
    ("Bailleur Fictif-Habitat", PartnerKind.HOUSING, "gestion@fictif-habitat.example"),
    ("Chantier d'insertion Inventé", PartnerKind.EMPLOYMENT, "encadrant@aci-invente.example"),
    ("CLSPD (fictif)", PartnerKind.POLICE_JUSTICE, "coordination@clspd-fictif.example"),
    ("Club sportif Exemplaire", PartnerKind.ASSOCIATION, "contact@club-exemplaire.example"),
)

LISTENING = "Écoute et soutien éducatif"
# The responses that fit each default problem (labels of enums.DEFAULT_PROBLEMS/RESPONSES).
RESPONSES_FOR = {
    "Réussite scolaire et éducative": ("Médiation avec l'établissement scolaire", LISTENING),
    "Emploi et formation": (
        "Mise en relation emploi ou formation",
        "Orientation vers le droit commun",
    ),
    "Logement": ("Aide aux démarches administratives", "Orientation vers le droit commun"),
    "Santé": ("Accès aux soins", "Accompagnement physique vers un service"),
    "Famille / parentalité": ("Médiation familiale", LISTENING),
    "Loisirs et citoyenneté": ("Accès aux loisirs et à la culture",),
    "Justice et accès aux droits": ("Accompagnement physique vers un service", LISTENING),
    "Problèmes administratifs": (
        "Aide aux démarches administratives",
        "Accompagnement physique vers un service",
    ),
}


def _any(_age: int) -> bool:
    return True


# category -> (titles, days (min, max), known youths (min, max), counted participants
# (min, max), families (min, max), which ages take part)
C = CollectiveCategory
COLLECTIVE: dict[str, tuple[tuple[str, ...], tuple[int, int], tuple[int, int], tuple[int, int], tuple[int, int], Callable[[int], bool]]] = {
    C.PARENTING: (
        ("Café des parents", "Groupe de parole parents d'ados", "Sortie familles au parc"),
        (0, 150), (0, 2), (6, 20), (3, 12), lambda age: age <= 17,
    ),
    C.SOCIO_EDUCATIONAL: (
        ("Atelier boxe éducative", "Sorties culturelles du mercredi", "Atelier cuisine",
         "Tournoi de futsal inter-quartiers", "Atelier d'écriture rap"),
        (0, 180), (3, 12), (2, 15), (0, 0), lambda age: age <= 21,
    ),
    C.LEISURE_WORKSITE: (
        ("Chantier peinture du local contre une sortie", "Chantier nettoyage des berges contre un séjour"),
        (4, 10), (3, 8), (0, 2), (0, 0), lambda age: 13 <= age <= 17,
    ),
    C.PAID_WORKSITE: (
        ("Chantier rémunéré espaces verts", "Chantier rémunéré rénovation de cage d'escalier"),
        (4, 10), (3, 6), (0, 0), (0, 0), lambda age: age >= 16,
    ),
    C.STAY: (
        ("Séjour éducatif en montagne", "Séjour mer et voile", "Mini-camp vélo"),
        (2, 6), (4, 8), (0, 3), (0, 8), lambda age: 12 <= age <= 19,
    ),
    C.SCHOOL: (
        ("Permanence au collège de l'Exemple", "Prévention du harcèlement en 5e",
         "Usages des écrans en 4e"),
        (0, 120), (0, 5), (20, 60), (0, 0), lambda age: age <= 16,
    ),
    C.LOCAL_DEVELOPMENT: (
        ("Fête de quartier", "Jardin partagé", "Repas de quartier", "Diagnostic en marchant"),
        (0, 90), (0, 6), (20, 80), (5, 30), _any,
    ),
}  # fmt: skip
# Categories whose counted participants include children and adults (families, classes).
WITH_ADULTS = {C.PARENTING, C.LOCAL_DEVELOPMENT}
FUNDED = {
    C.PAID_WORKSITE: ("Contrat de ville (financement fictif)", (1500, 6000)),
    C.STAY: ("Participation des familles et subvention fictive", (800, 4000)),
    C.LEISURE_WORKSITE: ("Fonds d'initiative fictif", (300, 1200)),
}

PARTNERSHIP_TITLES = (
    "Réunion de synthèse avec la Mission locale Fictive",
    "Comité technique de quartier",
    "Point mensuel avec la MDS fictive du secteur",
    "Rencontre avec l'équipe du Collège de l'Exemple",
    "Cellule de veille éducative",
    "Préparation de la fête de quartier avec la Maison de quartier",
)

OBSERVATIONS = {
    ObservationTopic.URBAN_CHANGE: (
        "La démolition d'une barre a dispersé un groupe habituel vers le centre commercial.",
        "Les travaux de la place centrale privent les jeunes de leur lieu de rencontre.",
    ),
    ObservationTopic.STRENGTHS: (
        "Le tissu associatif du quartier est dense ; le lien avec les familles reste fragile.",
        "Les commerçants connaissent l'équipe et relaient ses permanences.",
    ),
    ObservationTopic.INFRASTRUCTURE: (
        "Aucun lieu couvert n'accueille les 16-20 ans le soir en hiver.",
        "Le city stade est fermé depuis trois mois faute de réparation.",
    ),
    ObservationTopic.GROUPS: (
        "Un groupe d'une dizaine de 14-16 ans se forme en fin d'après-midi près du gymnase.",
        "Des jeunes majeurs se retrouvent en soirée au pied des immeubles, sans activité.",
    ),
    ObservationTopic.GATHERINGS: (
        "Les regroupements se déplacent vers l'arrêt de bus depuis l'éclairage de la place.",
        "Présence accrue de jeunes en journée pendant les vacances scolaires.",
    ),
    ObservationTopic.MOVES: (
        "Plusieurs familles relogées dans le cadre de la rénovation urbaine.",
    ),
    ObservationTopic.GROUP_DYNAMICS: (
        "Tensions entre deux groupes de quartiers voisins autour du terrain de foot.",
        "Les plus âgés du groupe prennent un rôle protecteur envers les plus jeunes.",
    ),
    ObservationTopic.RISKS: (
        "Conduites à risque liées aux deux-roues signalées par plusieurs habitants.",
        "Décrochage scolaire visible : des collégiens présents dans la rue en journée.",
    ),
    ObservationTopic.NEEDS: (
        "Besoin d'un soutien aux démarches d'insertion pour les 18-21 ans sans qualification.",
        "Demande des parents d'un espace d'échange sur les usages des écrans.",
    ),
    ObservationTopic.DIAGNOSTIC: (
        "Mise à jour du repérage des ressources : nouvelle permanence de la Mission locale.",
        "Le centre social a réduit ses horaires d'ouverture en soirée.",
    ),
}


# ---------------------------------------------------------------- distributions
AGES = {11: 3, 12: 5, 13: 9, 14: 11, 15: 12, 16: 12, 17: 11, 18: 9, 19: 8, 20: 6, 21: 5, 22: 3}
AGES |= {23: 3, 24: 2, 25: 1}
GENDERS = {Gender.BOY: 60, Gender.GIRL: 38, Gender.UNSTATED: 2}
CONTACT_BANDS = {AgeBand.FROM_11: 25, AgeBand.FROM_15: 37, AgeBand.FROM_18: 27, AgeBand.FROM_22: 11}
ENTRY_MODES = {
    EntryMode.STREET_WORK: 40,
    EntryMode.SOCIAL_PRESENCE: 12,
    EntryMode.PARTNER: 20,
    EntryMode.YOUTH: 10,
    EntryMode.FAMILY: 8,
    EntryMode.COLLECTIVE_ACTION: 6,
    EntryMode.OTHER: 4,
}
EXIT_REASONS = {
    ExitReason.OBJECTIVES_MET: 30,
    ExitReason.HANDED_OVER: 25,
    ExitReason.LOST_CONTACT: 15,
    ExitReason.YOUTH_ENDED: 12,
    ExitReason.MOVED: 8,
    ExitReason.AGE_LIMIT: 5,
    ExitReason.OTHER: 5,
}
INTERVENTION_KINDS = {
    InterventionKind.INTERVIEW: 45,
    InterventionKind.ACCOMPANYING: 15,
    InterventionKind.ORIENTATION: 12,
    InterventionKind.FAMILY_MEETING: 10,
    InterventionKind.HOME_VISIT: 8,
    InterventionKind.HANDOVER: 4,
}
INTERVENTION_MINUTES = {
    InterventionKind.INTERVIEW: (30, 90),
    InterventionKind.ACCOMPANYING: (60, 240),
    InterventionKind.ORIENTATION: (15, 60),
    InterventionKind.FAMILY_MEETING: (45, 120),
    InterventionKind.HOME_VISIT: (45, 90),
    InterventionKind.HANDOVER: (30, 90),
}
WITH_PARTNER = {InterventionKind.ACCOMPANYING, InterventionKind.ORIENTATION}
WITH_PARTNER.add(InterventionKind.HANDOVER)

# Problem weights by age (DEFAULT_PROBLEMS order: school, employment, housing, health, family,
# leisure, justice, administrative): school before 16, employment after, both most frequent.
PROBLEMS_BY_AGE = (
    (15, (40, 8, 2, 7, 14, 12, 8, 2)),
    (17, (30, 22, 3, 8, 11, 9, 10, 5)),
    (99, (6, 40, 14, 9, 6, 5, 8, 14)),
)
# (age up to, {situation: weight}, {qualification: weight})
SITUATIONS_BY_AGE = (
    (
        15,
        {"school": 88, "training": 2, "neet": 5, "unknown": 5},
        {"unknown": 75, "unqualified": 25},
    ),
    (
        17,
        {"school": 58, "training": 15, "insertion": 5, "neet": 16, "unknown": 6},
        {"unqualified": 55, "qualified": 15, "unknown": 30},
    ),
    (
        21,
        {"school": 14, "training": 20, "insertion": 15, "employment": 17, "neet": 29, "unknown": 5},
        {"qualified": 40, "unqualified": 50, "unknown": 10},
    ),
    (
        99,
        {"training": 8, "insertion": 17, "employment": 33, "neet": 37, "unknown": 5},
        {"qualified": 45, "unqualified": 48, "unknown": 7},
    ),
)
COLLECTIVE_CATEGORIES = {
    CollectiveCategory.SOCIO_EDUCATIONAL: 30,
    CollectiveCategory.LEISURE_WORKSITE: 15,
    CollectiveCategory.SCHOOL: 15,
    CollectiveCategory.PARENTING: 12,
    CollectiveCategory.LOCAL_DEVELOPMENT: 12,
    CollectiveCategory.PAID_WORKSITE: 8,
    CollectiveCategory.STAY: 8,
}
TIME_WEIGHTS = {
    TimeCategory.INDIVIDUAL: 30,
    TimeCategory.COLLECTIVE: 14,
    TimeCategory.ADMINISTRATIVE: 14,
    TimeCategory.INSTITUTIONAL_MEETING: 10,
    TimeCategory.EXTERNAL_MEETING: 8,
    TimeCategory.TRAINING: 3,
    TimeCategory.OTHER: 2,
}


class GenerationError(ValueError):
    """The request cannot be met; the message is French and says why."""


# ---------------------------------------------------------------- helpers
def pick(rng: random.Random, weights: dict[T, float] | dict[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def distinct(
    rng: random.Random, population: Sequence[T], weights: Sequence[float], k: int
) -> list[T]:
    chosen: list[T] = []
    pool, w = list(population), list(weights)
    for _ in range(min(k, len(pool))):
        index = rng.choices(range(len(pool)), weights=w)[0]
        chosen.append(pool.pop(index))
        w.pop(index)
    return chosen


def day(rng: random.Random, low: date, high: date) -> date:
    return low + timedelta(days=rng.randint(0, max((high - low).days, 0)))


def lognormal_days(rng: random.Random, median: float, sigma: float, low: int, high: int) -> int:
    return int(min(max(rng.lognormvariate(math.log(median), sigma), low), high))


def quarters(minutes: int) -> Decimal:
    return Decimal(round(minutes / 15)) / 4


def allocate(total: int, weights: Sequence[float], low: int, high: int) -> list[int]:
    """Split ``total`` into ``len(weights)`` integers in [low, high], roughly proportional to
    the weights, summing exactly to ``total``."""
    n = len(weights)
    if not low * n <= total <= high * n:
        raise GenerationError(
            f"Impossible de répartir {total} entre {n} éléments de {low} à {high}."
        )
    counts = [low] * n
    left = total - low * n
    while left:
        free = [i for i in range(n) if counts[i] < high]
        weight = sum(weights[i] for i in free)
        given = 0
        for i in free:
            share = min(int(left * weights[i] / weight), high - counts[i], left - given)
            counts[i] += share
            given += share
        if not given:  # rounding left a few: one each, heaviest first
            for i in sorted(free, key=lambda i: -weights[i])[:left]:
                counts[i] += 1
                given += 1
        left -= given
    return counts
