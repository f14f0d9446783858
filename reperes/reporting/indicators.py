"""The indicator engine: the catalogue's figures computed from the field-work records.

Every count, sum and distribution is an aggregate query (``values`` + ``annotate``, conditional
``Case``/``When``), so that the number of queries does not depend on the number of records: a
report over ten years of a large service costs what a report over one quarter of a small one
does. Age is computed in the database at the period's last day from the birth year (the
recorded band when the year is unknown), exactly as ``Youth.band_on`` does.

Definitions (seed 000 annex 1, seed 001 « Activité 2022 », seed 004 art. 10):

- contacts: the encounters counted (anonymous tallies) in the street sessions of the period —
  repeat counts, never persons: one youth met three times is three contacts;
- youths first met: the recorded youths whose first contact falls in the period;
- youths met (persons, also « en relation avec l'équipe », seed 004 art. 10): the recorded
  youths first met in the period, accompanied during it or taking part in a collective action
  then — each counted once, whatever the number of encounters;
- youths accompanied: distinct youths with an accompaniment overlapping the period;
- duration of an accompaniment: from its start to its end, or to the period's last day when it
  is still open then (seed 001 « Durée de l'accompagnement »);
- problems and responses: distinct youths accompanied in the period with that problem/response;
- collective actions: actions overlapping the period; youths concerned: distinct recorded
  participants plus the participants counted anonymously;
- families known: known to the service on the period's last day; engaged: a work engaged with
  them during the period;
- time: hours entered in the period in the eight items; hours: the same hours in the
  Pas-de-Calais columns (``PAS_DE_CALAIS_COLUMN``; no item maps to « préparation », which the
  engine therefore leaves out);
- staff: FTE in post on the period's last day, by category.

A geographic scope (a commune, a quartier) keeps the records that carry a place — contacts,
youths — and leaves out time, staff and families, which are not attributable to a place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, Least
from django.db.models.lookups import LessThan

from reperes.fieldwork.enums import (
    PAS_DE_CALAIS_COLUMN,
    AgeBand,
    Gender,
    Situation,
    TimeCategory,
)
from reperes.fieldwork.models import (
    Accompaniment,
    CollectiveAction,
    ContactCount,
    Family,
    Intervention,
    ParticipantCount,
    PartnershipAction,
    StreetSession,
    TimeEntry,
    Youth,
)
from reperes.fieldwork.youths.models import band_key
from reperes.people.enums import StaffCategory
from reperes.people.models import StaffMember

from .catalogue import DURATION_BANDS, PROBLEM_LABELS
from .figures import (
    DIMENSION_LABELS,
    DIMENSION_ORDER,
    UNKNOWN_PLACE,
    ActionFigures,
    Distribution,
    Figures,
    Number,
    Period,
    Scope,
    french_date,
)

__all__ = [
    "DIMENSION_LABELS",
    "DIMENSION_ORDER",
    "UNKNOWN_PLACE",
    "ActionFigures",
    "Distribution",
    "Figures",
    "Number",
    "Period",
    "Scope",
    "age_band_expression",
    "compute",
    "french_date",
]

# ---------------------------------------------------------------- expressions


def age_band_expression(on: date, prefix: str = "") -> Case:
    """The youth's age band on ``on``: from the birth year; else, for an anonymised record,
    the band it had that year (``Youth.age_bands``); else the recorded band."""
    year = f"{prefix}birth_year"
    # KeyTextTransform, not KT(): KT reads the first part of its path as the JSON field, so
    # « youth__age_bands__y2025 » would look for keys in youth_id.
    kept = KeyTextTransform(band_key(on.year), f"{prefix}age_bands")
    whens = [
        When(
            **{f"{year}__isnull": True},
            then=Coalesce(kept, F(f"{prefix}age_band"), output_field=CharField()),
        ),
        When(**{f"{year}__gt": on.year}, then=Value(AgeBand.UNKNOWN.value)),
    ]
    for band in (AgeBand.UNDER_11, AgeBand.FROM_11, AgeBand.FROM_15, AgeBand.FROM_18):
        high = int(band.value.split("-")[1])
        whens.append(When(**{f"{year}__gte": on.year - high}, then=Value(band.value)))
    whens.append(When(**{f"{year}__gte": on.year - 25}, then=Value(AgeBand.FROM_22.value)))
    return Case(*whens, default=Value(AgeBand.OVER_25.value), output_field=CharField())


def _duration_band_expression(period_end: date) -> Case:
    end = Least(
        Coalesce("ended_on", Value(period_end)), Value(period_end), output_field=DateField()
    )
    days = ExpressionWrapper(end - F("started_on"), output_field=DurationField())
    whens = [
        When(LessThan(days, timedelta(days=high)), then=Value(code))
        for code, _label, _low, high in DURATION_BANDS
        if high is not None
    ]
    return Case(*whens, default=Value(DURATION_BANDS[-1][0]), output_field=CharField())


def _place_code(quartier_id: int | None, commune_id: int | None) -> str:
    if quartier_id is not None:
        return f"q{quartier_id}"
    if commune_id is not None:
        return f"c{commune_id}"
    return UNKNOWN_PLACE


def _place_label(quartier: str | None, commune: str | None) -> str:
    if quartier and commune:
        return f"{commune} — {quartier}"
    if quartier:
        return quartier
    if commune:
        return f"{commune} (hors quartier)"
    return "Lieu non précisé"


def _overlapping(start: date, end: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}started_on__lte": end}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": start})
    )


def in_collective_action(service_ids: Any, start: date, end: date) -> Any:
    """The youths enrolled in a collective action of ``service_ids`` overlapping the period,
    for ``pk__in``: a list hashed once, read from those services' actions only (docs/benchmarks.md,
    issue 12). Not a correlated EXISTS: inside an OR, PostgreSQL costs it row by row, and the
    estimate, a hundred times too high, set off 100 ms of JIT compilation for a 50 ms query."""
    actions = CollectiveAction.objects.filter(
        Q(service_id__in=service_ids) & _overlapping(start, end)
    )
    return CollectiveAction.participants.through.objects.filter(
        collectiveaction__in=actions, collectiveaction__service_id__in=service_ids
    ).values("youth_id")


# ---------------------------------------------------------------- the engine


# A distribution's counts, by the values of its dimensions.
Counts = dict[tuple[str, ...], Number]


class _Collector:
    def __init__(self) -> None:
        self.places: dict[str, str] = {UNKNOWN_PLACE: "Lieu non précisé"}

    def place(self, row: Mapping[str, Any]) -> str:
        code = _place_code(row.get("q_id"), row.get("c_id"))
        if code not in self.places:
            self.places[code] = _place_label(row.get("q_name"), row.get("c_name"))
        return code


def _youth_place_values(prefix: str = "") -> dict[str, Any]:
    return {
        "q_id": F(f"{prefix}quartier_id"),
        "q_name": F(f"{prefix}quartier__name"),
        "c_id": Coalesce(f"{prefix}quartier__commune_id", f"{prefix}commune_id"),
        "c_name": Coalesce(f"{prefix}quartier__commune__name", f"{prefix}commune__name"),
    }


def _youths_by_gender_band_place(youths: QuerySet[Youth], end: date, places: _Collector) -> Counts:
    """How many of ``youths`` by gender, age band on ``end`` and place."""
    rows = (
        youths.values("gender", band=age_band_expression(end), **_youth_place_values())
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: Counts = defaultdict(int)
    for row in rows:
        counts[(row["gender"], row["band"], places.place(row))] += row["n"]
    return counts


def compute(scope: Scope, period: Period) -> Figures:
    """All the figures of ``scope`` over ``period``, in a fixed number of queries."""
    start, end = period.start, period.end
    services = Q(service_id__in=scope.service_ids)
    places = _Collector()
    values: dict[str, Number] = {}
    extra: dict[str, Number] = {}
    dists: dict[str, Distribution] = {}

    # Contacts of the street sessions (anonymous tallies).
    contact_rows = (
        ContactCount.objects.filter(
            session__service_id__in=scope.service_ids, session__date__range=(start, end)
        )
        .filter(
            _contact_place_filter(scope),
        )
        .values(
            "gender",
            "age_band",
            q_id=Coalesce("quartier_id", "session__quartier_id"),
            q_name=Coalesce("quartier__name", "session__quartier__name"),
            c_id=Coalesce(
                "quartier__commune_id", "session__quartier__commune_id", "session__commune_id"
            ),
            c_name=Coalesce(
                "quartier__commune__name",
                "session__quartier__commune__name",
                "session__commune__name",
            ),
        )
        .annotate(n=Sum("count"))
        .order_by()
    )
    contacts: Counts = defaultdict(int)
    for row in contact_rows:
        contacts[(row["gender"], row["age_band"], places.place(row))] += row["n"]

    # Sessions: how the presence was organised (number and hours by kind and place).
    session_rows = (
        StreetSession.objects.filter(services, date__range=(start, end))
        .filter(scope.place_filter("quartier", "commune"))
        .values(
            "kind",
            q_id=F("quartier_id"),
            q_name=F("quartier__name"),
            c_id=Coalesce("quartier__commune_id", "commune_id"),
            c_name=Coalesce("quartier__commune__name", "commune__name"),
        )
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
        .order_by()
    )
    sessions: Counts = defaultdict(int)
    session_hours: Counts = defaultdict(Decimal)
    for row in session_rows:
        key: tuple[str, ...] = (row["kind"], places.place(row))
        sessions[key] += row["n"]
        session_hours[key] += Decimal(row["minutes"] or 0) / 60

    # Youths recorded whose first contact falls in the period.
    youth_place = scope.place_filter("quartier", "commune")
    first_met = _youths_by_gender_band_place(
        Youth.objects.filter(services, first_met_on__range=(start, end)).filter(youth_place),
        end,
        places,
    )

    dists["contacts"] = Distribution(("gender", "age_band", "place"), dict(contacts))
    dists["sessions"] = Distribution(("session_kind", "place"), dict(sessions))
    dists["session_hours"] = Distribution(("session_kind", "place"), dict(session_hours))
    extra["contacts"] = dists["contacts"].total()
    extra["youths.first_met"] = sum(first_met.values(), 0)
    extra["sessions"] = dists["sessions"].total()
    extra["sessions.hours"] = dists["session_hours"].total()

    # Accompaniments overlapping the period, and the youths they concern.
    accompaniments = Accompaniment.objects.filter(services, _overlapping(start, end)).filter(
        scope.place_filter("youth__quartier", "youth__commune")
    )
    youth_rows = (
        Youth.objects.filter(services, pk__in=accompaniments.values("youth_id"))
        .values(
            "gender",
            "situation",
            "qualification",
            band=age_band_expression(end),
            **_youth_place_values(),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    accompanied: Counts = defaultdict(int)
    for row in youth_rows:
        key = (
            row["gender"],
            row["band"],
            places.place(row),
            row["situation"],
            row["qualification"],
        )
        accompanied[key] += row["n"]
    dists["accompanied"] = Distribution(
        ("gender", "age_band", "place", "situation", "qualification"), dict(accompanied)
    )
    values["youths.accompanied"] = dists["accompanied"].total()
    for dimension, enum, code in (
        ("gender", Gender, "youths.accompanied"),
        ("situation", Situation, "youths.situation"),
    ):
        margin = dists["accompanied"].margin(dimension)
        for member in enum:
            values[f"{code}.{member.value}"] = margin.get(member.value, 0)

    acc_rows = (
        accompaniments.values(
            "entry_mode",
            "intensity",
            duration=_duration_band_expression(end),
            new=Case(
                When(started_on__gte=start, then=Value("1")),
                default=Value("0"),
                output_field=CharField(),
            ),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    acc: Counts = defaultdict(int)
    for row in acc_rows:
        acc[(row["entry_mode"], row["intensity"], row["duration"], row["new"])] += row["n"]
    dists["accompaniments"] = Distribution(
        ("entry_mode", "intensity", "duration", "new"), dict(acc)
    )
    values["accompaniments"] = dists["accompaniments"].total()
    by_duration = dists["accompaniments"].margin("duration")
    for code, *_ in DURATION_BANDS:
        values[f"accompaniments.duration.{code}"] = by_duration.get(code, 0)
    extra["accompaniments.new"] = dists["accompaniments"].margin("new").get("1", 0)

    # Problems and responses: distinct youths per list entry.
    for name, through, item in (
        ("problems", Accompaniment.problems.through, "choiceitem"),
        ("responses", Accompaniment.responses.through, "choiceitem"),
    ):
        rows = (
            through.objects.filter(
                accompaniment__in=accompaniments, accompaniment__service_id__in=scope.service_ids
            )
            .values(label=F(f"{item}__label"))
            .annotate(n=Count("accompaniment__youth_id", distinct=True))
            .order_by()
        )
        dists[name] = Distribution(("label",), {(row["label"],): row["n"] for row in rows})
    problems = dists["problems"].margin("label")
    for code, label in PROBLEM_LABELS.items():
        values[f"problems.{code}"] = problems.get(label, 0)

    # Youths with whom an action was carried out in the period (seed 004 art. 10), and the
    # youths « en relation avec l'équipe »: first met, accompanied or in a collective action.
    # The period's accompaniments with an intervention in it (a semijoin on the
    # (accompaniment, occurred_on) index), not COUNT(DISTINCT) over every intervention joined
    # back to its accompaniment: 100 000 rows read twice for a 5 000-youth service (issue 12).
    extra["youths.acted_with"] = accompaniments.filter(
        Exists(
            Intervention.objects.filter(
                accompaniment_id=OuterRef("pk"), occurred_on__range=(start, end)
            )
        )
    ).aggregate(n=Count("youth_id", distinct=True))["n"]
    # Youths met (persons): the recorded youths in relation with the team over the period —
    # first met in it, accompanied during it or taking part in a collective action then
    # (seed 004 art. 10 « en relation avec l'équipe »). Contacts are encounters, never persons.
    met_youths = (
        Youth.objects.filter(services, first_met_on__lte=end)
        .filter(youth_place)
        .filter(
            Q(first_met_on__gte=start)
            | Q(pk__in=accompaniments.values("youth_id"))
            | Q(pk__in=in_collective_action(scope.service_ids, start, end))
        )
    )
    met = _youths_by_gender_band_place(met_youths, end, places)
    dists["met"] = Distribution(("gender", "age_band", "place"), dict(met))
    values["youths.met"] = dists["met"].total()
    met_by_gender = dists["met"].margin("gender")
    for gender in Gender:
        values[f"youths.met.{gender.value}"] = met_by_gender.get(gender.value, 0)
    extra["youths.in_relation"] = values["youths.met"]

    # Collective actions overlapping the period.
    actions = list(
        CollectiveAction.objects.filter(services, _overlapping(start, end))
        .values("pk", "title", "category", "started_on", "ended_on", "families_count")
        .order_by("started_on", "pk")
    )
    action_filter = Q(services) & _overlapping(start, end)
    # The actions' and the youths' own services named too: their joins read those services only.
    enrolled = Q(
        collectiveaction__service_id__in=scope.service_ids, youth__service_id__in=scope.service_ids
    ) & scope.place_filter("youth__quartier", "youth__commune")
    enrolments = CollectiveAction.participants.through.objects.filter(
        collectiveaction__in=CollectiveAction.objects.filter(action_filter)
    ).filter(enrolled)
    recorded_rows = (
        enrolments.values(
            "collectiveaction_id",
            "youth__gender",
            band=age_band_expression(end, "youth__"),
            **_youth_place_values("youth__"),
        )
        .annotate(n=Count("youth_id", distinct=True))
        .order_by()
    )
    anonymous_rows = (
        ParticipantCount.objects.filter(action__in=CollectiveAction.objects.filter(action_filter))
        .filter(scope.place_filter("quartier", "quartier__commune"))
        .values(
            "action_id",
            "gender",
            "age_band",
            q_id=F("quartier_id"),
            q_name=F("quartier__name"),
            c_id=F("quartier__commune_id"),
            c_name=F("quartier__commune__name"),
        )
        .annotate(n=Sum("count"))
        .order_by()
    )
    participants: Counts = defaultdict(int)
    for row in recorded_rows:
        key = (str(row["collectiveaction_id"]), row["youth__gender"], row["band"])
        participants[(*key, places.place(row))] += row["n"]
    for row in anonymous_rows:
        key = (str(row["action_id"]), row["gender"], row["age_band"])
        participants[(*key, places.place(row))] += row["n"]
    dists["participants"] = Distribution(
        ("action", "gender", "age_band", "place"), dict(participants)
    )
    distinct_recorded = enrolments.aggregate(n=Count("youth_id", distinct=True))["n"]
    anonymous_total = sum((row["n"] for row in anonymous_rows), 0)
    action_figures = []
    by_action: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: {"band": defaultdict(int), "place": defaultdict(int)}
    )
    for (action_id, _gender, band, place), value in participants.items():
        # Counts of people: whole numbers (Number only by the distribution's type).
        by_action[action_id]["band"][band] += int(value)
        by_action[action_id]["place"][place] += int(value)
    categories: Counts = defaultdict(int)
    for row in actions:
        spread = by_action.get(str(row["pk"]), {"band": {}, "place": {}})
        categories[(row["category"],)] += 1
        action_figures.append(
            ActionFigures(
                pk=row["pk"],
                title=row["title"],
                category=row["category"],
                started_on=row["started_on"],
                ended_on=row["ended_on"],
                families=row["families_count"],
                participants=sum(spread["band"].values(), 0),
                by_age_band=dict(spread["band"]),
                by_place=dict(spread["place"]),
            )
        )
    dists["collective_categories"] = Distribution(("category",), dict(categories))
    values["collective.actions"] = len(actions)
    values["collective.youths"] = distinct_recorded + anonymous_total
    values["collective.families"] = sum((row["families_count"] for row in actions), 0)

    # Partnership (seed 000 annex 1, theme IV): actions with partners, by kind of partner.
    partnership = PartnershipAction.objects.filter(services, date__range=(start, end))
    totals = partnership.aggregate(n=Count("pk"), hours=Sum("hours"))
    extra["partnership.actions"] = totals["n"]
    extra["partnership.hours"] = totals["hours"] or Decimal("0")
    kinds = (
        partnership.values(kind=F("partners__kind"))
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    by_kind: Counts = defaultdict(int)
    for row in kinds:  # No partner and « other » partners both count as « other »: they add up.
        by_kind[(row["kind"] or "other",)] += row["n"]
    dists["partnership"] = Distribution(("partner_kind",), dict(by_kind))

    if not scope.geographic:
        _families(scope, period, values)
        _time_and_staff(scope, period, values, dists)

    for dist_name, dist in list(dists.items()):
        if "place" in dist.dimensions:
            dists[dist_name] = Distribution(dist.dimensions, dist.counts, places.places)
    return Figures(
        scope=scope,
        period=period,
        values=values,
        extra=extra,
        distributions=dists,
        actions=tuple(action_figures),
        place_labels=dict(places.places),
    )


def _contact_place_filter(scope: Scope) -> Q:
    if scope.quartier_id is not None:
        return Q(quartier_id=scope.quartier_id) | Q(
            quartier__isnull=True, session__quartier_id=scope.quartier_id
        )
    if scope.commune_id is not None:
        return (
            Q(quartier__commune_id=scope.commune_id)
            | Q(quartier__isnull=True, session__quartier__commune_id=scope.commune_id)
            | Q(
                quartier__isnull=True,
                session__quartier__isnull=True,
                session__commune_id=scope.commune_id,
            )
        )
    return Q()


def _families(scope: Scope, period: Period, values: dict[str, Number]) -> None:
    counts = Family.objects.filter(service_id__in=scope.service_ids).aggregate(
        known=Count("pk", filter=Q(known_since__lte=period.end)),
        engaged=Count(
            "pk",
            filter=Q(engaged_since__lte=period.end)
            & (Q(engaged_until__isnull=True) | Q(engaged_until__gte=period.start)),
        ),
    )
    values["families.known"] = counts["known"]
    values["families.engaged"] = counts["engaged"]


def _time_and_staff(
    scope: Scope, period: Period, values: dict[str, Number], dists: dict[str, Distribution]
) -> None:
    time_rows = (
        TimeEntry.objects.filter(
            staff__service_id__in=scope.service_ids, day__range=(period.start, period.end)
        )
        .values("category")
        .annotate(hours=Sum("hours"))
        .order_by()
    )
    hours = {row["category"]: row["hours"] for row in time_rows}
    zero = Decimal("0.00")
    values["time"] = sum(hours.values(), zero)
    columns: dict[str, Decimal] = defaultdict(lambda: zero)
    for category in TimeCategory:
        spent = hours.get(category.value, zero)
        values[f"time.{category.value}"] = spent
        columns[PAS_DE_CALAIS_COLUMN[category].value] += spent
    values["hours"] = values["time"]
    for column, spent in columns.items():
        values[f"hours.{column}"] = spent
    dists["time"] = Distribution(("time",), {(code,): spent for code, spent in hours.items()})

    fte_rows = (
        StaffMember.objects.filter(service_id__in=scope.service_ids, arrival__lte=period.end)
        .filter(Q(departure__isnull=True) | Q(departure__gte=period.end))
        .values("category")
        .annotate(fte=Sum("fte"))
        .order_by()
    )
    fte = {row["category"]: row["fte"] for row in fte_rows}
    values["staff.fte"] = sum(fte.values(), zero)
    for staff_category in StaffCategory:
        values[f"staff.fte.{staff_category.value}"] = fte.get(staff_category.value, zero)
