"""The records behind a figure, per origin kind: the queries of the indicator engine
(``reporting/indicators.py``, ``compute``) replayed for one scope and period, each returning the
records a cell counted with the weight each one carries (1 for a youth or an action, its count
for an anonymous tally, its hours for a time entry, its FTE for a staff member).

Youths appear under their pseudonym only: no query here reads an identity field (the encrypted
name, first name, address, phone of ``Youth``). :mod:`reperes.reporting.provenance` picks, for one
cell of a table, which of these queries to run and with which filters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from reperes.fieldwork import models as fieldwork
from reperes.people.enums import StaffCategory
from reperes.people.models import StaffMember

from .indicators import (
    DIMENSION_LABELS,
    UNKNOWN_PLACE,
    Number,
    Period,
    Scope,
    _contact_place_filter,
    _duration_band_expression,
    _overlapping,
    _place_label,
    age_band_expression,
    french_date,
)
from .model_engine import DIMENSION_NAMES as MODEL_DIMENSION_NAMES


class UnknownCell(ValueError):
    """The origin or the cell asked for does not exist (a French message)."""


@dataclass(frozen=True)
class Record:
    """One record behind a figure, as the staff read it: what it is, its date, its reference
    (a pseudonym, a session, an action's title), what the figure reads of it, its weight."""

    kind: str
    day: date | None
    reference: str
    detail: str
    weight: Number


# ---------------------------------------------------------------- labels


def dimension_label(dimension: str, code: str, places: dict[str, str] | None = None) -> str:
    labels = DIMENSION_LABELS.get(dimension)
    if labels is not None:
        return labels.get(code, code)
    if dimension == "new":
        return "commencé dans la période" if code == "1" else "commencé avant la période"
    if places and code in places:
        return places[code]
    if dimension == "place":
        return _place_name(code)
    return code


def _place_name(code: str) -> str:
    """A place code (``q12``, ``c3``, ``?``) named as the reports name it."""
    from reperes.partners.models import Commune, Quartier

    try:
        if code.startswith("q"):
            quartier = Quartier.objects.select_related("commune").get(pk=int(code[1:]))
            return _place_label(quartier.name, quartier.commune.name)
        if code.startswith("c"):
            return _place_label(None, Commune.objects.get(pk=int(code[1:])).name)
    except (ValueError, Quartier.DoesNotExist, Commune.DoesNotExist):
        return code
    return _place_label(None, None)


# The dimensions as the report models name them, and those only a record's provenance shows.
# Two keep the shorter name this page has always given them.
DIMENSION_NAMES = {
    **MODEL_DIMENSION_NAMES,
    "entry_mode": "Mode d'entrée",
    "category": "Catégorie",
    "label": "Libellé",
    "session_kind": "Nature de la séance",
    "time": "Item",
    "new": "Début",
}


def _gender(code: str) -> str:
    return DIMENSION_LABELS["gender"].get(code, code)


def _band(code: str) -> str:
    return DIMENSION_LABELS["age_band"].get(code, code)


def _hours(value: Any) -> Decimal:
    return Decimal(value or 0)


# ---------------------------------------------------------------- places


def _place_q(code: str) -> Q:
    """Records (annotated with ``_q`` and ``_c`` as the engine reads them) of one place code."""
    if code == UNKNOWN_PLACE:
        return Q(_q__isnull=True, _c__isnull=True)
    if code.startswith("q"):
        return Q(_q=int(code[1:]))
    if code.startswith("c"):
        return Q(_q__isnull=True, _c=int(code[1:]))
    raise UnknownCell("Lieu inconnu.")


def _youth_places(prefix: str = "") -> dict[str, Any]:
    return {
        "_q": F(f"{prefix}quartier_id"),
        "_c": Coalesce(f"{prefix}quartier__commune_id", f"{prefix}commune_id"),
        "_q_name": F(f"{prefix}quartier__name"),
        "_c_name": Coalesce(f"{prefix}quartier__commune__name", f"{prefix}commune__name"),
    }


def _place_text(row: dict[str, Any]) -> str:
    return _place_label(row.get("_q_name"), row.get("_c_name"))


# ---------------------------------------------------------------- record sources


class RecordSource:
    """The queries of ``compute`` for one scope and period, each as records."""

    def __init__(self, scope: Scope, period: Period) -> None:
        self.scope = scope
        self.period = period
        self.services = Q(service_id__in=scope.service_ids)

    # -- street work
    def contacts(self, where: dict[str, str | None]) -> list[Record]:
        start, end = self.period.start, self.period.end
        rows = (
            fieldwork.ContactCount.objects.filter(
                session__service_id__in=self.scope.service_ids,
                session__date__range=(start, end),
            )
            .filter(_contact_place_filter(self.scope))
            .annotate(
                _q=Coalesce("quartier_id", "session__quartier_id"),
                _c=Coalesce(
                    "quartier__commune_id", "session__quartier__commune_id", "session__commune_id"
                ),
                _q_name=Coalesce("quartier__name", "session__quartier__name"),
                _c_name=Coalesce(
                    "quartier__commune__name",
                    "session__quartier__commune__name",
                    "session__commune__name",
                ),
            )
        )
        rows = _filtered(rows, where, {"gender": "gender", "age_band": "age_band"})
        kinds = DIMENSION_LABELS["session_kind"]
        return [
            Record(
                "Comptage anonyme de contacts",
                row["session__date"],
                f"{kinds.get(row['session__kind'], row['session__kind'])} du "
                f"{row['session__date']:%d/%m/%Y}",
                f"{_gender(row['gender'])}, {_band(row['age_band'])}, {_place_text(row)}",
                row["count"],
            )
            for row in rows.values(
                "gender",
                "age_band",
                "count",
                "session__date",
                "session__kind",
                "_q_name",
                "_c_name",
            ).order_by("session__date", "pk")
        ]

    def sessions(self, where: dict[str, str | None], hours: bool) -> list[Record]:
        # Any model: the places are annotated from a dict the type checker cannot read.
        rows: QuerySet[Any, Any] = (
            fieldwork.StreetSession.objects.filter(
                self.services, date__range=(self.period.start, self.period.end)
            )
            .filter(self.scope.place_filter("quartier", "commune"))
            .annotate(**_youth_places())
        )
        rows = _filtered(rows, where, {"session_kind": "kind"})
        kinds = DIMENSION_LABELS["session_kind"]
        return [
            Record(
                "Séance",
                row["date"],
                f"{kinds.get(row['kind'], row['kind'])} du {row['date']:%d/%m/%Y}",
                f"{_place_text(row)}, {row['duration_minutes']} min",
                Decimal(row["duration_minutes"] or 0) / 60 if hours else 1,
            )
            for row in rows.values(
                "date", "kind", "duration_minutes", "_q_name", "_c_name"
            ).order_by("date", "pk")
        ]

    # -- youths
    def _youth_records(self, youths: QuerySet[Any], why: str) -> list[Record]:
        end = self.period.end
        situations = DIMENSION_LABELS["situation"]
        return [
            Record(
                "Jeune",
                row["first_met_on"],
                row["pseudonym"],
                f"{why} — {_gender(row['gender'])}, {_band(row['_band'])} au "
                f"{french_date(end)}, {_place_text(row)}, "
                f"{situations.get(row['situation'], row['situation'])}",
                1,
            )
            # Explicit fields: never the encrypted identity.
            for row in youths.values(
                "pseudonym", "gender", "situation", "first_met_on", "_band", "_q_name", "_c_name"
            ).order_by("pseudonym", "pk")
        ]

    def _youths(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.annotate(_band=age_band_expression(self.period.end), **_youth_places())

    def first_met(self, where: dict[str, str | None]) -> list[Record]:
        youths = self._youths(
            fieldwork.Youth.objects.filter(
                self.services, first_met_on__range=(self.period.start, self.period.end)
            ).filter(self.scope.place_filter("quartier", "commune"))
        )
        youths = _filtered(youths, where, {"gender": "gender", "age_band": "_band"})
        return self._youth_records(youths, "première rencontre dans la période")

    def accompaniments_qs(self) -> QuerySet[Any]:
        return fieldwork.Accompaniment.objects.filter(
            self.services, _overlapping(self.period.start, self.period.end)
        ).filter(self.scope.place_filter("youth__quartier", "youth__commune"))

    def accompanied(self, where: dict[str, str | None]) -> list[Record]:
        youths = self._youths(
            fieldwork.Youth.objects.filter(pk__in=self.accompaniments_qs().values("youth_id"))
        )
        youths = _filtered(
            youths,
            where,
            {
                "gender": "gender",
                "age_band": "_band",
                "situation": "situation",
                "qualification": "qualification",
            },
        )
        return self._youth_records(youths, "accompagné pendant la période")

    def accompaniments(self, where: dict[str, str | None]) -> list[Record]:
        start, end = self.period.start, self.period.end
        rows = self.accompaniments_qs().annotate(
            _duration=_duration_band_expression(end),
            _new=Case(
                When(started_on__gte=start, then=Value("1")),
                default=Value("0"),
                output_field=CharField(),
            ),
        )
        rows = _filtered(
            rows,
            where,
            {
                "entry_mode": "entry_mode",
                "intensity": "intensity",
                "duration": "_duration",
                "new": "_new",
            },
        )
        return [
            Record(
                "Accompagnement",
                row["started_on"],
                row["youth__pseudonym"],
                f"du {row['started_on']:%d/%m/%Y}"
                + (f" au {row['ended_on']:%d/%m/%Y}" if row["ended_on"] else " (en cours)")
                + f", {dimension_label('entry_mode', row['entry_mode'])}, "
                f"{dimension_label('duration', row['_duration'])}",
                1,
            )
            for row in rows.values(
                "started_on", "ended_on", "entry_mode", "_duration", "youth__pseudonym"
            ).order_by("started_on", "pk")
        ]

    def labelled(self, name: str, label: str | None) -> list[Record]:
        """Distinct youths accompanied in the period with that problem (response)."""
        field = (
            fieldwork.Accompaniment.problems
            if name == "problems"
            else fieldwork.Accompaniment.responses
        )
        links: QuerySet[Any, Any] = field.through.objects.filter(
            accompaniment__in=self.accompaniments_qs()
        )
        if label is None:
            # A youth counts once per label: the sum of the lines, not distinct youths.
            labels = links.values_list("choiceitem__label", flat=True).distinct().order_by()
            return [r for each in sorted(set(labels)) for r in self.labelled(name, each)]
        links = links.filter(choiceitem__label=label)
        youths = self._youths(
            fieldwork.Youth.objects.filter(pk__in=links.values("accompaniment__youth_id"))
        )
        what = "problématique" if name == "problems" else "réponse"
        return self._youth_records(youths, f"{what} « {label} »")

    def acted_with(self) -> list[Record]:
        youths = self._youths(
            fieldwork.Youth.objects.filter(
                pk__in=fieldwork.Intervention.objects.filter(
                    accompaniment__in=self.accompaniments_qs(),
                    occurred_on__range=(self.period.start, self.period.end),
                ).values("accompaniment__youth_id")
            )
        )
        return self._youth_records(youths, "une action menée avec lui dans la période")

    def in_relation(self, where: dict[str, str | None] | None = None) -> list[Record]:
        """Youths met (persons, « en relation avec l'équipe »): first met in the period,
        accompanied during it or taking part in a collective action then."""
        start, end = self.period.start, self.period.end
        in_action = fieldwork.CollectiveAction.participants.through.objects.filter(
            collectiveaction__started_on__lte=end
        ).filter(
            Q(collectiveaction__ended_on__isnull=True) | Q(collectiveaction__ended_on__gte=start)
        )
        youths = self._youths(
            fieldwork.Youth.objects.filter(self.services, first_met_on__lte=end)
            .filter(self.scope.place_filter("quartier", "commune"))
            .filter(
                Q(first_met_on__gte=start)
                | Q(pk__in=self.accompaniments_qs().values("youth_id"))
                | Q(pk__in=in_action.values("youth_id"))
            )
        )
        youths = _filtered(youths, where or {}, {"gender": "gender", "age_band": "_band"})
        return self._youth_records(youths, "rencontré, accompagné ou en action collective")

    # -- collective actions
    def actions_qs(self) -> QuerySet[Any]:
        return fieldwork.CollectiveAction.objects.filter(
            self.services, _overlapping(self.period.start, self.period.end)
        )

    def actions(self, category: str | None, families: bool = False) -> list[Record]:
        rows = self.actions_qs()
        if category is not None:
            rows = rows.filter(category=category)
        return [
            Record(
                "Action collective",
                row["started_on"],
                row["title"],
                f"{dimension_label('category', row['category'])}, {row['families_count']} famille(s)",
                row["families_count"] if families else 1,
            )
            for row in rows.values("title", "category", "started_on", "families_count").order_by(
                "started_on", "pk"
            )
        ]

    def participants(
        self, action_pk: int | None, by: str | None, code: str | None, distinct: bool = False
    ) -> list[Record]:
        """Recorded participants (a youth once per action, or once overall when ``distinct``)
        and anonymous counts of the actions overlapping the period."""
        actions = self.actions_qs()
        if action_pk is not None:
            actions = actions.filter(pk=action_pk)
        through = fieldwork.CollectiveAction.participants.through
        # Any model: the places are annotated from a dict the type checker cannot read.
        recorded: QuerySet[Any, Any] = (
            through.objects.filter(collectiveaction__in=actions)
            .filter(self.scope.place_filter("youth__quartier", "youth__commune"))
            .annotate(
                _band=age_band_expression(self.period.end, "youth__"), **_youth_places("youth__")
            )
        )
        anonymous = (
            fieldwork.ParticipantCount.objects.filter(action__in=actions)
            .filter(self.scope.place_filter("quartier", "quartier__commune"))
            .annotate(
                _q=F("quartier_id"),
                _c=F("quartier__commune_id"),
                _q_name=F("quartier__name"),
                _c_name=F("quartier__commune__name"),
            )
        )
        if by is not None and code is not None:
            recorded = _filtered(recorded, {by: code}, {"age_band": "_band"})
            anonymous = _filtered(anonymous, {by: code}, {"age_band": "age_band"})
        result: list[Record] = []
        seen: set[int] = set()
        for row in recorded.values(
            "youth_id",
            "youth__pseudonym",
            "youth__gender",
            "_band",
            "_q_name",
            "_c_name",
            "collectiveaction__title",
            "collectiveaction__started_on",
        ).order_by("collectiveaction__started_on", "collectiveaction_id", "youth__pseudonym"):
            if distinct and row["youth_id"] in seen:
                continue
            seen.add(row["youth_id"])
            result.append(
                Record(
                    "Participant enregistré",
                    row["collectiveaction__started_on"],
                    row["youth__pseudonym"],
                    f"{row['collectiveaction__title']} — {_gender(row['youth__gender'])}, "
                    f"{_band(row['_band'])}, {_place_text(row)}",
                    1,
                )
            )
        for row in anonymous.values(
            "gender",
            "age_band",
            "count",
            "_q_name",
            "_c_name",
            "action__title",
            "action__started_on",
        ).order_by("action__started_on", "action_id", "pk"):
            result.append(
                Record(
                    "Participants comptés anonymement",
                    row["action__started_on"],
                    row["action__title"],
                    f"{_gender(row['gender'])}, {_band(row['age_band'])}, {_place_text(row)}",
                    row["count"],
                )
            )
        return result

    # -- partnership, families, time, staff
    def partnership(
        self, kind: str | None, hours: bool = False, by_kind: bool = False
    ) -> list[Record]:
        """The partnership actions of the period (of one kind of partner). ``by_kind``: once
        per kind of partner, as the distribution by kind adds them up."""
        rows = fieldwork.PartnershipAction.objects.filter(
            self.services, date__range=(self.period.start, self.period.end)
        )
        if by_kind and kind is None:
            kinds = {k or "other" for k in rows.values_list("partners__kind", flat=True)}
            return [r for each in sorted(kinds) for r in self.partnership(each, hours)]
        if kind == "other":
            rows = rows.filter(Q(partners__kind="other") | Q(partners__isnull=True)).distinct()
        elif kind is not None:
            rows = rows.filter(partners__kind=kind).distinct()
        return [
            Record(
                "Action partenariale",
                row["date"],
                row["title"],
                f"{row['hours'] or 0} h",
                _hours(row["hours"]) if hours else 1,
            )
            for row in rows.values("date", "title", "hours").order_by("date", "pk")
        ]

    def families(self, engaged: bool) -> list[Record]:
        end = self.period.end
        rows = fieldwork.Family.objects.filter(service_id__in=self.scope.service_ids)
        if engaged:
            rows = rows.filter(engaged_since__lte=end).filter(
                Q(engaged_until__isnull=True) | Q(engaged_until__gte=self.period.start)
            )
        else:
            rows = rows.filter(known_since__lte=end)
        return [
            Record(
                "Famille",
                row["known_since"],
                row["code"],
                f"connue depuis le {row['known_since']:%d/%m/%Y}"
                + (
                    f", travail engagé depuis le {row['engaged_since']:%d/%m/%Y}"
                    if row["engaged_since"]
                    else ""
                ),
                1,
            )
            for row in rows.values("code", "known_since", "engaged_since").order_by("code", "pk")
        ]

    def time(self, categories: Iterable[str] | None) -> list[Record]:
        rows = fieldwork.TimeEntry.objects.filter(
            staff__service_id__in=self.scope.service_ids,
            day__range=(self.period.start, self.period.end),
        )
        if categories is not None:
            rows = rows.filter(category__in=list(categories))
        return [
            Record(
                "Temps saisi",
                row["day"],
                row["staff__display_name"],
                dimension_label("time", row["category"]),
                _hours(row["hours"]),
            )
            for row in rows.values("day", "category", "hours", "staff__display_name").order_by(
                "day", "pk"
            )
        ]

    def staff(self, category: str | None) -> list[Record]:
        end = self.period.end
        rows = StaffMember.objects.filter(
            service_id__in=self.scope.service_ids, arrival__lte=end
        ).filter(Q(departure__isnull=True) | Q(departure__gte=end))
        if category is not None:
            rows = rows.filter(category=category)
        categories = {c.value: c.label for c in StaffCategory}
        return [
            Record(
                "Salarié en poste",
                row["arrival"],
                row["display_name"],
                f"{row['job_title']}, {categories.get(row['category'], row['category'])}, "
                f"{row['fte']} ETP",
                _hours(row["fte"]),
            )
            for row in rows.values(
                "display_name", "job_title", "category", "fte", "arrival"
            ).order_by("display_name", "pk")
        ]


def _filtered(
    queryset: QuerySet[Any], where: dict[str, str | None], fields: dict[str, str]
) -> QuerySet[Any]:
    """Keep the records of the row's and column's codes (``None``: all). A dimension the
    records do not carry cannot select any of them."""
    for dimension, code in where.items():
        if code is None:
            continue
        if dimension == "place":
            queryset = queryset.filter(_place_q(code))
        elif dimension in fields:
            queryset = queryset.filter(**{fields[dimension]: code})
        else:
            return queryset.none()
    return queryset
