"""What governance tells the conventions' clauses (``reperes.conventions.clauses``): the days
of the meetings of a convention's bodies, which date the duties due « avant chaque réunion ».
Registered from ``GovernanceConfig.ready``: conventions, below governance, never imports it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from reperes.conventions.models import Convention

from .enums import MeetingStatus
from .models import Meeting


def meeting_days_by_body(convention: Convention) -> dict[str, list[date]]:
    """{body name: the days of its meetings not cancelled, in order}."""
    days: dict[str, list[date]] = defaultdict(list)
    for meeting in (
        Meeting.objects.filter(body__convention=convention)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("body")
        .order_by("starts_at")
    ):
        days[meeting.body.name].append(meeting.day)
    return dict(days)
