"""Record once: a street session or an intervention with its duration fills the educator's
time grid for that day and item; the grid shows where the hours come from, the educator adds
what comes on top, and the reports count each hour once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from reperes.fieldwork.enums import InterventionKind, TimeCategory
from reperes.fieldwork.models import StreetSession, TimeEntry
from reperes.fieldwork.street.actions import delete_street_session
from reperes.fieldwork.time.forms import hours_field_name
from reperes.fieldwork.youths.actions import add_intervention
from reperes.reporting.indicators import Period, Scope, compute
from tests.fieldwork.factories import AccompanimentFactory, YouthFactory
from tests.fieldwork.factories_street import territory
from tests.forms import form_data

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 12)  # a Wednesday, ISO week 11 of 2025
WEEK = "2025-W11"


@pytest.fixture
def field(world, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return {**world, **territory(world)}


def _record_session(client, field, duration: str = "2h") -> None:
    response = client.get(reverse("fieldwork:session_create"))
    data = form_data(response)
    data["duration"] = duration
    assert client.post(reverse("fieldwork:session_create"), data).status_code == 302


def _grid(client):
    response = client.get(f"{reverse('fieldwork:time_week')}?semaine={WEEK}")
    assert response.status_code == 200
    return response


def test_two_2h_street_sessions_show_4h_in_the_week_grid(client, field):
    client.force_login(field["users"]["educator_a"])
    _record_session(client, field)
    _record_session(client, field)
    response = _grid(client)
    grid = response.context["grid"]
    assert grid["week_total"] == "4"
    wednesday = grid["rows"][2]
    assert wednesday["total"] == "4"
    cell = next(c for c in wednesday["cells"] if c["category"] == TimeCategory.SOCIAL_PRESENCE)
    assert [s["shown"] for s in cell["sources"]] == ["2", "2"]
    html = response.content.decode()
    assert "2 h · Travail de rue" in html
    # Nothing to re-type: the typed cell stays empty, the hours come from the sessions.
    assert not response.context["form"][hours_field_name(TimeCategory.SOCIAL_PRESENCE, 2)].value()
    # The Terrain home says the same.
    assert client.get(reverse("fieldwork:home")).context["week_hours"] == "4"


def test_the_educator_completes_the_grid_and_the_sessions_stay(client, field):
    client.force_login(field["users"]["educator_a"])
    _record_session(client, field)
    data = {
        hours_field_name(TimeCategory.SOCIAL_PRESENCE, 2): "1,5",
        hours_field_name(TimeCategory.ADMINISTRATIVE, 2): "2",
    }
    url = f"{reverse('fieldwork:time_week')}?semaine={WEEK}"
    assert client.post(url, data).status_code == 302
    assert _grid(client).context["grid"]["week_total"] == "5,5"
    # Saving the grid again (empty) removes what was typed, never the session's hours.
    cleared = dict.fromkeys(data, "")
    assert client.post(url, cleared).status_code == 302
    entries = TimeEntry.objects.filter(staff=field["staff"])
    assert [(e.hours, e.street_session_id is not None) for e in entries] == [
        (Decimal("2.00"), True)
    ]


def test_a_day_over_24_hours_with_the_sessions_is_refused(client, field):
    client.force_login(field["users"]["educator_a"])
    _record_session(client, field, "4h")
    url = f"{reverse('fieldwork:time_week')}?semaine={WEEK}"
    response = client.post(url, {hours_field_name(TimeCategory.TRAINING, 2): "21"})
    assert response.status_code == 200
    assert "plus de 24 heures" in response.content.decode()
    assert TimeEntry.objects.filter(street_session=None).count() == 0


def test_correcting_or_deleting_the_session_corrects_the_grid(client, field):
    client.force_login(field["users"]["educator_a"])
    _record_session(client, field)
    session = StreetSession.objects.get()
    response = client.get(reverse("fieldwork:session_edit", args=[session.pk]))
    data = form_data(response)
    data["duration"] = "3h"
    assert (
        client.post(reverse("fieldwork:session_edit", args=[session.pk]), data).status_code == 302
    )
    assert _grid(client).context["grid"]["week_total"] == "3"
    delete_street_session(field["users"]["educator_a"], StreetSession.objects.get())
    assert _grid(client).context["grid"]["week_total"] == "0"


def test_an_interview_with_its_duration_fills_individual_accompaniment(client, field):
    youth = YouthFactory(service=field["service"])
    accompaniment = AccompanimentFactory(youth=youth, started_on=date(2025, 1, 6))
    add_intervention(
        field["users"]["educator_a"],
        accompaniment,
        occurred_on=TODAY,
        kind=InterventionKind.INTERVIEW,
        duration_minutes=90,
        staff=field["staff"],
    )
    client.force_login(field["users"]["educator_a"])
    grid = _grid(client).context["grid"]
    cell = next(c for c in grid["rows"][2]["cells"] if c["category"] == TimeCategory.INDIVIDUAL)
    assert [s["shown"] for s in cell["sources"]] == ["1,5"]
    assert grid["week_total"] == "1,5"


def test_reports_count_the_sessions_hours_once(client, field):
    client.force_login(field["users"]["educator_a"])
    _record_session(client, field)
    _record_session(client, field)
    url = f"{reverse('fieldwork:time_week')}?semaine={WEEK}"
    client.post(url, {hours_field_name(TimeCategory.ADMINISTRATIVE, 2): "1"})
    figures = compute(
        Scope(service_ids=(field["service"].pk,), label="A"),
        Period(date(2025, 3, 1), date(2025, 3, 31)),
    )
    values = figures.values
    assert values["time"] == Decimal("5")
    assert values[f"time.{TimeCategory.SOCIAL_PRESENCE}"] == Decimal("4")
