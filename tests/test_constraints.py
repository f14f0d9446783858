"""Constraints declared once for the models that share them: core.constraints.year_range (the
year check of every app that records a year), conventions.models.texts.one_owner (a text of a
convention or of a model convention)."""

from django.db import models
from django.db.models import Q

from reperes.conventions.models.texts import one_owner
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


def test_a_text_of_a_convention_has_one_owner():
    assert one_owner("article", "Un article") == models.CheckConstraint(
        condition=Q(convention__isnull=False) ^ Q(template__isnull=False),
        name="article_has_one_owner",
        violation_error_message=(
            "Un article appartient soit à une convention, soit à une convention type."
        ),
    )
