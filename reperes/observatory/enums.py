"""Vocabulary of the shared observatory (seed 003, fiche « Observatoire de données sociales »)."""

from django.db import models


class ZoneLevel(models.TextChoices):
    COMMUNE = "commune", "Commune"
    QPV = "qpv", "Quartier prioritaire"
    VEILLE = "veille", "Quartier de veille"
    IRIS = "iris", "IRIS"


class ValueKind(models.TextChoices):
    """A count of people is protected as such (threshold on the cell, merge of small zones);
    a rate or an average is withheld when its count (« effectif ») is under the threshold."""

    COUNT = "effectif", "Effectif (nombre de personnes)"
    RATE = "taux", "Taux, part ou moyenne"
