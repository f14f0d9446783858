"""Issue 10: the reports a service has come only from the ``report`` clauses of the conventions
that bind it — never « every model for everyone ». Each is shown with its clause's source; a
model no binding clause asks for is a 404 on the pages and the API; two binding conventions
give both, labelled; a 2024 period follows the clauses of 2024; the periods offered follow
the clause's periodicity (year, semester, quarter, before each meeting)."""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from reperes.reporting.indicators import Period
from reperes.reporting.models import Publication
from reperes.reporting.obligations import (
    by_model,
    default_period,
    owed_periods,
    report_obligations,
)
from reperes.reporting.publications import PublicationRefused, allowed_periods, publish_report
from reperes.reporting.reports import demo_reports
from tests.conftest import accept
from tests.factories import (
    ConventionFactory,
    OrganisationFactory,
    PartyFactory,
    ServiceFactory,
    UserFactory,
)
from tests.fieldwork.factories import StreetSessionFactory
from tests.reporting.obligations_fixture import report_clause

TODAY = dt.date(2025, 6, 1)  # tests/conftest.py's access day
QUARTERLY = {"rule": "after_period", "value": 1, "unit": "months"}
YEARLY = {"rule": "day_of_year", "month": 5, "day": 15, "year_offset": 1}


def _convention(service, operator, funder, title, **extra):
    convention = ConventionFactory(title=title, service=service, **extra)
    PartyFactory(convention=convention, organisation=funder, role="pilot", order=0)
    PartyFactory(convention=convention, organisation=operator, role="operator", order=1)
    return accept(convention)


@pytest.fixture
def bound(db):
    """A service bound by one convention (2023-2025) whose only report clause asks for the
    « rapport-drome » model each year, art. 10; a second funder with a convention that does
    not bind (a draft its operator has not accepted) asking for the annual review."""
    departement = OrganisationFactory(kind="departement", name="Département d'essai")
    caf = OrganisationFactory(kind="caf", name="CAF d'essai")
    operator = OrganisationFactory(kind="association", name="Association d'essai")
    service = ServiceFactory(name="SPS d'essai", operator=operator)
    StreetSessionFactory(service=service, date=date(2024, 5, 14))
    main = _convention(service, operator, departement, "Convention d'essai 2023-2025")
    report_clause(main, "rapport-drome", "year", YEARLY, article="art. 10")
    draft = ConventionFactory(title="Projet CAF", service=service)
    PartyFactory(convention=draft, organisation=caf, role="pilot", order=0)
    PartyFactory(convention=draft, organisation=operator, role="operator", order=1)
    report_clause(draft, "bilan-annuel", "year", YEARLY, article="art. 4")
    users = {
        "director": UserFactory(role="service_director", organisation=operator, service=service),
        "educator": UserFactory(role="educator", organisation=operator, service=service),
        "funder": UserFactory(role="funder_agent", organisation=departement),
        "caf": UserFactory(role="funder_agent", organisation=caf),
    }
    return {
        "service": service,
        "main": main,
        "draft": draft,
        "users": users,
        "orgs": {"departement": departement, "caf": caf, "operator": operator},
    }


def _page(client, service, query=""):
    return client.get(reverse("reporting:report", kwargs={"pk": service.pk}) + query)


def _api(client, service, query=""):
    return client.get(reverse("api:report-detail", kwargs={"pk": service.pk}) + query)


def test_a_service_lists_only_the_model_its_convention_asks_for(client, bound):
    service = bound["service"]
    owed = report_obligations(service, TODAY)
    assert [o.key for o in owed] == ["rapport-drome"]
    assert owed[0].source == "Convention « Convention d'essai 2023-2025 », art. 10"
    client.force_login(bound["users"]["director"])
    home = client.get(reverse("reporting:home")).content.decode()
    assert home.count("?modele=") == 1
    assert "?modele=rapport-drome" in home
    assert "Convention « Convention d&#x27;essai 2023-2025 », art. 10" in home
    # The page opens on it, says where it comes from, and offers no other model.
    page = _page(client, service)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'value="rapport-drome" selected' in text
    assert [m["key"] for m in page.context["models"]] == ["rapport-drome"]
    for other in ("conseil-pedagogique", "suivi-trimestriel", "bilan-annuel", "rapport-annuel"):
        assert other not in text
    assert "Prévu par : Convention « Convention d&#x27;essai 2023-2025 », art. 10" in text
    assert page.context["report"].source == owed[0].source
    # The API lists the same, with the clause's source and due rule.
    listing = client.get("/api/v1/reports/").json()
    models = next(e for e in listing if e["service"] == service.pk)["models"]
    assert [m["model"] for m in models] == ["rapport-drome"]
    assert models[0]["source"] == owed[0].source
    assert models[0]["due"] == ["le 15 mai de l'année N+1"]


@pytest.mark.parametrize("persona", ["director", "educator", "funder"])
def test_a_model_no_binding_clause_asks_for_is_a_404_on_page_and_api(client, bound, persona):
    """The draft convention's annual review does not bind; the other models are asked by
    nobody: the staff cannot compute them, the funder cannot read them."""
    service = bound["service"]
    client.force_login(bound["users"][persona])
    for model in ("bilan-annuel", "conseil-pedagogique", "rapport-annuel-sps"):
        for query in (f"?modele={model}", f"?modele={model}&periode=2024"):
            page = _page(client, service, query)
            assert page.status_code == 404, (model, query)
            assert "ne prévoit le rapport" in page.content.decode()
            api = _api(client, service, query)
            assert api.status_code == 404, (model, query)
            assert "ne prévoit le rapport" in api.json()["detail"]
        csv = client.get(
            reverse("reporting:report_csv", kwargs={"pk": service.pk}) + f"?modele={model}"
        )
        assert csv.status_code == 404


def test_an_unasked_model_is_not_published(bound):
    service = bound["service"]
    director = bound["users"]["director"]
    with pytest.raises(PublicationRefused, match="ne prévoit ce rapport"):
        publish_report(service, "bilan-annuel", Period.year(2024), director, today=TODAY)
    made = publish_report(service, "rapport-drome", Period.year(2024), director, today=TODAY)
    assert made.convention == bound["main"]
    assert made.period_kind == "year"
    assert made.content["source"] == "Convention « Convention d'essai 2023-2025 », art. 10"


def test_the_funder_home_lists_only_what_binding_clauses_ask_for(client, bound):
    client.force_login(bound["users"]["funder"])
    home = client.get(reverse("reporting:home")).content.decode()
    assert "Rapport d&#x27;activité" in home
    assert "pas encore publié" in home
    assert "Bilan annuel" not in home
    assert "Suivi trimestriel" not in home
    # The CAF's convention is a draft: it sees neither the service nor its reports.
    client.force_login(bound["users"]["caf"])
    assert "SPS d&#x27;essai" not in client.get(reverse("reporting:home")).content.decode()


def test_two_binding_conventions_give_both_models_each_labelled(client, bound):
    service = bound["service"]
    accept(bound["draft"])  # the operator accepts the CAF's convention: it binds too
    owed = by_model(report_obligations(service, TODAY))
    assert list(owed) == ["bilan-annuel", "rapport-drome"]
    assert owed["bilan-annuel"][0].source == "Convention « Projet CAF », art. 4"
    client.force_login(bound["users"]["director"])
    home = client.get(reverse("reporting:home")).content.decode()
    assert home.count("?modele=") == 2
    assert "Convention « Projet CAF », art. 4" in home
    assert "Convention « Convention d&#x27;essai 2023-2025 », art. 10" in home
    page = _page(client, service, "?modele=bilan-annuel&periode=2024")
    assert page.status_code == 200
    assert [m["key"] for m in page.context["models"]] == ["bilan-annuel", "rapport-drome"]
    assert "Prévu par : Convention « Projet CAF », art. 4" in page.content.decode()
    # Both conventions ask for the same model: one report, both sources named.
    report_clause(bound["main"], "bilan-annuel", "year", YEARLY, article="art. 11")
    page = _page(client, service, "?modele=bilan-annuel&periode=2024")
    assert page.context["report"].source == (
        "Convention « Convention d'essai 2023-2025 », art. 11 ; Convention « Projet CAF », art. 4"
    )
    assert len(demo_reports(Period.year(2024))) == 2


def _replace_by_a_quarterly_follow_up(bound):
    """As an amendment would: the annual « rapport-drome » ends with 2024 and a quarterly
    « suivi-trimestriel » is asked for from 2025."""
    clause = bound["main"].clauses.get()
    clause.valid_until = date(2024, 12, 31)
    clause.save()
    report_clause(
        bound["main"], "suivi-trimestriel", "quarter", QUARTERLY, valid_from=date(2025, 1, 1)
    )


def test_a_2024_period_follows_the_2024_clauses(client, bound):
    """An amendment replaces the annual « rapport-drome » by a quarterly « suivi » from 2025:
    2024 is checked against the 2024 clause, 2025 against the new one."""
    service = bound["service"]
    _replace_by_a_quarterly_follow_up(bound)
    assert [o.key for o in report_obligations(service, date(2024, 6, 1))] == ["rapport-drome"]
    assert [o.key for o in report_obligations(service, TODAY)] == ["suivi-trimestriel"]
    client.force_login(bound["users"]["director"])
    assert _page(client, service, "?modele=rapport-drome&periode=2024").status_code == 200
    assert _page(client, service, "?modele=rapport-drome&periode=2025-T1").status_code == 404
    assert _page(client, service, "?modele=suivi-trimestriel&periode=2024-T1").status_code == 404
    assert _page(client, service, "?modele=suivi-trimestriel&periode=2025-T1").status_code == 200
    later = dt.date(2026, 1, 15)
    assert [p.key for p in allowed_periods(service, "rapport-drome", later)] == ["2023", "2024"]
    assert [p.key for p in allowed_periods(service, "suivi-trimestriel", later)] == [
        "2025-T1",
        "2025-01-01_2025-06-30",
        "2025-01-01_2025-09-30",
        "2025",
    ]


def test_the_periods_follow_the_clause_periodicity(bound):
    service = bound["service"]
    clause = bound["main"].clauses.get()
    clause.params = {**clause.params, "periodicity": "semester", "due": QUARTERLY}
    clause.save()
    offers = owed_periods(service, "rapport-drome", TODAY)
    assert [o.key for o in offers] == [
        "2023-01-01_2023-06-30",
        "2023-07-01_2023-12-31",
        "2024-01-01_2024-06-30",
        "2024-07-01_2024-12-31",
        "2025-01-01_2025-06-30",
    ][: len(offers)]
    assert offers[-1].label == "2e semestre 2024"
    assert offers[-1].kind == "semester"
    (obligation,) = report_obligations(service, TODAY)
    assert default_period(obligation, TODAY).key == "2024-07-01_2024-12-31"
    clause.params = {**clause.params, "periodicity": "year", "due": YEARLY}
    clause.save()
    (obligation,) = report_obligations(service, TODAY)
    assert default_period(obligation, TODAY).key == "2024"
    assert default_period(obligation, dt.date(2026, 12, 1)).key == "2025"


def test_before_each_meeting_the_periods_run_from_one_meeting_to_the_next(bound):
    from reperes.governance.models import Body, Meeting

    service = bound["service"]
    clause = bound["main"].clauses.get()
    clause.params = {
        **clause.params,
        "periodicity": "meeting",
        "due": {"rule": "before_meeting", "value": 15, "unit": "days", "body": "Conseil d'essai"},
    }
    clause.save()
    body = Body.objects.create(
        convention=bound["main"],
        kind="conseil_pedagogique",
        name="Conseil d'essai",
        organiser=bound["main"].parties.get(role="operator"),
    )
    for day, status in (
        (date(2024, 3, 14), "held"),
        (date(2024, 10, 10), "held"),
        (date(2025, 2, 6), "cancelled"),
        (date(2025, 3, 13), "held"),
        (date(2025, 10, 16), "planned"),
    ):
        Meeting.objects.create(
            body=body,
            starts_at=timezone.make_aware(dt.datetime(day.year, day.month, day.day, 10)),
            status=status,
        )
    offers = owed_periods(service, "rapport-drome", TODAY)
    assert [(o.period.start, o.period.end) for o in offers] == [
        (date(2023, 1, 1), date(2024, 3, 14)),
        (date(2024, 3, 15), date(2024, 10, 10)),
        (date(2024, 10, 11), date(2025, 3, 13)),
    ]
    assert offers[-1].kind == "meeting"
    assert offers[-1].label == "jusqu'à la réunion du 13 mars 2025 (depuis le 11 octobre 2024)"
    (obligation,) = report_obligations(service, TODAY)
    # The report being prepared: from the last meeting to the next one.
    assert default_period(obligation, TODAY) == Period(date(2025, 3, 14), date(2025, 10, 16))
    made = publish_report(
        service, "rapport-drome", offers[-1].period, bound["users"]["director"], today=TODAY
    )
    assert made.period_kind == "meeting"
    assert Publication.objects.count() == 1


def test_a_clause_that_starts_this_year_opens_on_the_period_in_progress(client, bound):
    """Nothing was owed for last year: the report opens on this year, not on a 404."""
    service = bound["service"]
    clause = bound["main"].clauses.get()
    clause.valid_from = date(2025, 1, 1)
    clause.save()
    (obligation,) = report_obligations(service, TODAY)
    assert default_period(obligation, TODAY).key == "2024"
    assert default_period(obligation, TODAY, service).key == "2025"
    client.force_login(bound["users"]["director"])
    home = client.get(reverse("reporting:home")).content.decode()
    assert "?modele=rapport-drome&amp;periode=2025" in home
    assert _page(client, service).status_code == 200
    assert _page(client, service, "?modele=rapport-drome&periode=2024").status_code == 404


def test_a_report_published_under_an_earlier_clause_stays_listed_for_the_funder(client, bound):
    service = bound["service"]
    publish_report(
        service, "rapport-drome", Period.year(2024), bound["users"]["director"], today=TODAY
    )
    _replace_by_a_quarterly_follow_up(bound)
    client.force_login(bound["users"]["funder"])
    home = client.get(reverse("reporting:home")).content.decode()
    assert "Suivi trimestriel des accompagnements" in home
    assert "pas encore publié" in home
    assert "publié : année 2024" in home
    assert "Bilan annuel" not in home
    assert _page(client, service, "?modele=rapport-drome&periode=2024").status_code == 200
