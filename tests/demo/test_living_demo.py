"""A living demo: loaded on any day of any year, it tells the seeds' story in that year.

With the clock frozen on a day (``timezone.now`` and the access day), ``load_demo`` lays the
conventions, payments, meetings and field records relative to it: the main conventions are in
force, the year before is complete, each report opens on a period with data and each funder's
consolidation has figures. One load per day (about 40 s each).
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from reperes.accounts.models import User
from reperes.conventions.dates import dates_of
from reperes.conventions.models import Convention
from reperes.core.models import DataWarning
from reperes.demo import timeline
from reperes.demo.seeds import seed_000, seed_001, seed_004
from reperes.fieldwork.models import StreetSession
from reperes.money.models import Instalment
from reperes.partners.models import Service
from reperes.reporting.consolidation import SOURCE_NONE
from reperes.rules.periods import Status

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
DAYS = [date(2027, 1, 1), date(2028, 7, 15), date(2026, 12, 5)]
# The services with a demo educator (reperes.demo.build.fieldwork) and who reads their reports.
DIRECTORS = {
    seed_000.SERVICE: "direction.longwy",
    seed_004.SERVICE: "educateur.montelimar",
    seed_001.SPS_ARRAS: "educateur.arras",
}
FUNDERS = ("agent.meurthe-et-moselle", "agent.drome", "agent.pas-de-calais")


def _user(prefix: str) -> User:
    return User.objects.get(email__startswith=f"{prefix}@")


def _has_figures(report) -> bool:
    """A report table with a positive number in it."""
    for table in report.tables:
        for line in table.cells:
            for cell in line:
                value = getattr(cell, "value", cell)
                if isinstance(value, int | Decimal) and value > 0:
                    return True
    return False


@pytest.mark.parametrize("day", DAYS, ids=[d.isoformat() for d in DAYS])
def test_the_demo_loaded_on_a_day_tells_its_story_that_year(client, access_day, day):
    access_day.move(day)
    instant = datetime.combine(day, time(10, 0), tzinfo=PARIS)
    with mock.patch("django.utils.timezone.now", return_value=instant):
        call_command("load_demo", stdout=StringIO())
        shift = day.year - timeline.REFERENCE_YEAR

        # The main conventions are in force, their history as the source dates it.
        for spec in (seed_000.CONVENTION, seed_004.CONVENTION):
            convention = Convention.objects.get(title=spec.title)
            assert dates_of(convention, day).status.status is Status.IN_FORCE, spec.title
            assert convention.ends_on == date(2025 + shift, 12, 31)
            notes = [w.message for w in DataWarning.for_object(convention)]
            assert any("31 décembre 2025 dans la source" in n for n in notes), notes
        longwy = Convention.objects.get(title=seed_000.CONVENTION.title)
        assert longwy.starts_on == date(2023 + shift, 1, 1)
        assert longwy.starts_on_text == "01 janvier 2023"  # as written

        # Field records: the year before complete, this year up to the day, nothing later.
        for name in DIRECTORS:
            sessions = StreetSession.objects.filter(service__name=name)
            assert sessions.filter(date__year=day.year - 1).count() > 50, name
            assert not sessions.filter(date__gt=day).exists(), name
        # Payments are never in the future.
        assert not Instalment.objects.filter(paid_on__gt=day).exists()

        # The funder's page says so, with the source's dates.
        drome = Convention.objects.get(title=seed_004.CONVENTION.title)
        client.force_login(_user("agent.drome"))
        page = client.get(reverse("conventions:detail", kwargs={"pk": drome.pk})).content.decode()
        assert "En vigueur" in page
        assert "jusqu&#x27;au 31 décembre 2025 dans la source" in page

        # Each director's report opens on a period with figures.
        for name, director in DIRECTORS.items():
            service = Service.objects.get(name=name)
            client.force_login(_user(director))
            page = client.get(reverse("reporting:report", kwargs={"pk": service.pk}))
            assert page.status_code == 200, name
            report = page.context["report"]
            assert report.period.start < day, (name, report.period)
            assert _has_figures(report), (name, report.period)

        # Each funder's consolidation has figures for its default year.
        for agent in FUNDERS:
            user = _user(agent)
            client.force_login(user)
            url = reverse("reporting:consolidation", kwargs={"pk": user.organisation_id})
            page = client.get(url)
            assert page.status_code == 200, agent
            result = page.context["result"]
            assert result.year < day.year, agent
            filled = [r for r in result.rows if r.source != SOURCE_NONE and any(r.values.values())]
            assert filled, (agent, result.year)
