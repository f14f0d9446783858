"""Hours of the staff, per day and per item of the eight of seed 000 annex 1."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from reperes.core.constraints import check
from reperes.core.fields import Link
from reperes.fieldwork.enums import TimeCategory
from reperes.fieldwork.records import StaffChildQuerySet
from reperes.fieldwork.street.models import StreetSession
from reperes.fieldwork.youths.models import Intervention


# ---------------------------------------------------------------- time
class TimeEntry(models.Model):
    """Hours of one staff member on one day in one of the eight items (seed 000 annex 1)."""

    staff = Link("people.StaffMember", related_name="time_entries")
    day = models.DateField("jour")
    category = models.CharField("activité", max_length=25, choices=TimeCategory.choices)
    hours = models.DecimalField("heures", max_digits=4, decimal_places=2)
    # Record once: the time a street session or a dated intervention already says, filled in
    # for each educator it names (actions_street.sync_session_time, actions_youths). Without a
    # source, the entry is what the educator typed in the grid on top of those.
    street_session = Link(
        StreetSession,
        "séance",
        related_name="time_entries",
        on_delete=models.CASCADE,
        null=True,
    )
    intervention = Link(
        Intervention,
        "intervention",
        related_name="time_entries",
        on_delete=models.CASCADE,
        null=True,
    )

    objects = StaffChildQuerySet.as_manager()

    class Meta:
        verbose_name = "temps saisi"
        verbose_name_plural = "temps saisis"
        ordering = ["day", "category"]
        # The hours of the staff of the services asked for over the period only, from the
        # index alone: the unique (staff, day, category) is partial (typed entries only), so
        # without this index the sum read every year of each staff member's entries, or every
        # service's entries by a scan (issue 12, docs/benchmarks.md).
        indexes = [
            models.Index(
                fields=["staff", "day"], include=["category", "hours"], name="time_entry_staff_day"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "day", "category"],
                condition=Q(street_session__isnull=True, intervention__isnull=True),
                name="one_time_entry_per_item",
            ),
            models.UniqueConstraint(
                fields=["staff", "street_session"],
                condition=Q(street_session__isnull=False),
                name="one_time_entry_per_session",
            ),
            models.UniqueConstraint(
                fields=["staff", "intervention"],
                condition=Q(intervention__isnull=False),
                name="one_time_entry_per_intervention",
            ),
            models.CheckConstraint(
                condition=Q(street_session__isnull=True) | Q(intervention__isnull=True),
                name="time_entry_one_source",
            ),
            check(
                "time_entry_hours_in_a_day",
                Q(hours__gt=0) & Q(hours__lte=24),
                "Un temps saisi est compris entre 0 et 24 heures.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_category_display()} {self.hours} h"
