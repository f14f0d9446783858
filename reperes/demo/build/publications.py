"""Demo publications (issue 9): every service with field records publishes each report its
conventions ask for (``obligations``: their report clauses), for each of the periods that end
in the demo year (the last finished year with street sessions, before the load's day), as its
director would on the first day of the next year; and one report is corrected — the Longwy annual review is published again,
version 2, once its director has reread the written parts.

Idempotent: a (service, model, period) already published is left as it is. Called by
``reperes.demo.build.reporting.load`` after the field-work demo.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Max

from reperes.demo import timeline
from reperes.demo.seeds import seed_000
from reperes.fieldwork.models import StreetSession
from reperes.partners.models import Service
from reperes.reporting.indicators import Period
from reperes.reporting.models import Publication
from reperes.reporting.obligations import by_model, report_obligations
from reperes.reporting.publications import PublicationRefused, allowed_periods, publish_report

CORRECTED_MODEL = "bilan-annuel"
CORRECTION = "Parties rédigées par la direction relues et complétées après la première publication"


def demo_year() -> int | None:
    """The last year with street sessions that was over by the load's day."""
    this_year = date(timeline.load_day().year, 1, 1)
    last = StreetSession.objects.filter(date__lt=this_year).aggregate(last=Max("date"))["last"]
    return last.year if last else None


def load_publications() -> int:
    """Publish the demo's reports; returns how many publications were made."""
    year = demo_year()
    if year is None:
        return 0
    day = date(year + 1, 1, 1)  # the demo publishes once its year is over
    made = 0
    services = Service.objects.filter(street_sessions__isnull=False).distinct().order_by("pk")
    for service in services:
        owed = by_model(report_obligations(service, date(year, 1, 1), until=date(year, 12, 31)))
        for model_key in owed:
            for period in _periods(service, model_key, year, day):
                exists = Publication.objects.filter(
                    service=service, model_key=model_key, period_key=period.key
                ).exists()
                if exists:
                    continue
                try:
                    publish_report(service, model_key, period, None, today=day)
                except PublicationRefused:
                    continue  # earlier publications would narrow it: not published
                made += 1
    made += _correction(year, day)
    return made


def _periods(service: Service, model_key: str, year: int, day: date) -> list[Period]:
    return [p for p in allowed_periods(service, model_key, day) if p.end.year == year]


def _correction(year: int, day: date) -> int:
    service = Service.objects.filter(name=seed_000.SERVICE).first()
    if service is None:
        return 0
    period = Period.year(year)
    found = Publication.objects.filter(
        service=service, model_key=CORRECTED_MODEL, period_key=period.key
    )
    if not found.exists() or found.filter(version__gte=2).exists():
        return 0
    try:
        publish_report(service, CORRECTED_MODEL, period, None, CORRECTION, today=day)
    except PublicationRefused:
        return 0
    return 1
