"""The catalogue's values for many services at once, one row of figures per service.

The funder's consolidation needs, for every service of its portfolio, the values that
``indicators.compute`` gives for that service alone — not the distributions by place, nor the
actions one by one. Calling ``compute`` once per service costs its 18 queries each time; here
every query is grouped by service, so ten services cost what one does (12 queries). The
definitions are ``compute``'s, read there; ``tests/reporting/test_indicators.py`` checks that
both give the same values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum

from reperes.fieldwork.enums import PAS_DE_CALAIS_COLUMN, Gender, Situation, TimeCategory
from reperes.fieldwork.models import (
    Accompaniment,
    CollectiveAction,
    Family,
    ParticipantCount,
    TimeEntry,
    Youth,
)
from reperes.people.enums import StaffCategory
from reperes.people.models import StaffMember

from .catalogue import DURATION_BANDS, PROBLEM_LABELS
from .indicators import (
    Number,
    Period,
    _duration_band_expression,
    _overlapping,
    in_collective_action,
)

ZERO = Decimal("0.00")


def values_by_service(service_ids: Iterable[int], period: Period) -> dict[int, dict[str, Number]]:
    """``{service id: compute(Scope.for_service(service), period).values}`` for each service."""
    ids = sorted(set(service_ids))
    start, end = period.start, period.end
    values: dict[int, dict[str, Number]] = {pk: defaultdict(int) for pk in ids}

    def add(service_id: int, code: str, amount: Number) -> None:
        values[service_id][code] += amount

    # Every query names the services asked on each service-owned table it reads (a youth, its
    # accompaniments and its collective actions share one service: the actions that write them
    # see to it), so that PostgreSQL reads those services' rows by their indexes and the cost
    # follows the portfolio, not the whole database (docs/benchmarks.md, issue 12). The link
    # tables (problems, participants), which carry no service, are reached from the period's
    # accompaniments or actions by a semijoin, read by their index on the parent.
    accompaniments = Accompaniment.objects.filter(Q(service_id__in=ids) & _overlapping(start, end))

    # Youths accompanied: the services' youths with an accompaniment overlapping the period,
    # each counted once — no COUNT(DISTINCT), a semijoin from the youths of these services.
    accompanied = (
        Youth.objects.filter(service_id__in=ids)
        .filter(
            Exists(
                accompaniments.filter(youth_id=OuterRef("pk"), service_id=OuterRef("service_id"))
            )
        )
        .values("gender", "situation", sid=F("service_id"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in accompanied:
        add(row["sid"], "youths.accompanied", row["n"])
        add(row["sid"], f"youths.accompanied.{row['gender']}", row["n"])
        add(row["sid"], f"youths.situation.{row['situation']}", row["n"])

    # Youths met (persons): in relation with the team over the period — first met in it,
    # accompanied during it or in a collective action then (``indicators.compute``).
    met = (
        Youth.objects.filter(service_id__in=ids, first_met_on__lte=end)
        .filter(
            Q(first_met_on__gte=start)
            | Q(pk__in=accompaniments.values("youth_id"))
            | Q(pk__in=in_collective_action(ids, start, end))
        )
        .values("gender", sid=F("service_id"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    for met_row in met:
        add(met_row["sid"], "youths.met", met_row["n"])
        add(met_row["sid"], f"youths.met.{met_row['gender']}", met_row["n"])

    durations = (
        accompaniments.values(sid=F("service_id"), duration=_duration_band_expression(end))
        .annotate(n=Count("pk"))
        .order_by()
    )
    for duration_row in durations:
        add(duration_row["sid"], "accompaniments", duration_row["n"])
        add(
            duration_row["sid"],
            f"accompaniments.duration.{duration_row['duration']}",
            duration_row["n"],
        )

    codes_by_label = {label: code for code, label in PROBLEM_LABELS.items()}
    problems = (
        Accompaniment.problems.through.objects.filter(
            accompaniment__in=accompaniments, accompaniment__service_id__in=ids
        )
        .values(sid=F("accompaniment__service_id"), label=F("choiceitem__label"))
        .annotate(n=Count("accompaniment__youth_id", distinct=True))
        .order_by()
    )
    for problem_row in problems:
        if problem_row["label"] in codes_by_label:
            problem_code = codes_by_label[problem_row["label"]]
            add(problem_row["sid"], f"problems.{problem_code}", problem_row["n"])

    # Collective actions overlapping the period, the youths concerned and the families.
    actions = CollectiveAction.objects.filter(Q(service_id__in=ids) & _overlapping(start, end))
    for action_row in (
        actions.values(sid=F("service_id"))
        .annotate(n=Count("pk"), families=Sum("families_count"))
        .order_by()
    ):
        add(action_row["sid"], "collective.actions", action_row["n"])
        add(action_row["sid"], "collective.families", action_row["families"] or 0)
    recorded = (
        CollectiveAction.participants.through.objects.filter(
            collectiveaction__in=actions, collectiveaction__service_id__in=ids
        )
        .values(sid=F("collectiveaction__service_id"))
        .annotate(n=Count("youth_id", distinct=True))
        .order_by()
    )
    anonymous = (
        ParticipantCount.objects.filter(action__in=actions, action__service_id__in=ids)
        .values(sid=F("action__service_id"))
        .annotate(n=Sum("count"))
        .order_by()
    )
    for youths_row in [*recorded, *anonymous]:
        add(youths_row["sid"], "collective.youths", youths_row["n"] or 0)

    # Families known on the last day, and engaged during the period.
    for family_row in (
        Family.objects.filter(service_id__in=ids)
        .values(sid=F("service_id"))
        .annotate(
            known=Count("pk", filter=Q(known_since__lte=end)),
            engaged=Count(
                "pk",
                filter=Q(engaged_since__lte=end)
                & (Q(engaged_until__isnull=True) | Q(engaged_until__gte=start)),
            ),
        )
        .order_by()
    ):
        add(family_row["sid"], "families.known", family_row["known"])
        add(family_row["sid"], "families.engaged", family_row["engaged"])

    # Time in the eight items and in the Pas-de-Calais columns; FTE in post on the last day.
    hours: dict[int, dict[str, Decimal]] = {pk: {} for pk in ids}
    for time_row in (
        TimeEntry.objects.filter(staff__service_id__in=ids, day__range=(start, end))
        .values("category", sid=F("staff__service_id"))
        .annotate(hours=Sum("hours"))
        .order_by()
    ):
        hours[time_row["sid"]][time_row["category"]] = time_row["hours"]
    fte: dict[int, dict[str, Decimal]] = {pk: {} for pk in ids}
    for staff_row in (
        StaffMember.objects.filter(service_id__in=ids, arrival__lte=end)
        .filter(Q(departure__isnull=True) | Q(departure__gte=end))
        .values("category", sid=F("service_id"))
        .annotate(fte=Sum("fte"))
        .order_by()
    ):
        fte[staff_row["sid"]][staff_row["category"]] = staff_row["fte"]

    result = {}
    for pk in ids:
        line = values[pk]
        for gender in Gender:
            line[f"youths.met.{gender.value}"] += 0
            line[f"youths.accompanied.{gender.value}"] += 0
        for situation in Situation:
            line[f"youths.situation.{situation.value}"] += 0
        for code, *_ in DURATION_BANDS:
            line[f"accompaniments.duration.{code}"] += 0
        for code in PROBLEM_LABELS:
            line[f"problems.{code}"] += 0
        for code in (
            "youths.met",
            "youths.accompanied",
            "accompaniments",
            "collective.actions",
            "collective.youths",
            "collective.families",
            "families.known",
            "families.engaged",
        ):
            line[code] += 0
        spent = hours[pk]
        line["time"] = sum(spent.values(), ZERO)
        line["hours"] = line["time"]
        columns: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for category in TimeCategory:
            line[f"time.{category.value}"] = spent.get(category.value, ZERO)
            columns[PAS_DE_CALAIS_COLUMN[category].value] += spent.get(category.value, ZERO)
        for column, amount in columns.items():
            line[f"hours.{column}"] = amount
        line["staff.fte"] = sum(fte[pk].values(), ZERO)
        for staff_category in StaffCategory:
            line[f"staff.fte.{staff_category.value}"] = fte[pk].get(staff_category.value, ZERO)
        result[pk] = dict(line)
    return result
