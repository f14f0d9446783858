"""The submission list and the consolidation run a number of queries that does not grow with
the number of services (les-emplois' query budgets on list pages)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reperes.accounts.models import User
from reperes.reporting.models import Submission


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.usefixtures("db")
def test_list_and_consolidation_queries_do_not_grow_with_the_services(client):
    call_command("load_demo", stdout=StringIO())
    agent = User.objects.get(email="agent.pas-de-calais@demo.reperes.example")
    client.force_login(agent)
    listing = reverse("reporting:submissions")
    consolidation = (
        reverse("reporting:consolidation", kwargs={"pk": agent.organisation_id}) + "?annee=2022"
    )
    client.get(consolidation)  # warm-up: content types, sessions
    many = (_count(client, listing), _count(client, consolidation))
    kept = Submission.objects.order_by("pk").first()
    for submission in Submission.objects.exclude(pk=kept.pk):
        submission.values.all().delete()
        submission.events.all().delete()
        submission.delete()
    few = (_count(client, listing), _count(client, consolidation))
    assert many[0] == few[0]
    # Eight validated submissions: a fixed budget, nothing per service. The access layer asks
    # three times which conventions bind the funder (scope, services, secrecy policy), three
    # queries each whatever their number (reperes.conventions.access._binding). Which years have data,
    # for the year selector and for the services with nothing in the year: one query per kind
    # of record (consolidation.years_with_data).
    assert many[1] <= 34
    # Seven services now read from their records: one grouped pass of 13 queries for all.
    assert few[1] <= many[1] + 13
