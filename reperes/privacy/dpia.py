"""The DPIA (analyse d'impact, AIPD) pre-filled from the register and the measures in place.

A DPIA is mandatory here: the CNIL's list of processing requiring one (délibération 2018-327)
names the processing of data on vulnerable persons for social purposes, and prevention work
with minors is one. The DPO completes and dates it; what Repères can state from its own code
and settings, it states: the data (``register``), the purposes, recipients and retentions, and
the security measures as they are configured on this platform (nothing assumed: a measure that
is off says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction

from reperes.core.models import audit

from . import register
from .models import DpiaCompletion


@dataclass(frozen=True)
class Measure:
    title: str
    state: str  # what this platform does, read from its settings
    source: str  # where it is in the code
    active: bool = True


def _minutes(delta_seconds: float) -> str:
    minutes = int(delta_seconds // 60)
    if minutes % 60 == 0 and minutes >= 60:
        return f"{minutes // 60} h"
    return f"{minutes} min"


def measures_in_place() -> list[Measure]:
    reg = register.build()
    encrypted = register.encrypted_fields()
    blind = [e.label for e in reg.originals if register.BLIND_INDEX in e.measures]
    logged = [e.label for e in reg.originals if register.ACCESS_LOGGED in e.measures]
    keys = len(getattr(settings, "REPERES_FIELD_KEYS", []) or [])
    required = bool(getattr(settings, "REPERES_REQUIRE_SECOND_FACTOR", False))
    threshold = settings.REPERES_SECRECY_FLOOR_THRESHOLD
    zone = settings.REPERES_SECRECY_FLOOR_ZONE
    absolute = getattr(settings, "SESSION_ABSOLUTE_LIFETIME", None)
    axes = "axes" in settings.INSTALLED_APPS
    return [
        Measure(
            "Chiffrement des données d'identité",
            f"{len(encrypted)} champs chiffrés ({', '.join(encrypted)}) ; "
            f"{keys} clé(s) configurée(s), conservées hors de la base ; rotation par "
            "« manage.py rotate_field_keys ».",
            register.MEASURE_SOURCES[register.ENCRYPTED],
            active=bool(encrypted) and keys > 0,
        ),
        Measure(
            "Index aveugle pour la recherche",
            f"{len(blind)} empreintes (HMAC-SHA256, clé propre, portée limitée au service) : "
            "un nom se cherche sans être stocké en clair ni comparable d'un service à l'autre.",
            register.MEASURE_SOURCES[register.BLIND_INDEX],
            active=bool(blind) and bool(settings.REPERES_BLIND_INDEX_KEY),
        ),
        Measure(
            "Journal des accès",
            f"Chaque lecture d'une fiche jeune est inscrite (qui, quand, quels champs) : "
            f"{len(logged)} champs déclarés journalisés.",
            register.MEASURE_SOURCES[register.ACCESS_LOGGED],
            active=bool(logged),
        ),
        Measure(
            "Second facteur d'authentification",
            "Obligatoire pour les comptes qui voient des identités."
            if required
            else "Proposé aux comptes qui voient des identités, pas encore obligatoire sur "
            "cette plateforme (REPERES_REQUIRE_SECOND_FACTOR).",
            "django_otp, reperes.accounts.second_factor",
            active=required,
        ),
        Measure(
            "Verrouillage après échecs de connexion",
            f"Après {settings.AXES_FAILURE_LIMIT} échecs, par identifiant et adresse IP, pendant "
            f"{_minutes(settings.AXES_COOLOFF_TIME.total_seconds())}."
            if axes
            else "Absent : django-axes n'est pas installé.",
            "django-axes (AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME)",
            active=axes,
        ),
        Measure(
            "Sessions courtes",
            f"Fermée après {_minutes(settings.SESSION_COOKIE_AGE)} d'inactivité"
            + (f", au plus {_minutes(absolute.total_seconds())}" if absolute else "")
            + ("" if not settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else ", et à la fermeture")
            + ".",
            "SESSION_COOKIE_AGE, SESSION_ABSOLUTE_LIFETIME",
        ),
        Measure(
            "Cloisonnement par service",
            "Les fiches ne sont lisibles que par le personnel du service qui les tient ; le "
            "délégué à la protection des données et l'administration lisent les registres et "
            "journaux, jamais les fiches.",
            register.MEASURE_SOURCES[register.SERVICE_ONLY],
        ),
        Measure(
            "Secret statistique et publications figées",
            f"Les financeurs ne reçoivent que des publications : chiffres agrégés, figés et "
            f"versionnés, sans case sous {threshold} ni zone sous {zone} personnes (plancher "
            "de la plateforme, qu'aucune convention n'abaisse).",
            register.MEASURE_SOURCES[register.NEVER_TO_FUNDERS],
        ),
        Measure(
            "Jetons d'API limités dans le temps",
            f"Conservés sous forme d'empreinte, valables {settings.REPERES_API_TOKEN_DAYS} jours, "
            "révoqués au changement de mot de passe.",
            "reperes.accounts.tokens",
        ),
        Measure(
            "Traçabilité des modifications",
            "Journal d'audit des actions et historique des versions des conventions et "
            "financements.",
            register.MEASURE_SOURCES[register.AUDITED],
        ),
    ]


# The risks of the CNIL's method (PIA, « les risques »): the DPO assesses each one.
RISKS = (
    (
        "Accès illégitime à des données",
        "Une personne non habilitée lit la fiche ou l'identité d'un jeune.",
    ),
    (
        "Modification non désirée de données",
        "Une fiche, un accompagnement ou un journal est altéré.",
    ),
    (
        "Disparition de données",
        "Des fiches sont perdues avant la fin de leur durée de conservation.",
    ),
)


# ------------------------------------------------------------------ completion
# What the code cannot state and the DPO answers (the dotted boxes of the document), by key.
CONTEXT_QUESTIONS = (
    ("controller", "Responsable de traitement"),
    ("dpo", "Délégué à la protection des données"),
)
PRINCIPLE_QUESTIONS = (
    ("accuracy", "Procédure de mise à jour et de vérification des durées"),
    ("information", "Information des jeunes et des familles, exercice de leurs droits"),
    ("processors", "Hébergeur et contrat de sous-traitance"),
)
VALIDATION_QUESTIONS = (
    ("opinion", "Avis du délégué"),
    ("decision", "Décision du responsable de traitement"),
)
# The CNIL's scale for the gravity and the likelihood of a risk (méthode PIA).
LEVELS = (
    ("1", "Négligeable"),
    ("2", "Limitée"),
    ("3", "Importante"),
    ("4", "Maximale"),
)
LEVEL_LABELS = dict(LEVELS)


def risk_keys(index: int) -> tuple[str, str, str]:
    return (f"risk{index}_gravity", f"risk{index}_likelihood", f"risk{index}_measures")


def answer_keys() -> list[str]:
    keys = [k for k, _ in (*CONTEXT_QUESTIONS, *PRINCIPLE_QUESTIONS, *VALIDATION_QUESTIONS)]
    for index in range(len(RISKS)):
        keys.extend(risk_keys(index))
    return keys


@dataclass(frozen=True)
class RiskAnswer:
    title: str
    example: str
    gravity: str
    likelihood: str
    measures: str


def risk_answers(answers: dict[str, str]) -> list[RiskAnswer]:
    """The risks with the DPO's assessment (empty strings where not assessed yet)."""
    rows = []
    for index, (title, example) in enumerate(RISKS):
        gravity, likelihood, measures = (answers.get(k, "") for k in risk_keys(index))
        rows.append(
            RiskAnswer(
                title,
                example,
                LEVEL_LABELS.get(gravity, ""),
                LEVEL_LABELS.get(likelihood, ""),
                measures,
            )
        )
    return rows


@transaction.atomic
def complete(
    actor: Any, controller: Any, answers: dict[str, str], completed_on: date
) -> DpiaCompletion:
    """The DPO completes and dates the controller's DPIA; each completion is kept (the latest
    pre-fills the next), with its audit entry."""
    completion = DpiaCompletion.objects.create(
        controller=controller, answers=answers, completed_on=completed_on, completed_by=actor
    )
    audit(
        actor,
        "privacy.dpia.complete",
        completion,
        f"Analyse d'impact complétée, datée du {completion.completed_on:%d/%m/%Y}",
    )
    return completion
