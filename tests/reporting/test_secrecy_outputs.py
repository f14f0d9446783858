"""A funder's reports go through the secrecy layer in every format; the service's staff see
exact figures (issue 5, « Statistical secrecy »)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from reperes.reporting.indicators import Period
from reperes.reporting.publications import publish_report
from reperes.reporting.reports import MODELS
from tests.reporting import report_fixture
from tests.reporting.test_publications import TODAY

# Funders read publications (issue 9): each model is published for a period of its kind.
PERIODS = {"conseil-pedagogique": "2024-07-01_2024-12-31"}


@pytest.fixture
def filled(world):
    report_fixture.build(world["services"]["a"], world["services"]["b"])
    return world


def _publish(world, model, service_key="a"):
    publish_report(
        world["services"][service_key],
        model,
        Period.parse(PERIODS.get(model, "2024")),
        world["users"]["director_a"],
        today=TODAY,
    )


def _get(client, name, pk, model):
    period = PERIODS.get(model, "2024")
    return client.get(reverse(name, kwargs={"pk": pk}) + f"?modele={model}&periode={period}")


def _cells(api):
    """Cells by table, row label and column label (a place merged under the zone floor is
    a different row)."""
    return {
        (t["key"], t["rows"][r], t["columns"][c]): v
        for s in api["sections"]
        for t in s["tables"]
        for r, line in enumerate(t["cells"])
        for c, v in enumerate(line)
    }


@pytest.mark.parametrize("model", sorted(MODELS))
def test_funders_get_every_small_count_withheld_in_every_format(client, filled, model):
    from openpyxl import load_workbook

    service = filled["services"]["a"]
    client.force_login(filled["users"]["director_a"])
    exact = _get(client, "api:report-detail", service.pk, model).json()
    _publish(filled, model)
    client.force_login(filled["users"]["departement_agent"])
    api = _get(client, "api:report-detail", service.pk, model).json()
    page = _get(client, "reporting:report", service.pk, model).content.decode()
    text = _get(client, "reporting:report_csv", service.pk, model).content.decode("utf-8-sig")
    book = load_workbook(
        io.BytesIO(_get(client, "reporting:report_xlsx", service.pk, model).content)
    )
    assert "secret statistique" in page
    published = _cells(api)
    withheld = [key for key, value in published.items() if value == "s"]
    for key, value in _cells(exact).items():
        if (
            key in published
            and isinstance(value, int)
            and 0 < value < 5
            and published[key] != value
        ):
            assert published[key] == "s", key
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    flat_csv = [cell for row in rows for cell in row]
    flat_xlsx = [
        c
        for sheet in book.worksheets[1:]
        for line in sheet.iter_rows(values_only=True)
        for c in line
    ]
    assert withheld  # the fixture has small counts in every model
    assert "s" in flat_csv and "s" in flat_xlsx
    assert '<td class="num">s</td>' in page


def test_the_service_staff_see_the_exact_small_counts(client, filled):
    service = filled["services"]["a"]
    client.force_login(filled["users"]["educator_a"])
    api = _get(client, "api:report-detail", service.pk, "conseil-pedagogique").json()
    assert "s" not in _cells(api).values()


def test_the_threshold_is_the_conventions(client, filled):
    """A publication is made under its convention's threshold (never below the platform's
    floor), and keeps it."""
    from reperes.conventions.models import Convention
    from reperes.reporting.models import Publication

    service = filled["services"]["a"]
    client.force_login(filled["users"]["director_a"])
    exact = _cells(_get(client, "api:report-detail", service.pk, "rapport-drome").json())
    Convention.objects.filter(service=service).update(secrecy_threshold=50)
    _publish(filled, "rapport-drome")
    assert Publication.objects.get().threshold == 50
    client.force_login(filled["users"]["departement_agent"])
    strict = _cells(_get(client, "api:report-detail", service.pk, "rapport-drome").json())
    people = ("drome_youths", "drome_situation", "drome_qualification", "drome_participants")
    between = [k for k, v in exact.items() if k[0] in people and isinstance(v, int) and 5 <= v < 50]
    assert between
    for key in between:
        assert strict.get(key, "s") == "s", key  # withheld at 50
