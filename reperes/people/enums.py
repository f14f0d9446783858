from django.db import models


class StaffCategory(models.TextChoices):
    """The staffing table's categories: seed 000 art. 5 (directeur, administratif, éducateurs
    spécialisés), seed 001 art. 2 (direction, travailleurs sociaux, administratif, autres) and
    its « Composition des équipes » (chef de service, agent d'entretien)."""

    DIRECTION = "direction", "Direction, chef de service"
    SOCIAL_WORKER = "social_worker", "Travailleurs sociaux (éducateurs, animateurs)"
    ADMINISTRATIVE = "administrative", "Administratif"
    MAINTENANCE = "maintenance", "Agent d'entretien"
    OTHER = "other", "Autres"


class ChangeRequestKind(models.TextChoices):
    """What needs the Président's prior written approval (seed 001 art. 8.2)."""

    STAFFING_CHANGE = "staffing_change", "Modification du tableau des effectifs"
    INVESTMENT = "investment", "Projet d'investissement"
    LOAN = "loan", "Projet d'emprunt"


class ChangeRequestStatus(models.TextChoices):
    PENDING = "pending", "En attente de décision"
    APPROVED = "approved", "Accord écrit donné"
    REFUSED = "refused", "Refusée"


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
