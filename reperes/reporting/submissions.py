"""Reading side of the aggregate submissions: the checks run on one submission, with the data
they need taken from the database (catalogue relations, staff in post, last year's figures,
the other services' figures for the same year)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reperes.people.enums import StaffCategory
from reperes.rules import submission_checks as checks

from . import catalogue
from .catalogue import Unit
from .enums import SubmissionStatus
from .models import Submission

LABELS = {indicator.code: indicator.label for indicator in catalogue.INDICATORS}
PARTS = catalogue.breakdowns()
# Copies are looked for among activity figures, not team sizes (every SPS has 1 ETP of
# direction: that is no sign of a copy).
COMPARED_CODES = tuple(i.code for i in catalogue.INDICATORS if i.unit is not Unit.FTE)
EDUCATOR_FTE = f"staff.fte.{StaffCategory.SOCIAL_WORKER.value}"


def educator_fte(service: Any, year: int, values: dict[str, Any] | None = None) -> Decimal | None:
    """Social workers in post for the year: the staffing table of the people app, else the
    figure of the submission itself."""
    from reperes.people.models import StaffingLine

    line = StaffingLine.objects.filter(
        service=service, year=year, category=StaffCategory.SOCIAL_WORKER
    ).first()
    if line is not None:
        return Decimal(line.planned_fte)
    return (values or {}).get(EDUCATOR_FTE)


def check_values(
    values: dict[str, Decimal | None],
    *,
    service: Any,
    year: int,
    previous: dict[str, Decimal | None] | None = None,
    others: dict[str, dict[str, Decimal | None]] | None = None,
) -> list[checks.Finding]:
    findings = [
        *checks.check_not_negative(values, LABELS),
        *checks.check_totals(values, PARTS, LABELS),
        *checks.check_hours_plausible(values.get("hours"), educator_fte(service, year, values)),
    ]
    if previous:
        findings += checks.check_year_on_year(values, previous, labels=LABELS)
    if others:
        name = str(service)
        compared = checks.check_identical_services({**others, name: values}, codes=COMPARED_CODES)
        findings += compared[name]
    return findings


def check_submission(
    submission: Submission,
    values: dict[str, Decimal | None] | None = None,
    *,
    reveal_names: bool = False,
) -> list[checks.Finding]:
    """The checks of one submission. The service is told that another service has the same
    figures, not which one (``reveal_names`` is for the funders, who see both)."""
    values = submission.values_by_code() if values is None else values
    previous = Submission.objects.filter(
        service=submission.service,
        year=submission.year - 1,
        status=SubmissionStatus.VALIDATED,
    ).first()
    others = {
        (str(other.service) if reveal_names else f"un autre service (n° {index})"): (
            other.values_by_code()
        )
        for index, other in enumerate(
            Submission.objects.filter(
                year=submission.year,
                status__in=[SubmissionStatus.SENT, SubmissionStatus.VALIDATED],
            )
            .exclude(pk=submission.pk)
            .select_related("service")
            .prefetch_related("values"),
            start=1,
        )
    }
    return check_values(
        values,
        service=submission.service,
        year=submission.year,
        previous=previous.values_by_code() if previous else None,
        others=others,
    )
