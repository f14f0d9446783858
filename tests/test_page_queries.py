"""SQL queries of the five pages of the load test (issue 12, ``benchmarks/load.py``): the
funder's home, the conventions list, a convention, the director's home, the youth list. Each
page is asked once with the test world, then again after more of what it lists has been added
(conventions, parties, events, submissions, staff changes, payments, meetings, deadlines,
youths): the count must be the same, under a budget that is the page's count today. A query
per row (N+1) fails here."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reperes.conventions.models import Amendment, Article, Commitment, ConventionEvent, Signatory
from reperes.reporting.models import Submission
from tests.conftest import accept
from tests.deadlines.factories import ObligationFactory
from tests.factories import (
    CommuneFactory,
    ConventionFactory,
    OrganisationFactory,
    PartyFactory,
    ServiceFactory,
)
from tests.fieldwork.factories import AccompanimentFactory, FamilyFactory, YouthFactory
from tests.governance.factories import BodyFactory, MeetingFactory
from tests.money.factories import InstalmentFactory, PaymentScheduleFactory
from tests.people.factories import ChangeRequestFactory
from tests.reporting.obligations_fixture import report_clause

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2025, 5, 20, 10))  # before ACCESS_DAY, 1 June 2025


def _queries(client, url: str) -> int:
    """The SQL queries of one request to ``url`` (after one that warms the session up)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _same_count(client, url: str, grow, budget: int, assert_max) -> None:
    """``url`` costs the same queries, at most ``budget``, before and after ``grow()``."""
    before = _queries(client, url)
    with assert_max(budget):
        client.get(url)
    grow()
    after = _queries(client, url)
    with assert_max(budget):
        client.get(url)
    assert after == before


def _funded_services(world, count: int) -> None:
    """``count`` more services funded by the Département: each its convention (accepted, a
    commune, a report clause, a formal notice), a submission to validate, a staff change to
    decide, an instalment to pay and a meeting to prepare."""
    departement = world["orgs"]["departement"]
    for i in range(count):
        operator = OrganisationFactory(kind="association", name=f"Association {i}")
        service = ServiceFactory(name=f"SPS {i}", operator=operator)
        convention = ConventionFactory(title=f"Convention {i}", service=service)
        pilot = PartyFactory(convention=convention, organisation=departement, role="pilot")
        payee = PartyFactory(convention=convention, organisation=operator, role="operator")
        accept(convention)
        convention.communes.add(CommuneFactory())
        report_clause(convention, "bilan-annuel")
        ConventionEvent.objects.create(
            convention=convention, kind="formal_notice", party=pilot, received_on=date(2025, 3, 1)
        )
        Submission.objects.create(
            service=service, convention=convention, year=2024, status="sent", sent_at=NOW
        )
        ChangeRequestFactory(service=service, title=f"Poste {i}")
        schedule = PaymentScheduleFactory(convention=convention, payer=pilot, payee=payee)
        InstalmentFactory(
            schedule=schedule, year=2025, label=f"Versement {i}", due_on=date(2025, 6, 1)
        )
        body = BodyFactory(convention=convention, name=f"Comité {i}")
        MeetingFactory(body=body, starts_at=timezone.make_aware(datetime(2025, 6, 12 + i, 14)))


@pytest.mark.parametrize(
    ("route", "budget"),
    [("core:home", 13), ("conventions:list", 8)],
    ids=["the_funders_home", "the_conventions_list"],
)
def test_a_page_listing_the_funded_services(
    client, world, django_assert_max_num_queries, route, budget
):
    client.force_login(world["users"]["departement_agent"])
    _same_count(
        client,
        reverse(route),
        lambda: _funded_services(world, 4),
        budget,
        django_assert_max_num_queries,
    )


def _richer_convention(world, count: int) -> None:
    """Convention A with ``count`` more co-funders (a signatory and a commitment each),
    formal notices, amendments and articles, and ``count`` more conventions binding its
    service (their clauses are compared with A's)."""
    conv_a, service_a = world["conventions"]["a"], world["services"]["a"]
    for i in range(count):
        party = PartyFactory(
            convention=conv_a, organisation=OrganisationFactory(), role="co_funder", order=3 + i
        )
        Signatory.objects.create(party=party, full_name=f"Signataire {i}", title="Présidente")
        Commitment.objects.create(party=party, text=f"Engagement {i}")
        ConventionEvent.objects.create(
            convention=conv_a, kind="formal_notice", party=party, received_on=date(2025, 3, 1 + i)
        )
        Amendment.objects.create(convention=conv_a, number=i + 1, title=f"Avenant {i + 1}")
        Article.objects.create(convention=conv_a, order=i, number=str(i + 1), heading=f"Art. {i}")
        other = ConventionFactory(title=f"Convention A{i}", service=service_a)
        PartyFactory(convention=other, organisation=world["orgs"]["departement"], role="pilot")
        PartyFactory(convention=other, organisation=service_a.operator, role="operator")
        accept(other)
        report_clause(other, "bilan-annuel")


def test_a_convention(client, world, django_assert_max_num_queries):
    report_clause(world["conventions"]["a"], "bilan-annuel")
    client.force_login(world["users"]["departement_agent"])
    _same_count(
        client,
        reverse("conventions:detail", kwargs={"pk": world["conventions"]["a"].pk}),
        lambda: _richer_convention(world, 4),
        21,
        django_assert_max_num_queries,
    )


def _directors_work(world, count: int) -> None:
    """``count`` more of the director's deadlines this month, returned submissions, staff
    changes awaiting approval, and conventions binding the service with a report clause."""
    conv_a, service_a = world["conventions"]["a"], world["services"]["a"]
    for i in range(count):
        ObligationFactory(convention=conv_a, title=f"Rapport {i}", due_on=date(2025, 6, 10 + i))
        Submission.objects.create(
            service=service_a, convention=conv_a, year=2010 + i, status="returned", sent_at=NOW
        )
        ChangeRequestFactory(service=service_a, title=f"Poste {i}")
    _richer_convention(world, count)


def test_the_directors_home(client, world, django_assert_max_num_queries):
    report_clause(world["conventions"]["a"], "bilan-annuel")
    client.force_login(world["users"]["director_a"])
    _same_count(
        client,
        reverse("core:home"),
        lambda: _directors_work(world, 4),
        23,
        django_assert_max_num_queries,
    )


def _youths(service, count: int) -> None:
    """``count`` youths of ``service``, each in a family, a commune and a quartier, with an
    accompaniment under way."""
    from reperes.partners.models import Quartier

    for i in range(count):
        commune = CommuneFactory()
        quartier = Quartier.objects.create(commune=commune, name=f"Quartier {i}", kind="qpv")
        service.communes.add(commune)
        youth = YouthFactory(
            service=service,
            family=FamilyFactory(service=service),
            commune=commune,
            quartier=quartier,
        )
        AccompanimentFactory(youth=youth)


def test_the_youth_list(client, world, django_assert_max_num_queries):
    service_a = world["services"]["a"]
    _youths(service_a, 2)
    client.force_login(world["users"]["director_a"])
    _same_count(
        client,
        reverse("fieldwork:youth_list"),
        lambda: _youths(service_a, 4),
        5,
        django_assert_max_num_queries,
    )


def test_the_funders_panels_are_read_on_today_whatever_the_day_asked(client, world):
    """The funder's home reuses the overview's rows for « conventions ending » only when they
    are read on today; asked for another day (here after they have all ended), it reads them
    on today again: same panel."""
    _funded_services(world, 2)
    client.force_login(world["users"]["departement_agent"])
    today = client.get(reverse("core:home")).context["work"]["ending"]
    other_day = client.get(reverse("core:home"), {"date": "2026-03-01"}).context["work"]["ending"]
    assert [(r.convention.pk, key) for r, key in other_day] == [
        (r.convention.pk, key) for r, key in today
    ]
    assert len(today) == 4  # A, B and the two new ones end on 31 December 2025
