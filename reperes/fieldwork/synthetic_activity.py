"""The service's activity in the synthetic field work (see synthetic.py): street sessions with
their contacts counted, the weekly time of each educator, collective actions, partnership
actions and observations of the territory. ``GeneratorBase`` holds what every part shares."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from reperes.core.french import MONTHS
from reperes.fieldwork.collective.models import CollectiveAction, ParticipantCount
from reperes.fieldwork.partners.models import Observation, Partner, PartnershipAction
from reperes.fieldwork.street.models import ContactCount, StreetSession
from reperes.fieldwork.time.models import TimeEntry
from reperes.fieldwork.youths.models import Accompaniment, Youth
from reperes.partners.models import Commune, Place, Quartier, Service
from reperes.people.models import StaffMember
from reperes.rules.delays import NATIONAL_CALENDAR

from . import synthetic_tables as tables
from .enums import AgeBand, CollectiveCategory, ObservationTopic, SessionKind, TimeCategory

BATCH = 2000
DAY = timedelta(days=1)
HOURS_A_DAY = 7


@dataclass
class Summary:
    """How many records of each kind were written."""

    counts: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        return [f"{label} : {self.counts[label]}" for label in self.counts]


@dataclass
class YouthPlan:
    """A youth being generated, with the age drawn and the accompaniments planned."""

    youth: Youth
    age: int
    accompaniments: list[Accompaniment] = field(default_factory=list)


class GeneratorBase:
    """The state of one run, read once from the database in a fixed order (synthetic.py)."""

    rng: random.Random
    service: Service
    year: int
    start: date
    end: date
    places: dict[tuple[Commune | None, Quartier | None], int]
    venues: dict[int, list[Place]]
    educators: list[StaffMember]
    partners: list[Partner]
    leave: dict[int, set[int]]  # staff pk -> ISO weeks off
    summary: Summary

    def _place(self) -> tuple[Commune | None, Quartier | None]:
        return tables.pick(self.rng, self.places)

    def _venue(self, commune: Commune | None, quartier: Quartier | None) -> Place | None:
        options = [
            p for p in self.venues.get(commune.pk if commune else 0, [])
            if quartier is None or p.quartier_id in (None, quartier.pk)
        ]  # fmt: skip
        return self.rng.choice(options) if options and self.rng.random() < 0.4 else None

    def _active(self, staff: StaffMember, day: date) -> bool:
        return staff.arrival <= day and (staff.departure is None or day <= staff.departure)

    def _account(self, staff: Sequence[StaffMember]) -> Any:
        return next((s.account for s in staff if s.account_id), None)

    def _bulk(self, label: str, model: type[Any], objects: list[Any]) -> list[Any]:
        created = model._default_manager.bulk_create(objects, batch_size=BATCH)
        if label:
            self.summary.counts[label] += len(created)
        return created

    def _through(self, manager_field: Any, pairs: list[tuple[int, int]]) -> None:
        through = manager_field.through
        source = manager_field.field.m2m_field_name() + "_id"
        target = manager_field.field.m2m_reverse_field_name() + "_id"
        rows = [through(**{source: a, target: b}) for a, b in pairs]
        through.objects.bulk_create(rows, batch_size=BATCH)


class ActivityGenerator(GeneratorBase):
    # -- street work and time
    def _working_days(self) -> list[date]:
        days, day = [], self.start
        while day <= self.end:
            if NATIONAL_CALENDAR.is_working_day(day):
                days.append(day)
            day += DAY
        return days

    def _leave(self) -> dict[int, set[int]]:
        """Five weeks off a year per educator: three in summer, one at Christmas, one in spring."""
        leave = {}
        for staff in self.educators:
            summer = self.rng.randint(28, 32)
            leave[staff.pk] = {summer, summer + 1, summer + 2, 52, self.rng.randint(8, 18)}
        return leave

    def _days_off(self, staff: StaffMember) -> set[int]:
        """Part-time staff (0.8 ETP) do not work on one weekday: Wednesday, then Friday…"""
        n = round((1 - float(staff.fte)) * 5)
        return set((2, 4, 0, 1, 3)[:n])

    def _works(self, staff: StaffMember, day: date) -> bool:
        return (
            self._active(staff, day)
            and day.isocalendar().week not in self.leave[staff.pk]
            and day.weekday() not in self._days_off(staff)
        )

    def _street_sessions(self) -> dict[tuple[int, date], int]:
        rng = self.rng
        self.leave = self._leave()
        weeks: dict[tuple[int, int], list[date]] = {}
        for day in self._working_days():
            weeks.setdefault(day.isocalendar()[:2], []).append(day)
        sessions, teams, contacts = [], [], []
        minutes: Counter[tuple[int, date]] = Counter()
        for days in weeks.values():
            present = [s for s in self.educators if any(self._works(s, d) for d in days)]
            rng.shuffle(present)
            pairs = [present[i : i + 2] for i in range(0, len(present), 2)]
            for team in pairs:
                for _ in range(3 if len(team) == 2 else 2):
                    possible = [d for d in days if all(self._works(s, d) for s in team)]
                    if not possible:
                        break
                    day = rng.choice(possible)
                    commune, quartier = self._place()
                    duration = rng.randrange(90, 211, 15)
                    session = StreetSession(
                        service=self.service,
                        kind=SessionKind.STREET_WORK
                        if rng.random() < 0.7
                        else SessionKind.SOCIAL_PRESENCE,
                        date=day,
                        duration_minutes=duration,
                        commune=commune,
                        quartier=quartier,
                        place=self._venue(commune, quartier),
                        recorded_by=self._account(team),
                    )
                    sessions.append(session)
                    teams.append(team)
                    for staff in team:
                        minutes[(staff.pk, day)] += duration
                    contacts.append(
                        self._counts(
                            0 if rng.random() < 0.05 else max(1, round(rng.gauss(12, 6))),
                            quartier,
                            adults=False,
                        )
                    )
        self._bulk("séances de rue", StreetSession, sessions)
        self._through(
            StreetSession.educators,
            [(s.pk, staff.pk) for s, team in zip(sessions, teams, strict=True) for staff in team],
        )
        rows = []
        for session, counts in zip(sessions, contacts, strict=True):
            for gender, band, quartier, count in counts:
                rows.append(
                    ContactCount(
                        session=session,
                        gender=gender,
                        age_band=band,
                        quartier=quartier,
                        count=count,
                    )
                )
        self._bulk("contacts comptés", ContactCount, rows)
        return minutes

    def _counts(
        self, total: int, quartier: Quartier | None, *, adults: bool
    ) -> list[tuple[str, str, Quartier | None, int]]:
        bands = dict(tables.CONTACT_BANDS)
        if adults:
            bands |= {AgeBand.UNDER_11: 15, AgeBand.OVER_25: 30}
        cells = Counter(
            (tables.pick(self.rng, tables.GENDERS), tables.pick(self.rng, bands))
            for _ in range(total)
        )
        return [(g, b, quartier, n) for (g, b), n in sorted(cells.items())]

    def _time(self, session_minutes: dict[tuple[int, date], int]) -> None:
        rng = self.rng
        taken = set(
            TimeEntry.objects.filter(
                staff__in=self.educators, day__range=(self.start, self.end)
            ).values_list("staff_id", "day")
        )
        entries = []
        days = self._working_days()
        categories = list(tables.TIME_WEIGHTS)
        for staff in self.educators:
            for day in days:
                if not self._works(staff, day) or (staff.pk, day) in taken:
                    continue
                quarters = HOURS_A_DAY * 4
                # Social presence: the day's sessions, at least two hours, at most five.
                street = min(
                    max(session_minutes.get((staff.pk, day), 0) // 15, rng.randint(8, 14)), 20
                )
                others = tables.distinct(
                    rng, categories, list(tables.TIME_WEIGHTS.values()), rng.randint(2, 4)
                )
                split = tables.allocate(
                    quarters - street,
                    [tables.TIME_WEIGHTS[c] * rng.random() + 1 for c in others],
                    1,
                    quarters,
                )
                entries.append(
                    TimeEntry(
                        staff=staff,
                        day=day,
                        category=TimeCategory.SOCIAL_PRESENCE,
                        hours=Decimal(street) / 4,
                    )
                )
                for category, q in zip(others, split, strict=True):
                    entries.append(
                        TimeEntry(staff=staff, day=day, category=category, hours=Decimal(q) / 4)
                    )
        self._bulk("temps saisis", TimeEntry, entries)

    # -- collective actions, partnership and observation
    def _collective_actions(self, plans: list[YouthPlan]) -> None:
        rng = self.rng
        n = min(max(round(len(plans) / 8), len(CollectiveCategory)), 80)
        categories = list(CollectiveCategory) + [
            tables.pick(rng, tables.COLLECTIVE_CATEGORIES)
            for _ in range(n - len(CollectiveCategory))
        ]
        actions, known, partners, counts = [], [], [], []
        for category in categories:
            titles, days, known_range, counted, families, fits = tables.COLLECTIVE[category]
            started = tables.day(rng, self.start, self.end)
            length = rng.randint(*days)
            ended = (
                started + timedelta(days=length)
                if started + timedelta(days=length) <= self.end
                else None
            )
            action = CollectiveAction(
                service=self.service,
                title=f"{rng.choice(titles)} — {MONTHS[started.month - 1]}",
                category=category,
                started_on=started,
                ended_on=ended,
                families_count=rng.randint(*families),
            )
            if category in tables.FUNDED:
                action.funding, span = tables.FUNDED[category]
                action.amount = Decimal(rng.randrange(*span, 50))
            pool = [p for p in plans if p.youth.first_met_on <= started and fits(p.age)]
            known.append(rng.sample(pool, min(rng.randint(*known_range), len(pool))))
            partners.append(rng.sample(self.partners, min(rng.randint(0, 2), len(self.partners))))
            counts.append(
                self._counts(
                    rng.randint(*counted), self._place()[1], adults=category in tables.WITH_ADULTS
                )
            )
            actions.append(action)
        self._bulk("actions collectives", CollectiveAction, actions)
        self._through(
            CollectiveAction.participants,
            [(a.pk, p.youth.pk) for a, group in zip(actions, known, strict=True) for p in group],
        )
        self._through(
            CollectiveAction.partners,
            [(a.pk, p.pk) for a, group in zip(actions, partners, strict=True) for p in group],
        )
        self._bulk(
            "participants comptés",
            ParticipantCount,
            [
                ParticipantCount(action=a, gender=g, age_band=b, quartier=q, count=c)
                for a, rows in zip(actions, counts, strict=True)
                for g, b, q, c in rows
            ],
        )

    def _partnership_actions(self) -> None:
        rng = self.rng
        actions, links = [], []
        for month in range(1, self.end.month + 1):
            for _ in range(2):
                day = tables.day(
                    rng, date(self.year, month, 1), min(date(self.year, month, 28), self.end)
                )
                actions.append(
                    PartnershipAction(
                        service=self.service,
                        date=day,
                        title=rng.choice(tables.PARTNERSHIP_TITLES),
                        hours=tables.quarters(rng.randrange(60, 181, 30)),
                    )
                )
                links.append(rng.sample(self.partners, min(rng.randint(1, 2), len(self.partners))))
        self._bulk("actions partenariales", PartnershipAction, actions)
        self._through(
            PartnershipAction.partners,
            [(a.pk, p.pk) for a, group in zip(actions, links, strict=True) for p in group],
        )

    def _observations(self) -> None:
        rng = self.rng
        rows = []
        for month in range(1, self.end.month + 1):
            for _ in range(rng.randint(1, 2)):
                day = tables.day(
                    rng, date(self.year, month, 1), min(date(self.year, month, 28), self.end)
                )
                topic = tables.pick(rng, dict.fromkeys(ObservationTopic, 1))
                commune, quartier = self._place()
                rows.append(
                    Observation(
                        service=self.service,
                        observed_on=day,
                        topic=topic,
                        commune=commune,
                        quartier=quartier,
                        text=rng.choice(tables.OBSERVATIONS[topic]),
                        shareable=rng.random() < 0.9,
                        recorded_by=self._account(self.educators),
                    )
                )
        self._bulk("observations", Observation, rows)
