from django.db import models

# The staffing table's categories and the documents a service owes are words the conventions'
# clauses speak in (``conventions.catalogue``): they live in ``reperes.conventions.enums``.
from reperes.conventions.enums import DocumentKind as DocumentKind
from reperes.conventions.enums import StaffCategory as StaffCategory


class ChangeRequestKind(models.TextChoices):
    """What needs the Président's prior written approval (seed 001 art. 8.2)."""

    STAFFING_CHANGE = "staffing_change", "Modification du tableau des effectifs"
    INVESTMENT = "investment", "Projet d'investissement"
    LOAN = "loan", "Projet d'emprunt"


class ChangeRequestStatus(models.TextChoices):
    PENDING = "pending", "En attente de décision"
    APPROVED = "approved", "Accord écrit donné"
    REFUSED = "refused", "Refusée"
