from django.db import models


class ObligationKind(models.TextChoices):
    ACTIVITY_REPORT = "activity_report", "Rapport d'activité"
    ACCOUNTS = "accounts", "Comptes de l'exercice (compte administratif, comptes certifiés)"
    BUDGET = "budget", "Budget prévisionnel"
    STAFF_STATEMENT = "staff_statement", "État des effectifs"
    FINANCIAL_REPORT = "financial_report", "Compte rendu financier"
    ANNUAL_REVIEW = "annual_review", "Bilan annuel"
    EXTERNAL_EVALUATION = "external_evaluation", "Évaluation externe"
    DIAGNOSTIC = "diagnostic", "Actualisation du diagnostic territorial"
    WITHDRAWAL_DEADLINE = "withdrawal_deadline", "Dernier jour pour dénoncer avant la reconduction"
    MEETING = "meeting", "Réunion d'instance due"
    PAYMENT = "payment", "Versement dû"
    OTHER = "other", "Autre obligation"


class ObligationStatus(models.TextChoices):
    UPCOMING = "upcoming", "À venir"
    DUE = "due", "À faire bientôt"
    OVERDUE = "overdue", "En retard"
    DONE = "done", "Fait"
