"""A funder's reports go through the secrecy layer in every format; the service's staff see
exact figures (issue 5, « Statistical secrecy »)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from reperes.reporting import secrecy
from reperes.reporting.indicators import Period, Scope
from reperes.reporting.publications import publish_report
from reperes.reporting.report_models import library
from reperes.reporting.reports import build
from tests.reporting import outputs_read, report_fixture
from tests.reporting.test_publications import TODAY

# Funders read publications (issue 9): each model is published for a period of its kind.
PERIODS = {"conseil-pedagogique": "2024-07-01_2024-12-31"}


@pytest.fixture
def filled(world):
    report_fixture.build(world["services"]["a"], world["services"]["b"])
    return world


def _publish(world, model, service_key="a"):
    return publish_report(
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


@pytest.mark.parametrize("model", sorted(library()))
def test_every_published_cell_in_every_format_is_the_secrecy_layers_decision(client, filled, model):
    """The layer decides on the exact tables (``secrecy.publish_with``, as for a first
    publication); each format the funder downloads is read back as a reader would (page
    HTML, PDF text, XLSX, ODS, CSV, API) and every cell must be that decision: « s » where it
    withholds, the figure elsewhere. No count of 1 to threshold − 1 people appears anywhere,
    whatever the decision."""
    service = filled["services"]["a"]
    period = Period.parse(PERIODS.get(model, "2024"))
    publication = _publish(filled, model)
    exact = build(
        model,
        scope=Scope.for_service(service),
        period=period,
        service=service,
        convention=publication.convention,
    )
    policy = secrecy.Policy(
        publication.threshold, secrecy.policy_for(publication.convention).zone_floor
    )
    decided, _ = secrecy.publish_with(exact.tables, [], period, policy)
    client.force_login(filled["users"]["departement_agent"])

    def get(name):
        return _get(client, name, service.pk, model).content

    api = json.loads(get("api:report-detail"))
    read = {
        "API": [list(zip(t["rows"], t["cells"])) for s in api["sections"] for t in s["tables"]],
        **outputs_read.every_format(get, [(t.title, list(t.rows)) for t in decided]),
    }
    withheld = 0
    for name, tables in read.items():
        assert len(tables) == len(decided), name
        for table, lines in zip(decided, tables, strict=True):
            assert [label for label, _ in lines] == list(table.rows), (name, table.key)
            for (label, cells), line in zip(lines, table.cells, strict=True):
                assert len(cells) == len(line), (name, table.key, label)
                for column, shown, value in zip(table.columns, cells, line, strict=True):
                    where = (name, table.key, label, column, shown, value)
                    assert outputs_read.same(shown, value), where
                    count = outputs_read.number(shown)
                    if table.people and count is not None:
                        assert not 0 < count < policy.threshold, where
                    withheld += secrecy.is_withheld(value)
    assert withheld  # the fixture has small counts in every model


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
