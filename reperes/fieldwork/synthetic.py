"""Synthetic field work: one service's year of street sessions, youths, accompaniments,
families, collective actions, partners, observations and time, for the demo and the benchmarks.

Everything is invented and looks it (BRIEF, « The five conventions are the demo »): youths are
pseudonym codes; the ~10 % who consent to an identity are called « Zorglub Exemplaire » or
« Testine Inventé-Synthèse », live « 12 rue de l'Exemple » and have phone numbers in the
01 99 00 xx xx range that ARCEP reserves for fiction. Partners and titles are invented too.

The same seed gives the same records (contents, not identifiers: ``public_id`` stays a random
UUID so that even synthetic records are not enumerable). Pseudonyms follow ``new_pseudonym``'s
format but are drawn from the seeded generator.

The distributions aim at plausible screens and reports, not at statistics: ages 11–25, mostly
13–19; about 60 % boys, 38 % girls, 2 % unstated; situations and qualifications that fit the
age; accompaniments lasting from a few days to two years (log-normal), with 1–3 problems of the
default list (school and employment most often) and 2–40 interventions; contacts entered mostly
through street work. Time is entered Monday to Friday, seven hours a day, never outside the
staff member's contract, leave or public holidays, with social presence the largest item.

The activity (street sessions, time, collective actions, partnership, observations) is drawn
in synthetic_activity.py, the distributions and invented words live in synthetic_tables.py.

No access-log entry is written: generating records is not a person reading or changing a
youth's file (the log answers « who saw this youth », and nobody did).
"""

from __future__ import annotations

import math
import random
import re
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from reperes.fieldwork.collective.models import CollectiveAction
from reperes.fieldwork.partners.models import Observation, Partner, PartnershipAction
from reperes.fieldwork.street.models import StreetSession
from reperes.fieldwork.time.models import TimeEntry
from reperes.fieldwork.youths.lists import DEFAULTS, default_items
from reperes.fieldwork.youths.models import Accompaniment, ChoiceItem, Family, Intervention, Youth
from reperes.partners.enums import QuartierKind
from reperes.partners.models import Commune, Place, Quartier, Service
from reperes.people.enums import StaffCategory
from reperes.people.models import StaffMember

from . import synthetic_tables as tables
from .changes import announce
from .enums import (
    DEFAULT_PROBLEMS,
    AgeBand,
    ChoiceKind,
    EntryMode,
    ExitReason,
    Intensity,
    InterventionKind,
    Qualification,
    Situation,
    age_band_for,
)
from .synthetic_activity import DAY, ActivityGenerator, Summary, YouthPlan

MIN_INTERVENTIONS, MAX_INTERVENTIONS = 2, 40

# The format of ``models.new_pseudonym`` (« J-7K3QX »), drawn here from the seeded generator.
PSEUDONYM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PSEUDONYM_FORMAT = re.compile(rf"^J-[{PSEUDONYM_ALPHABET}]{{6}}$")


# ---------------------------------------------------------------- the service's records
FIELD_MODELS = (
    # Children before parents (PROTECT): cascades take contacts, interventions, counts.
    ("accompagnements", Accompaniment, "service"),
    ("actions collectives", CollectiveAction, "service"),
    ("actions partenariales", PartnershipAction, "service"),
    ("jeunes", Youth, "service"),
    ("familles", Family, "service"),
    ("séances de rue", StreetSession, "service"),
    ("observations", Observation, "service"),
    ("partenaires", Partner, "service"),
    ("temps saisis", TimeEntry, "staff__service"),
)


def has_field_records(service: Service) -> bool:
    return any(
        model._default_manager.filter(**{path: service}).exists() for _, model, path in FIELD_MODELS
    )


# The records the generator dates within its year only (accompaniments may start the year
# before, youths be met earlier): one of them in a year means the year was written.
DATED_MODELS = (
    (StreetSession, "service", "date"),
    (TimeEntry, "staff__service", "day"),
    (CollectiveAction, "service", "started_on"),
    (PartnershipAction, "service", "date"),
    (Observation, "service", "observed_on"),
)


def has_year_records(service: Service, year: int) -> bool:
    """Whether ``service`` has field activity dated in ``year`` (generated or entered)."""
    return any(
        model._default_manager.filter(**{path: service, f"{day}__year": year}).exists()
        for model, path, day in DATED_MODELS
    )


@transaction.atomic
def clear(service: Service) -> Summary:
    """Delete every field-work record of ``service`` (for ``generate_fieldwork --replace``).
    The access log stays: it is append-only, its entries keep the youth's public id."""
    summary = Summary()
    for label, model, path in FIELD_MODELS:
        summary.counts[label] = model._default_manager.filter(**{path: service}).delete()[0]
    return summary


def _default_lists() -> Any:
    """The active entries of the default problems and responses, written again if absent."""
    for kind in DEFAULTS:
        default_items(kind)
    return ChoiceItem.objects.filter(convention=None, active=True).order_by("order", "pk")


# ---------------------------------------------------------------- the generator
class _Generator(ActivityGenerator):
    def __init__(
        self,
        service: Service,
        *,
        year: int,
        youths: int,
        seed: int,
        interventions: int | None,
        identities_share: float,
        until: date | None,
    ) -> None:
        if youths < 1:
            raise tables.GenerationError("Il faut au moins un jeune.")
        if not 0 <= identities_share <= 1:
            raise tables.GenerationError(
                "La part des jeunes avec identité est comprise entre 0 et 1."
            )
        self.service, self.year, self.n_youths = service, year, youths
        self.n_interventions, self.identities_share = interventions, identities_share
        self.rng = random.Random(f"reperes-synthetic:{seed}")
        self.start = date(year, 1, 1)
        self.end = min(date(year, 12, 31), until or timezone.localdate())
        if self.end < self.start:
            raise tables.GenerationError(f"L'année {year} n'a pas encore commencé.")
        self.summary = Summary()
        self._load_context()

    # -- context read from the database, always in a fixed order
    def _load_context(self) -> None:
        service = self.service
        # The quartiers of its sectors, else of its communes; a commune without any counts
        # as a whole. QPV weigh three times more: that is where the conventions send the teams.
        quartiers = list(
            Quartier.objects.filter(sectors__service=service).select_related("commune")
        ) or list(Quartier.objects.filter(commune__services=service).select_related("commune"))
        communes = set(service.communes.all()) | set(
            Commune.objects.filter(sectors__service=service)
        )
        self.places: dict[tuple[Commune | None, Quartier | None], int] = {}
        for q in sorted(set(quartiers), key=lambda q: q.pk):
            self.places[(q.commune, q)] = 3 if q.kind == QuartierKind.QPV else 1
        covered = {q.commune_id for q in quartiers}
        for c in sorted(communes, key=lambda c: c.pk):
            if c.pk not in covered:
                self.places[(c, None)] = 1
        self.places = self.places or {(None, None): 1}
        self.venues: dict[int, list[Place]] = {}
        commune_ids = {c.pk for c, _ in self.places if c}
        for place in Place.objects.filter(commune__in=commune_ids).order_by("pk"):
            self.venues.setdefault(place.commune_id, []).append(place)
        self.educators = list(
            StaffMember.objects.filter(
                service=service, category=StaffCategory.SOCIAL_WORKER, arrival__lte=self.end
            )
            .exclude(departure__lt=self.start)
            .select_related("account")
            .order_by("pk")
        )
        defaults = list(_default_lists())
        self.problems = [c for c in defaults if c.kind == ChoiceKind.PROBLEM]
        self.responses = {c.label: c for c in defaults if c.kind == ChoiceKind.RESPONSE}
        self.pseudonyms = set(
            Youth.objects.filter(service=service).values_list("pseudonym", flat=True)
        )
        self.family_codes = set(
            Family.objects.filter(service=service).values_list("code", flat=True)
        )

    # -- the run
    def run(self) -> Summary:
        self.partners = self._partners()
        plans = self._youths()
        self._accompaniments(plans)
        sessions_by_staff = self._street_sessions()
        self._collective_actions(plans)
        self._partnership_actions()
        self._observations()
        self._time(sessions_by_staff)
        return self.summary

    def _partners(self) -> list[Partner]:
        existing = {p.name: p for p in Partner.objects.filter(service=self.service)}
        commune = next((c for c, _ in self.places if c), None)
        new = [
            Partner(service=self.service, name=name, kind=kind, commune=commune, contact=contact)
            for name, kind, contact in tables.PARTNERS
            if name not in existing
        ]
        self._bulk("partenaires", Partner, new)
        return list(Partner.objects.filter(service=self.service).order_by("name"))

    def _pseudonym(self) -> str:
        while True:
            code = "J-" + "".join(self.rng.choice(PSEUDONYM_ALPHABET) for _ in range(6))
            if code not in self.pseudonyms:
                self.pseudonyms.add(code)
                return code

    def _youths(self) -> list[YouthPlan]:
        rng, start, end = self.rng, self.start, self.end
        plans = []
        for _ in range(self.n_youths):
            age = tables.pick(rng, tables.AGES)
            commune, quartier = self._place()
            known_age = rng.random() < 0.95
            situations, qualifications = next(
                (s, q) for limit, s, q in tables.SITUATIONS_BY_AGE if age <= limit
            )
            situation = tables.pick(rng, situations)
            if situation == Situation.EMPLOYMENT and rng.random() < 0.5:
                qualification: str = Qualification.QUALIFIED
            else:
                qualification = tables.pick(rng, qualifications)
            if rng.random() < 0.45:
                first_met = tables.day(rng, start - timedelta(days=3 * 365), start - DAY)
            else:
                first_met = tables.day(rng, start, end)
            youth = Youth(
                service=self.service,
                pseudonym=self._pseudonym(),
                gender=tables.pick(rng, tables.GENDERS),
                birth_year=self.year - age if known_age else None,
                age_band=AgeBand.UNKNOWN if known_age else age_band_for(age),
                commune=commune,
                quartier=quartier,
                situation=situation,
                qualification=qualification,
                first_met_on=first_met,
            )
            if rng.random() < self.identities_share:
                self._identity(youth)
            plans.append(YouthPlan(youth, age))
        self._families(plans)
        for plan in plans:
            plan.youth.refresh_indexes()  # Youth.save would; bulk_create does not call save.
        self._bulk("jeunes", Youth, [p.youth for p in plans])
        self.summary.counts["dont avec identité"] += sum(p.youth.has_identity for p in plans)
        return plans

    def _identity(self, youth: Youth) -> None:
        rng = self.rng
        youth.identity_consent_on = tables.day(rng, max(youth.first_met_on, self.start), self.end)
        youth.identity_consent_by = self._account(self.educators)
        youth.first_name = rng.choice(tables.FIRST_NAMES)
        youth.last_name = rng.choice(tables.LAST_NAMES)
        where = youth.commune.name if youth.commune else "Ville-Exemple"
        youth.address = f"{rng.randint(1, 120)} rue de l'Exemple, {where}"
        youth.phone = f"01 99 00 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"

    def _families(self, plans: list[YouthPlan]) -> None:
        """About 40 % of youths belong to a known family, some with a brother or sister; a
        few families are known without any youth recorded."""
        rng = self.rng
        groups: list[list[YouthPlan]] = []
        for plan in plans:
            if rng.random() >= 0.4:
                continue
            if groups and 0 < len(groups[-1]) < 3 and rng.random() < 0.3:
                groups[-1].append(plan)
            else:
                groups.append([plan])
        groups += [[] for _ in range(max(1, len(groups) // 10))]
        families, index = [], 0
        for group in groups:
            index += 1
            while f"F-{index:04d}" in self.family_codes:
                index += 1
            if group:
                known = min(p.youth.first_met_on for p in group)
            else:
                known = tables.day(rng, self.start, self.end)
            family = Family(service=self.service, code=f"F-{index:04d}", known_since=known)
            if rng.random() < 0.55:
                family.engaged_since = tables.day(rng, max(known, self.start), self.end)
                if rng.random() < 0.3 and family.engaged_since + timedelta(days=30) <= self.end:
                    family.engaged_until = tables.day(
                        rng, family.engaged_since + timedelta(days=30), self.end
                    )
            families.append(family)
        self._bulk("familles", Family, families)
        for family, group in zip(families, groups, strict=True):
            for plan in group:
                plan.youth.family = family

    def _accompaniments(self, plans: list[YouthPlan]) -> None:
        rng, n = self.rng, len(plans)
        order = list(plans)
        rng.shuffle(order)
        accompanied, twice = round(0.5 * n), round(0.05 * n)
        if self.n_interventions is not None:
            wanted = max(accompanied + twice, math.ceil(self.n_interventions / 20))
            wanted = min(wanted, 2 * n, self.n_interventions // MIN_INTERVENTIONS)
            accompanied = min(wanted, n)
            twice = wanted - accompanied
        for i, plan in enumerate(order[:accompanied]):
            self._plan_accompaniments(plan, i < twice)
        accompaniments = [a for p in plans for a in p.accompaniments]
        if not accompaniments:
            return
        weights = [rng.lognormvariate(0, 0.7) for _ in accompaniments]
        if self.n_interventions is None:
            counts = [min(max(round(8 * w), MIN_INTERVENTIONS), MAX_INTERVENTIONS) for w in weights]
        else:
            if self.n_interventions > MAX_INTERVENTIONS * len(accompaniments):
                raise tables.GenerationError(
                    f"{self.n_interventions} interventions pour {n} jeunes : au plus "
                    f"{MAX_INTERVENTIONS} par accompagnement, il faut plus de jeunes."
                )
            counts = tables.allocate(
                self.n_interventions, weights, MIN_INTERVENTIONS, MAX_INTERVENTIONS
            )
        for accompaniment, count in zip(accompaniments, counts, strict=True):
            accompaniment.intensity = (
                Intensity.OCCASIONAL
                if count < 6
                else Intensity.REGULAR
                if count < 20
                else Intensity.INTENSIVE
            )
        self._bulk("accompagnements", Accompaniment, accompaniments)
        referents, problems, responses, interventions = [], [], [], []
        remaining = iter(counts)
        for plan in plans:
            for accompaniment in plan.accompaniments:
                staff = self._referents(accompaniment.started_on)
                referents += [(accompaniment.pk, s.pk) for s in staff]
                chosen = self._problems(plan.age)
                problems += [(accompaniment.pk, c.pk) for c in chosen]
                responses += [(accompaniment.pk, c.pk) for c in self._responses(chosen)]
                interventions += self._interventions(accompaniment, next(remaining), staff)
        self._through(Accompaniment.referents, referents)
        self._through(Accompaniment.problems, problems)
        self._through(Accompaniment.responses, responses)
        self._bulk("interventions", Intervention, interventions)

    def _plan_accompaniments(self, plan: YouthPlan, twice: bool) -> None:
        rng, youth = self.rng, plan.youth
        if twice:
            length = tables.lognormal_days(rng, 90, 0.8, 3, 365)
            latest = self.end - timedelta(days=length + 30)
            earliest = max(youth.first_met_on, self.start - timedelta(days=365))
            if earliest <= latest:
                first = self._accompaniment(youth, tables.day(rng, earliest, latest), length)
                plan.accompaniments.append(first)
                assert first.ended_on is not None
                second_start = first.ended_on + timedelta(days=rng.randint(14, 120))
                if second_start <= self.end:
                    length = tables.lognormal_days(rng, 120, 1.0, 3, 730)
                    plan.accompaniments.append(self._accompaniment(youth, second_start, length))
                    return
                plan.accompaniments.pop()
        length = tables.lognormal_days(rng, 120, 1.0, 3, 730)
        earliest = max(youth.first_met_on, self.start - timedelta(days=length))
        started = tables.day(rng, min(earliest, self.end), self.end)
        plan.accompaniments.append(self._accompaniment(youth, started, length))

    def _accompaniment(self, youth: Youth, started: date, length: int) -> Accompaniment:
        rng = self.rng
        planned_end = started + timedelta(days=length)
        ended = planned_end if planned_end <= self.end else None
        mode = tables.pick(rng, tables.ENTRY_MODES)
        return Accompaniment(
            service=self.service,
            youth=youth,
            started_on=started,
            ended_on=ended,
            entry_mode=mode,
            orienting_partner=rng.choice(self.partners) if mode == EntryMode.PARTNER else None,
            exit_reason=tables.pick(rng, tables.EXIT_REASONS) if ended else "",
        )

    def _referents(self, on: date) -> list[StaffMember]:
        active = [s for s in self.educators if self._active(s, on)] or self.educators
        k = 2 if self.rng.random() < 0.3 else 1
        return self.rng.sample(active, min(k, len(active)))

    def _problems(self, age: int) -> list[ChoiceItem]:
        weights = next(w for limit, w in tables.PROBLEMS_BY_AGE if age <= limit)
        by_label = {c.label: c for c in self.problems}
        population = [by_label.get(label) for label in DEFAULT_PROBLEMS]
        pairs = [(c, w) for c, w in zip(population, weights, strict=True) if c is not None]
        if not pairs:  # the default list was renamed: any of its items, evenly
            pairs = [(c, 1) for c in self.problems]
        k = tables.pick(self.rng, {1: 50, 2: 35, 3: 15})
        return tables.distinct(self.rng, [c for c, _ in pairs], [w for _, w in pairs], k)

    def _responses(self, problems: list[ChoiceItem]) -> list[ChoiceItem]:
        labels: list[str] = []
        for problem in problems:
            options = tables.RESPONSES_FOR.get(problem.label, ())
            if options:
                labels.append(self.rng.choice(options))
        if self.rng.random() < 0.4:
            labels.append(tables.LISTENING)
        chosen = [
            self.responses[label] for label in dict.fromkeys(labels) if label in self.responses
        ]
        return chosen or [next(iter(self.responses.values()))]

    def _interventions(
        self, accompaniment: Accompaniment, count: int, staff: list[StaffMember]
    ) -> list[Intervention]:
        rng = self.rng
        last = min(accompaniment.ended_on or self.end, self.end)
        days = sorted(tables.day(rng, accompaniment.started_on, last) for _ in range(count))
        rows = []
        for i, day in enumerate(days):
            kind = tables.pick(rng, tables.INTERVENTION_KINDS)
            if i == count - 1 and accompaniment.exit_reason == ExitReason.HANDED_OVER:
                kind = InterventionKind.HANDOVER
            low, high = tables.INTERVENTION_MINUTES[kind]
            rows.append(
                Intervention(
                    accompaniment=accompaniment,
                    occurred_on=day,
                    kind=kind,
                    duration_minutes=rng.randrange(low, high + 1, 15),
                    partner=rng.choice(self.partners) if kind in tables.WITH_PARTNER else None,
                    staff=rng.choice(staff) if staff else None,
                )
            )
        return rows


def generate(
    service: Service,
    *,
    year: int,
    youths: int,
    seed: int,
    interventions: int | None = None,
    identities_share: float = 0.1,
    until: date | None = None,
) -> Summary:
    """Write one year of synthetic field work for ``service`` and say how many records.

    ``interventions`` fixes the total number of interventions (the number of accompaniments
    grows to keep 2–40 each); ``until`` caps the dates (default: today, so that the current
    year stops today). Existing records of the service are left alone; pseudonyms, family
    codes and time-entry days already taken are skipped.
    """
    with transaction.atomic():
        summary = _Generator(
            service,
            year=year,
            youths=youths,
            seed=seed,
            interventions=interventions,
            identities_share=identities_share,
            until=until,
        ).run()
        announce([service.pk])  # bulk writes: no model signal says it
        return summary
