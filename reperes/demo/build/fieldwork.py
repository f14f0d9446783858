"""Demo field work: one year of clearly synthetic records for each service that has a demo
educator account (BRIEF, « The five conventions are the demo »), so that the educator's lists,
the time grid and the reports have something to show.

Called by ``manage.py load_demo`` after people, money, governance and deadlines (the staff
register must exist: time entries belong to its members). A service that already has field
records is left as it is, so a second run writes nothing. No access-log entry and no audit
entry: this is seeding, not somebody reading or changing a youth's file.

The records cover the load's year up to the load's day and the whole year before it
(``reperes.demo.timeline``): in the seeds' story, 2025, the last year of the seed 000 and 004
conventions (1 January 2023 – 31 December 2025), and 2024, whose activity report is due by 30
April 2025 (seed 004 art. 8).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction

from reperes.demo import timeline
from reperes.demo.seeds import seed_000, seed_001, seed_004
from reperes.fieldwork import synthetic
from reperes.partners.models import Service

#: The seeds' story: the year before the reference year, complete, and the reference year.
YEARS = (timeline.REFERENCE_YEAR - 1, timeline.REFERENCE_YEAR)


@dataclass(frozen=True)
class DemoService:
    name: str
    youths: int
    seed: int


# Sizes in proportion to the teams (seed 000: 8 educators; seed 004: 6 posts; seed 001, Arras:
# 3.83 ETP), kept small enough for ``load_demo`` to stay quick.
SERVICES = (
    DemoService(seed_000.SERVICE, youths=160, seed=0),
    DemoService(seed_004.SERVICE, youths=120, seed=4),
    DemoService(seed_001.SPS_ARRAS, youths=80, seed=1),
)


@transaction.atomic
def load() -> None:
    if not settings.DEMO_ALLOWED:
        raise RuntimeError("La démonstration est désactivée sur cette installation (REPERES_DEMO).")
    shift, today = timeline.current(), timeline.load_day()
    for spec in SERVICES:
        service = Service.objects.filter(name=spec.name).first()
        if service is None:
            raise RuntimeError(
                f"Le service « {spec.name} » n'existe pas : lancez d'abord « manage.py load_demo »."
            )
        if synthetic.has_field_records(service):
            continue
        for story_year in YEARS:
            year = shift.year(story_year)
            synthetic.generate(
                service,
                year=year,
                youths=spec.youths,
                # The reference year keeps the seed it always had; the year before, its own.
                seed=spec.seed + 10 * (timeline.REFERENCE_YEAR - story_year),
                until=min(date(year, 12, 31), today),
            )
