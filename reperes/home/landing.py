"""What each role finds on the home page: its work, read through the one access layer (each
model's ``visible_to``), never a second copy of who may see what.

- educator: the « Terrain » home (reperes.fieldwork.street.views.home), by redirect;
- service director: this month's deadlines, the reports to write, the submissions returned,
  the staff changes awaiting the funder's approval;
- funder agent: the submissions to validate, the payments to make, the meetings to prepare,
  the conventions ending or renewing soon;
- DPO: the privacy desk, by redirect.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from reperes.conventions.models import Convention, Party
from reperes.conventions.overview import ConventionRow, rows_for
from reperes.core.access import staff_service_id
from reperes.deadlines.models import Obligation
from reperes.governance.enums import MeetingStatus
from reperes.governance.models import Meeting
from reperes.money.enums import InstalmentStatus
from reperes.money.models import Instalment
from reperes.people.enums import ChangeRequestStatus
from reperes.people.models import ChangeRequest
from reperes.reporting.enums import SubmissionStatus
from reperes.reporting.models import Submission

#: How far ahead the funder's landing looks for meetings and for conventions ending or renewing.
MEETINGS_AHEAD_DAYS = 60
CONVENTIONS_AHEAD_DAYS = 270
SHOWN = 10


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _submissions(user: Any, status: str, *order: str) -> list[Submission]:
    """The submissions the user sees in ``status``, with their service and convention."""
    return list(
        Submission.objects.visible_to(user)
        .filter(status=status)
        .select_related("service", "convention")
        .order_by(*order)
    )


def _pending_changes(user: Any) -> list[ChangeRequest]:
    """The staff changes the user sees awaiting the funder's written approval, oldest first:
    the director waits for them, the funder agent decides them."""
    return list(
        ChangeRequest.objects.visible_to(user)
        .filter(status=ChangeRequestStatus.PENDING)
        .select_related("service")
        .order_by("requested_on", "pk")
    )


def _shown(name: str, rows: list[Any]) -> dict[str, Any]:
    """The first rows of a panel, and how many more there are (« et 3 autres »)."""
    return {name: rows[:SHOWN], f"{name}_more": max(len(rows) - SHOWN, 0)}


def director_work(user: Any, today: date) -> dict[str, Any]:
    from reperes.reporting.views_publications import home_models

    service_id = staff_service_id(user)
    end = month_end(today)
    deadlines = [
        (o, o.status(today))
        for o in Obligation.objects.visible_to(user)
        .filter(done_on__isnull=True, due_on__lte=end)
        .select_related("convention", "owner__organisation")
        .order_by("due_on", "pk")
    ]
    # staff_service_id names the account's own service, read with the account.
    service = user.service if service_id is not None else None
    reports = home_models(user, service, today) if service is not None else []
    return {
        "month_end": end,
        **_shown("deadlines", deadlines),
        "service": service,
        "reports": reports,
        "returned": _submissions(user, SubmissionStatus.RETURNED, "-year"),
        "pending_changes": _pending_changes(user),
    }


def _funded_rows(user: Any, today: date, visible: list[ConventionRow] | None) -> list[Any]:
    """The rows of the conventions the user's organisation is party to, on ``today``: taken
    from ``visible`` (their parties are read with them) rather than read again."""
    if visible is None:
        funded = Convention.objects.visible_to(user).filter(
            pk__in=Party.objects.filter(organisation_id=user.organisation_id).values("convention")
        )
        return rows_for(funded, today)
    return [
        row
        for row in visible
        if any(p.organisation_id == user.organisation_id for p in row.convention.parties.all())
    ]


def funder_work(
    user: Any, today: date, visible: list[ConventionRow] | None = None
) -> dict[str, Any]:
    """The funder agent's panels; ``visible``: the rows of the conventions the agent sees on
    ``today`` (``conventions_overview``), when the page has read them already."""
    # Payments the agent's organisation makes: unpaid instalments of its schedules as payer,
    # due by the end of the month (late ones first).
    end = month_end(today)
    instalments = (
        Instalment.objects.visible_to(user)
        .filter(
            schedule__payer__organisation_id=user.organisation_id,
            due_on__lte=end,
            paid_on__isnull=True,
            refused_reason="",
        )
        .select_related("schedule__convention", "schedule__payee__organisation")
        .order_by("due_on", "pk")
    )
    payments = [
        (i, i.status_on(today))
        for i in instalments
        if i.status_on(today)
        in (InstalmentStatus.DUE, InstalmentStatus.LATE, InstalmentStatus.PLANNED)
    ]
    start = timezone.make_aware(datetime.combine(today, time.min))
    meetings = list(
        Meeting.objects.visible_to(user)
        .filter(
            status=MeetingStatus.PLANNED,
            starts_at__gte=start,
            starts_at__lt=start + timedelta(days=MEETINGS_AHEAD_DAYS + 1),
        )
        .select_related("body__convention")
        .order_by("starts_at")[:SHOWN]
    )
    horizon = today + timedelta(days=CONVENTIONS_AHEAD_DAYS)
    ending = []
    for row in _funded_rows(user, today, visible):
        key = row.next_key_date
        if key is not None and key[1] <= horizon:
            ending.append((row, key))
    ending.sort(key=lambda item: item[1][1])
    return {
        "to_validate": _submissions(user, SubmissionStatus.SENT, "sent_at"),
        **_shown("payments", payments),
        "month_end": end,
        "meetings": meetings,
        "meetings_days": MEETINGS_AHEAD_DAYS,
        "ending": ending,
        "ending_days": CONVENTIONS_AHEAD_DAYS,
        "pending_changes": _pending_changes(user),
    }
