"""The statistics survive retention: every report the demo's conventions oblige, for every past
period they oblige, and every publication are identical before and after a retention run years
later that anonymises most of the records."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from reperes.fieldwork.models import StreetSession, Youth
from reperes.partners.models import Service
from reperes.privacy import retention
from reperes.reporting.indicators import Scope
from reperes.reporting.models import Publication
from reperes.reporting.obligations import MODELS, owed_periods
from reperes.reporting.reports import build

TODAY = date(2026, 1, 1)  # every demo period owed is past


def _reports() -> dict[tuple[Any, ...], Any]:
    result = {}
    services = Service.objects.filter(street_sessions__isnull=False).distinct()
    for service in services.order_by("pk"):
        for key in MODELS:
            for offer in owed_periods(service, key, TODAY):
                report = build(
                    key, scope=Scope.for_service(service), period=offer.period, service=service
                )
                result[(service.pk, key, offer.period)] = report
    for publication in Publication.objects.order_by("pk"):
        result[("publication", publication.pk)] = (publication.content, publication.exact)
    return result


@pytest.mark.django_db
def test_every_report_and_publication_is_identical_after_retention(demo, access_day):
    before = _reports()
    assert len(before) > 10
    last = StreetSession.objects.order_by("-date").values_list("date", flat=True).first()
    day = date(last.year + 4, 6, 1)
    access_day.move(day)
    done = retention.run(day)
    anonymised = sum(f.youths for f in done.values())
    assert anonymised > Youth.objects.count() // 2
    after = _reports()
    assert after.keys() == before.keys()
    changed = [key for key in before if before[key] != after[key]]
    assert changed == []
