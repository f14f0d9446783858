"""core.constraints.year_range: the same year check in every app that records a year."""

from django.db import models
from django.db.models import Q

from reperes.core.constraints import year_range


def test_year_range_is_the_check_written_out():
    assert year_range("submission") == models.CheckConstraint(
        condition=Q(year__gte=2000) & Q(year__lte=2100),
        name="submission_year_range",
        violation_error_message="L'année doit être comprise entre 2000 et 2100.",
    )


def test_year_range_of_another_field_with_other_bounds_and_empty_allowed():
    assert year_range("sheet", "since", nullable=True, first=1990) == models.CheckConstraint(
        condition=(Q(since__gte=1990) & Q(since__lte=2100)) | Q(since__isnull=True),
        name="sheet_since_range",
        violation_error_message="L'année doit être comprise entre 1990 et 2100.",
    )
