"""Choices of the reporting app (aggregate submissions, issue 5)."""

from django.db import models


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SENT = "sent", "Envoyée au financeur"
    RETURNED = "returned", "Renvoyée au service"
    VALIDATED = "validated", "Validée"


class SubmissionEventKind(models.TextChoices):
    SENT = "sent", "Envoi"
    RETURNED = "returned", "Renvoi au service"
    VALIDATED = "validated", "Validation"
    UNLOCKED = "unlocked", "Déverrouillage"


# What the service may still change, and what the funder has to decide on.
EDITABLE_STATUSES = frozenset({SubmissionStatus.DRAFT, SubmissionStatus.RETURNED})
SEEN_BY_FUNDERS = frozenset(
    {SubmissionStatus.SENT, SubmissionStatus.RETURNED, SubmissionStatus.VALIDATED}
)
