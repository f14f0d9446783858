"""The closed lists of field work. Labels are the seeds' words (seed 000 annexes 1 and 2,
seed 001 référentiel and activity tables, seed 004 articles 2 and 10)."""

from __future__ import annotations

from django.db import models


class Gender(models.TextChoices):
    GIRL = "f", "Fille"
    BOY = "m", "Garçon"
    UNSTATED = "x", "Non précisé"


class AgeBand(models.TextChoices):
    """Age bands of the reports; a youth with a known birth year falls in one on any date."""

    UNDER_11 = "0-10", "Moins de 11 ans"
    FROM_11 = "11-14", "11 – 14 ans"
    FROM_15 = "15-17", "15 – 17 ans"
    FROM_18 = "18-21", "18 – 21 ans"
    FROM_22 = "22-25", "22 – 25 ans"
    OVER_25 = "26+", "26 ans et plus"
    UNKNOWN = "?", "Âge inconnu"


def age_band_for(age: int | None) -> str:
    if age is None:
        return AgeBand.UNKNOWN
    for band in (
        AgeBand.UNDER_11,
        AgeBand.FROM_11,
        AgeBand.FROM_15,
        AgeBand.FROM_18,
        AgeBand.FROM_22,
    ):
        low, high = (int(x) for x in band.value.split("-"))
        if low <= age <= high:
            return band
    return AgeBand.OVER_25 if age > 25 else AgeBand.UNKNOWN


class Situation(models.TextChoices):
    """Seed 004 art. 10: « en scolarité, en formation, en insertion, en emploi »; NEET for
    the others (not in employment, education or training)."""

    SCHOOL = "school", "En scolarité"
    TRAINING = "training", "En formation"
    INSERTION = "insertion", "En insertion"
    EMPLOYMENT = "employment", "En emploi"
    NEET = "neet", "Sans emploi ni formation (NEET)"
    UNKNOWN = "unknown", "Non connue"


class Qualification(models.TextChoices):
    """Seed 004 art. 10: « diplômés, sans qualification »."""

    QUALIFIED = "qualified", "Diplômé"
    UNQUALIFIED = "unqualified", "Sans qualification"
    UNKNOWN = "unknown", "Non connue"


class SessionKind(models.TextChoices):
    STREET_WORK = "street_work", "Travail de rue"
    SOCIAL_PRESENCE = "social_presence", "Présence sociale"


class EntryMode(models.TextChoices):
    """Seed 000 annex 1 « mode d'entrée en contact »."""

    STREET_WORK = "street_work", "Travail de rue"
    SOCIAL_PRESENCE = "social_presence", "Présence sociale"
    PARTNER = "partner", "Orientation par un partenaire"
    FAMILY = "family", "La famille"
    YOUTH = "youth", "Le jeune lui-même"
    COLLECTIVE_ACTION = "collective_action", "Action collective"
    OTHER = "other", "Autre"


class InterventionKind(models.TextChoices):
    INTERVIEW = "interview", "Entretien"
    HOME_VISIT = "home_visit", "Visite à domicile"
    ACCOMPANYING = "accompanying", "Accompagnement physique"
    ORIENTATION = "orientation", "Orientation"
    HANDOVER = "handover", "Passage de relais au droit commun"
    FAMILY_MEETING = "family_meeting", "Rencontre avec la famille"


class Intensity(models.TextChoices):
    """Seed 004 art. 10: « le nombre de jeunes en suivis individuels avec lesquels une action a
    été réalisée et son intensité »."""

    OCCASIONAL = "occasional", "Ponctuel"
    REGULAR = "regular", "Régulier"
    INTENSIVE = "intensive", "Soutenu"


class ExitReason(models.TextChoices):
    OBJECTIVES_MET = "objectives_met", "Objectifs atteints"
    HANDED_OVER = "handed_over", "Relais pris par le droit commun"
    YOUTH_ENDED = "youth_ended", "Fin à l'initiative du jeune"
    MOVED = "moved", "Déménagement"
    LOST_CONTACT = "lost_contact", "Perte de contact"
    AGE_LIMIT = "age_limit", "Limite d'âge"
    OTHER = "other", "Autre"


class ChoiceKind(models.TextChoices):
    PROBLEM = "problem", "Problématique"
    RESPONSE = "response", "Réponse apportée"


# Seed 004 art. 2: the eight domains of « Accompagner les jeunes en rupture dans leurs projets
# d'insertion sociale ». The default list of problems for every convention.
DEFAULT_PROBLEMS = (
    "Réussite scolaire et éducative",
    "Emploi et formation",
    "Logement",
    "Santé",
    "Famille / parentalité",
    "Loisirs et citoyenneté",
    "Justice et accès aux droits",
    "Problèmes administratifs",
)
# The responses named by seed 001's référentiel (« Accompagnement individualisé », « Une dynamique
# de relais, droit commun ») and seed 004 art. 2.
DEFAULT_RESPONSES = (
    "Écoute et soutien éducatif",
    "Aide aux démarches administratives",
    "Accompagnement physique vers un service",
    "Orientation vers le droit commun",
    "Médiation avec l'établissement scolaire",
    "Médiation familiale",
    "Mise en relation emploi ou formation",
    "Accès aux soins",
    "Accès aux loisirs et à la culture",
)


class CollectiveCategory(models.TextChoices):
    """Seed 000 annex 1, « Action éducative » and « Action sur le milieu »."""

    PARENTING = "parenting", "Appui à la fonction parentale"
    SOCIO_EDUCATIONAL = "socio_educational", "Activités socio-éducatives"
    LEISURE_WORKSITE = "leisure_worksite", "Chantier contrepartie loisirs"
    PAID_WORKSITE = "paid_worksite", "Chantier rémunéré"
    STAY = "stay", "Séjour éducatif"
    SCHOOL = "school", "Intervention dans les collèges"
    LOCAL_DEVELOPMENT = "local_development", "Développement social local"


class TimeCategory(models.TextChoices):
    """Seed 000 annex 1: the eight items of the team's activity, in percent of working time."""

    SOCIAL_PRESENCE = "social_presence", "Présence sociale"
    INDIVIDUAL = "individual", "Accompagnement individuel"
    COLLECTIVE = "collective", "Action collective"
    INSTITUTIONAL_MEETING = "institutional_meeting", "Réunion institutionnelle"
    EXTERNAL_MEETING = "external_meeting", "Réunion extérieure"
    ADMINISTRATIVE = "administrative", "Travail administratif"
    TRAINING = "training", "Formation"
    OTHER = "other", "Autre"


class PasDeCalaisColumn(models.TextChoices):
    """Seed 001 « Répartition de l'activité par SPS »: the hours table's columns."""

    STREET_WORK = "street_work", "Travail de rue"
    INDIVIDUAL = "individual", "Accompagnements individuels"
    COLLECTIVE = "collective", "Actions collectives"
    TRAINING_LEAVE = "training_leave", "Formations, congés, congés maladie"
    WRITING = "writing", "Écrits professionnels"
    PARTNERSHIP = "partnership", "Actions partenariales et réunions diverses"
    PREPARATION = "preparation", "Temps préparation activités"


# How the eight items of seed 000 fall into seed 001's columns. « Autre » has no column of its
# own; the Pas-de-Calais counts leave and sickness with training, so « Autre » goes there.
PAS_DE_CALAIS_COLUMN = {
    TimeCategory.SOCIAL_PRESENCE: PasDeCalaisColumn.STREET_WORK,
    TimeCategory.INDIVIDUAL: PasDeCalaisColumn.INDIVIDUAL,
    TimeCategory.COLLECTIVE: PasDeCalaisColumn.COLLECTIVE,
    TimeCategory.INSTITUTIONAL_MEETING: PasDeCalaisColumn.PARTNERSHIP,
    TimeCategory.EXTERNAL_MEETING: PasDeCalaisColumn.PARTNERSHIP,
    TimeCategory.ADMINISTRATIVE: PasDeCalaisColumn.WRITING,
    TimeCategory.TRAINING: PasDeCalaisColumn.TRAINING_LEAVE,
    TimeCategory.OTHER: PasDeCalaisColumn.TRAINING_LEAVE,
}


class PartnerKind(models.TextChoices):
    SCHOOL = "school", "Établissement scolaire (collège, lycée)"
    MDS = "mds", "Maison départementale des solidarités"
    MISSION_LOCALE = "mission_locale", "Mission locale"
    PJJ = "pjj", "Protection judiciaire de la jeunesse"
    PRE = "pre", "Programme de réussite éducative"
    YOUTH_SERVICE = "youth_service", "Service jeunesse, maison de quartier"
    HEALTH = "health", "Santé"
    HOUSING = "housing", "Logement"
    EMPLOYMENT = "employment", "Emploi, insertion"
    POLICE_JUSTICE = "police_justice", "Police, justice, CLSPD"
    ASSOCIATION = "association", "Association"
    OTHER = "other", "Autre"


class ObservationTopic(models.TextChoices):
    """Seed 001 référentiel « Observation »."""

    URBAN_CHANGE = "urban_change", "Évolution de l'urbanisme"
    STRENGTHS = "strengths", "Forces et faiblesses du territoire"
    INFRASTRUCTURE = "infrastructure", "Manque d'infrastructures"
    GROUPS = "groups", "Groupes de jeunes"
    GATHERINGS = "gatherings", "Habitudes de regroupement"
    MOVES = "moves", "Déménagements, emménagements"
    GROUP_DYNAMICS = "group_dynamics", "Fonctionnement des groupes"
    RISKS = "risks", "Comportements déviants, mises en danger"
    NEEDS = "needs", "Besoins éducatifs"
    DIAGNOSTIC = "diagnostic", "Diagnostic (ressources, partenaires présents)"


# What an access-log entry was about (``AccessLogEntry.record``), as the youth page and the
# export of a rights request name it.
ACCESS_RECORDS = {
    "youth": "Fiche du jeune",
    "accompaniment": "Accompagnement",
    "intervention": "Intervention",
    "collective_action": "Action collective",
    "export": "Export des données (demande d'accès)",
    "rights_request": "Demande d'exercice des droits",
    "restitution": "Restitution en fin de convention",
}


class AccessAction(models.TextChoices):
    VIEW = "view", "Consultation"
    VIEW_IDENTITY = "view_identity", "Consultation de l'identité"
    CREATE = "create", "Création"
    CHANGE = "change", "Modification"
    CHANGE_IDENTITY = "change_identity", "Modification de l'identité"
    ERASE_IDENTITY = "erase_identity", "Effacement de l'identité"
    SEARCH = "search", "Recherche par identité"
    IMPORT = "import", "Import"
