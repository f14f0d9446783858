"""Bring the figures store up to date (``reperes.reporting.figures_store``): after a release
whose definitions changed, or to spare the first funder of the day the computation.

manage.py compute_figures                 # this year and the five before
manage.py compute_figures --year 2025     # one year

Only the services whose records moved since their figures were stored are computed; the
others are read. Run it after ``migrate`` when deploying, or nightly.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reperes.partners.models import Service
from reperes.reporting import consolidation, figures_store

BATCH = 50  # services computed together: a few grouped queries each


class Command(BaseCommand):
    help = "Met à jour les chiffres gardés des services (consolidation des financeurs)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, help="Une seule année (AAAA).")

    def handle(self, *args: Any, **options: Any) -> None:
        this_year = timezone.localdate().year
        year = options["year"]
        if year is not None and not 2000 <= year <= this_year:
            raise CommandError(f"Année invalide : entre 2000 et {this_year}.")
        years = [year] if year is not None else list(range(this_year - 5, this_year + 1))
        services = list(Service.objects.order_by("pk"))
        coverage = consolidation.years_with_data(services, max(years))
        done = 0
        for each in years:
            ids = sorted(coverage.get(each, set()))
            for start in range(0, len(ids), BATCH):
                figures_store.values_by_service(ids[start : start + BATCH], each)
            done += len(ids)
        self.stdout.write(
            f"Chiffres à jour pour {done} couple(s) service-année "
            f"({len(services)} service(s), années {years[0]} à {years[-1]})."
        )
