from django.db import models


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "À engager"
    ONGOING = "ongoing", "En cours"
    DONE = "done", "Réalisée"
    DROPPED = "dropped", "Abandonnée"
