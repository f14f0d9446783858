from django.db import models
from django.db.models import TextChoices


class ConventionKind(models.TextChoices):
    PREVENTION = "prevention", "Prévention spécialisée"
    REUSSITE_EDUCATIVE = "reussite_educative", "Programme de réussite éducative"
    GLOBAL_PROTOCOL = "protocole_global", "Protocole partenarial global"
    OTHER = "autre", "Autre partenariat"


class PartyRole(models.TextChoices):
    PILOT = "pilot", "Pilote et financeur"
    OPERATOR = "operator", "Opérateur"
    CO_FUNDER = "co_funder", "Co-financeur"
    BENEFICIARY = "beneficiary", "Bénéficiaire"
    PARTNER = "partner", "Partenaire"


class PeriodKindChoices(models.TextChoices):
    FIXED = "fixed", "Dates fixes"
    TERM = "term", "Durée à compter du début ou de la signature"
    TACIT_RENEWAL = "tacit_renewal", "Un an renouvelable par tacite reconduction"


class DelayUnit(models.TextChoices):
    DAYS = "days", "jours"
    MONTHS = "months", "mois"
    YEARS = "years", "ans"


class EventKindChoices(models.TextChoices):
    WITHDRAWAL = "withdrawal", "Dénonciation"
    FORMAL_NOTICE = "formal_notice", "Mise en demeure"
    TERMINATION = "termination", "Résiliation"
    FOLLOWED_END = "followed_end", "Fin de la convention dont elle suit le sort"


class OperatorDecision(TextChoices):
    """The operator's consent: a convention grants nothing on the service's data until its
    operator has accepted it (BRIEF « Who may do what »)."""

    PENDING = "pending", "En attente de l'accord de l'opérateur"
    ACCEPTED = "accepted", "Acceptée par l'opérateur"
    REFUSED = "refused", "Refusée par l'opérateur"


class AmendmentStatus(TextChoices):
    """An avenant that lowers the statistical secrecy waits for the operator's agreement."""

    IN_EFFECT = "in_effect", "Appliqué"
    PENDING = "pending", "En attente de l'accord de l'opérateur"
    REFUSED = "refused", "Refusé par l'opérateur"


class StaffCategory(models.TextChoices):
    """The staffing table's categories: seed 000 art. 5 (directeur, administratif, éducateurs
    spécialisés), seed 001 art. 2 (direction, travailleurs sociaux, administratif, autres) and
    its « Composition des équipes » (chef de service, agent d'entretien)."""

    DIRECTION = "direction", "Direction, chef de service"
    SOCIAL_WORKER = "social_worker", "Travailleurs sociaux (éducateurs, animateurs)"
    ADMINISTRATIVE = "administrative", "Administratif"
    MAINTENANCE = "maintenance", "Agent d'entretien"
    OTHER = "other", "Autres"


class DocumentKind(models.TextChoices):
    BUDGET_FORECAST = "budget_forecast", "Budget prévisionnel"
    YEAR_END_ACCOUNTS = "year_end_accounts", "Compte administratif"
    CERTIFIED_STATEMENTS = (
        "certified_statements",
        "Comptes certifiés par le commissaire aux comptes",
    )
    STAFF_STATEMENT = "staff_statement", "État des effectifs"
    FINANCIAL_REPORT = "financial_report", "Compte rendu financier"
    DIAGNOSTIC = "diagnostic", "Diagnostic territorial actualisé"
    OTHER = "other", "Autre document"


class ScheduleKind(models.TextChoices):
    MONTHLY = "monthly", "Dotation mensuelle"
    CALL_FOR_FUNDS = "call_for_funds", "Versement unique sur appel de fonds"
    ADVANCE_BALANCE = "advance_balance", "Avance puis solde proratisé"
    PERIODIC = "periodic", "Versements périodiques à parts égales"


class PeriodMonths(models.IntegerChoices):
    """How often a periodic schedule pays: its instalments split the year in equal parts."""

    MONTH = 1, "Chaque mois"
    QUARTER = 3, "Chaque trimestre"
    SEMESTER = 6, "Chaque semestre"
    YEAR = 12, "Une fois par an"


class BodyKind(models.TextChoices):
    COMITE_PILOTAGE = "comite_pilotage", "Comité de pilotage"
    CONSEIL_PEDAGOGIQUE = "conseil_pedagogique", "Conseil pédagogique"
    COMITE_TECHNIQUE = "comite_technique", "Comité technique"
    COMITE_SUIVI_LOCAL = "comite_suivi_local", "Comité de suivi local"
    COMITE_FINANCEURS = "comite_financeurs", "Comité des financeurs"
    COMMISSION_DEPARTEMENTALE = "commission_departementale", "Commission départementale"
    RENCONTRE_MDS_SPS = "rencontre_mds_sps", "Rencontre MDS / SPS"
    OTHER = "other", "Autre instance"
