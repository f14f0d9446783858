"""Collective actions: known youths by pseudonym, other participants counted, never named."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from reperes.core.constraints import check
from reperes.core.fields import Link
from reperes.core.locking import Versioned
from reperes.fieldwork.enums import CollectiveCategory
from reperes.fieldwork.records import AnonymousCount, CollectiveChildQuerySet, ServiceRecordQuerySet
from reperes.fieldwork.youths.models import Youth
from reperes.partners.models import Service


# ---------------------------------------------------------------- collective actions
class CollectiveAction(Versioned):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = Link(Service, related_name="collective_actions")
    title = models.CharField("intitulé", max_length=200)
    category = models.CharField("catégorie", max_length=20, choices=CollectiveCategory.choices)
    started_on = models.DateField("début")
    ended_on = models.DateField("fin", null=True, blank=True)
    participants = models.ManyToManyField(
        Youth, blank=True, related_name="collective_actions", verbose_name="jeunes connus"
    )
    families_count = models.PositiveIntegerField("familles concernées", default=0)
    partners = models.ManyToManyField(
        "fieldwork.Partner",
        blank=True,
        related_name="collective_actions",
        verbose_name="partenaires",
    )
    funding = models.CharField("financement", max_length=300, blank=True)
    amount = models.DecimalField("montant", max_digits=10, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField("saisie", auto_now_add=True)

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "action collective"
        verbose_name_plural = "actions collectives"
        ordering = ["-started_on", "-pk"]
        constraints = [
            check(
                "collective_action_ends_after_start",
                Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                "La fin d'une action ne peut précéder son début.",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ParticipantCount(AnonymousCount):
    """Participants who are not recorded youths, counted by gender, age band and quartier."""

    action = Link(CollectiveAction, related_name="anonymous_participants", on_delete=models.CASCADE)

    objects = CollectiveChildQuerySet.as_manager()

    class Meta:
        verbose_name = "participants comptés"
        verbose_name_plural = "participants comptés"
