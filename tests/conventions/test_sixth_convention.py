"""A sixth convention, for a Département the seeds do not know, set up entirely through the web
interface (form posts, as a user would: no ORM write after the initial world), accepted by its
operator's director, then seen by its service: exactly its own obligations, payments, meetings
and reports, and nothing of the five seeds.

Its terms are unlike any seed: four quarterly payments of 25 % due on the 10th, a financial
report due six months after the year ends, an activity report three months after it, a
steering committee twice a year at a regular interval, a secrecy threshold of 10.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from reperes.conventions.models import Convention, Party
from reperes.demo.loader import load_demo
from tests.factories import OrganisationFactory, ServiceFactory, UserFactory

TODAY = date(2025, 6, 1)
TITLE = "Convention de prévention spécialisée Hautes-Terres / Horizon 2025-2027"
SHORT = "Hautes-Terres / Horizon 2025-2027"
# What the five seeds owe and the report models they use: none may reach this service.
SEED_DATES = ("31 octobre", "30 avril", "30 novembre")
SEED_REPORTS = (
    "Rapport d'activité avant le conseil pédagogique",
    "Reporting d'activité avant le conseil pédagogique",
    "Suivi trimestriel des accompagnements",
    "Bilan annuel",
    "Convention de la Drôme",
    "Pas-de-Calais",
    "Meurthe-et-Moselle",
)


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """The five seed conventions are there: what they owe must not reach the new service."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """The wall clock of the views (timezone.localdate) on the access day."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    return TODAY


@pytest.fixture
def people(db):
    """The initial world, the only ORM writes: a new Département and its agent, an operator
    with its service and director."""
    departement = OrganisationFactory(
        kind="departement", name="Département des Hautes-Terres", departement_code="95"
    )
    operator = OrganisationFactory(kind="association", name="Association Horizon")
    service = ServiceFactory(name="SPS Horizon", operator=operator)
    return {
        "departement": departement,
        "operator": operator,
        "service": service,
        "agent": UserFactory(role="funder_agent", organisation=departement),
        "director": UserFactory(role="service_director", organisation=operator, service=service),
    }


def _text(response) -> str:
    """The page's visible text, tags removed, spaces normalised."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    text = text.replace("&#x27;", "'").replace("&amp;", "&").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def _post(client, name: str, pk: int | None, data: dict, *, follow: bool = False):
    url = reverse(name, kwargs={"pk": pk} if pk else None)
    return client.post(url, data, follow=follow)


def _redirected(response, name: str, pk: int) -> None:
    assert response.status_code == 302, _errors(response)
    assert response["Location"] == reverse(name, kwargs={"pk": pk})


def _added(client, step: str, pk: int, data: dict) -> None:
    """An item added, or the secrecy set, on a step of the set-up: back on the same step."""
    _redirected(_post(client, step, pk, data), step, pk)


def _errors(response) -> str:
    return (
        " | ".join(re.findall(r'class="error"[^>]*>([^<]+)<', response.content.decode()))
        or (_text(response)[:2000])
    )


def _party(convention_pk: int, organisation) -> int:
    # A read (the form offers parties by id, as the select shows them).
    return Party.objects.get(convention_id=convention_pk, organisation=organisation).pk


def _yearly_duty(nature: str, article: str, due_months: int, **parameters: str) -> dict:
    """The clause form's data for a yearly ``nature`` (document, report) the operator owes
    ``due_months`` months after each year."""
    return {
        "action": "add",
        "nature": nature,
        "article": article,
        **parameters,
        "p_owner": "operator",
        "p_periodicity": "year",
        "due_rule": "after_period",
        "due_value": str(due_months),
        "due_unit": "months",
    }


def set_up(client, people) -> int:
    """The funder agent's guided set-up, step by step."""
    client.force_login(people["agent"])
    assert client.get(reverse("conventions:setup_start")).status_code == 200
    response = _post(
        client,
        "conventions:setup_start",
        None,
        {
            "origin": "scratch",
            "title": TITLE,
            "short_title": SHORT,
            "service": people["service"].pk,
        },
    )
    assert response.status_code == 302, _errors(response)
    pk = Convention.objects.get(title=TITLE).pk
    assert response["Location"] == reverse("conventions:setup_parties", kwargs={"pk": pk})

    parties = {
        "service": people["service"].pk,
        "parties-TOTAL_FORMS": "4",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "20",
        "parties-0-organisation": people["departement"].pk,
        "parties-0-role": "pilot",
        "parties-0-designation": "ci-après « le Département »",
        "parties-0-signatory_name": "Camille Martin",
        "parties-0-signatory_title": "Présidente du Conseil départemental",
        "parties-1-organisation": people["operator"].pk,
        "parties-1-role": "operator",
        "parties-1-signatory_name": "Dominique Petit",
        "parties-1-signatory_title": "Président de l'association",
        "continuer": "1",
    }
    _redirected(
        _post(client, "conventions:setup_parties", pk, parties), "conventions:setup_terms", pk
    )

    terms = {
        "object": "Prévention spécialisée sur le territoire des Hautes-Terres.",
        "period_kind": "fixed",
        "starts_on": "2025-01-01",
        "ends_on": "2027-12-31",
        "withdrawal_notice_value": "3",
        "withdrawal_notice_unit": "months",
        "delays_extendable": "on",
        "continuer": "1",
    }
    _redirected(_post(client, "conventions:setup_terms", pk, terms), "conventions:setup_money", pk)

    money = {
        "action": "add",
        "payer": _party(pk, people["departement"]),
        "payee": _party(pk, people["operator"]),
        "annual": "200 000",
        "kind": "periodic",
        "period_months": "3",
        "due_day": "10",
        "article": "5",
    }
    body = {
        "action": "add",
        "kind": "comite_pilotage",
        "name": "Comité de pilotage",
        "organiser": _party(pk, people["departement"]),
        "meetings_per_year": "2",
        "regular_interval": "on",
        "frequency_text": "deux fois par an",
    }
    secrecy = {"action": "secrecy", "secrecy_threshold": "10", "secrecy_zone_floor": "100"}
    # What each later step adds, in order: the funding, the financial report, the steering
    # committee, the activity report and the secrecy of its figures.
    additions = [
        ("conventions:setup_money", money),
        (
            "conventions:setup_clauses",
            _yearly_duty("document", "art. 7", 6, p_document="financial_report"),
        ),
        ("conventions:setup_bodies", body),
        (
            "conventions:setup_reports",
            _yearly_duty("report", "art. 9", 3, p_model="rapport-annuel-sps"),
        ),
        ("conventions:setup_reports", secrecy),
    ]
    for step, data in additions:
        _added(client, step, pk, data)
    return pk


# What the convention produces, as the preview and the service's pages write it.
FINANCIAL_2025 = "Compte rendu financier (2025)"
REPORT_2025 = "Rapport annuel d'activité du service (2025)"
QUARTERS_2025 = [f"Versement du {r} trimestre 2025 (25 %)" for r in ("1er", "2e", "3e", "4e")]
STEERING_2025 = "Comité de pilotage : réunion 1 sur 2 de 2025"


def _assert_preview(text: str) -> None:
    assert FINANCIAL_2025 in text
    assert "30 juin 2026" in text
    assert REPORT_2025 in text
    assert "31 mars 2026" in text
    for label in QUARTERS_2025:
        assert label in text
    assert "50 000,00 €" in text
    assert "10 janvier 2025" in text
    assert "10 octobre 2027" in text
    assert STEERING_2025 in text
    assert "Comité de pilotage : réunion 2 sur 2 de 2027" in text
    # Each item cites its source.
    assert f"Convention « {SHORT} », art. 7" in text
    assert f"Convention « {SHORT} », art. 9" in text
    assert f"Convention « {SHORT} », art. 5" in text
    for seed in SEED_DATES:
        assert seed not in text


def test_a_sixth_convention_set_up_over_http_binds_its_service_to_its_own_terms(client, people):
    pk = set_up(client, people)
    assert Convention.objects.exclude(pk=pk).count() >= 5  # the seeds are there

    # The funder sees the calendar it would generate, before anything is signed.
    preview = _text(client.get(reverse("conventions:setup_preview", kwargs={"pk": pk})))
    _assert_preview(preview)
    # 3 years × (financial report + activity report + 4 quarters + 2 meetings).
    assert "3 documents, 3 rapports, 12 versements, 6 réunions" in preview

    # Signed: it still grants nothing and owes nothing until the operator accepts it.
    response = _post(client, "conventions:sign", pk, {"signed_on": "2025-02-01"})
    assert response.status_code == 302
    call_command("deadlines_daily", today=TODAY.isoformat(), stdout=io.StringIO())
    client.force_login(people["director"])
    assert FINANCIAL_2025 not in _text(client.get(reverse("deadlines:calendar")))

    # Reviewed and accepted by the operator's director on the same preview.
    decide = client.get(reverse("conventions:decide", kwargs={"pk": pk}))
    assert decide.status_code == 200
    _assert_preview(_text(decide))
    assert "Secret statistique : seuil 10 (aucun effectif de 1 à 9" in _text(decide)
    response = _post(
        client,
        "conventions:decide",
        pk,
        {"decision": "accept", "decided_on": "2025-02-15", "evidence": "", "reason": ""},
    )
    assert response.status_code == 302, _errors(response)

    # The daily job generates the obligations of the conventions that bind.
    call_command("deadlines_daily", today=TODAY.isoformat(), stdout=io.StringIO())

    # The service's deadlines: its two clauses, its quarters, its steering committee.
    deadlines = _text(client.get(reverse("deadlines:calendar")))
    assert "Compte rendu financier (2024)" not in deadlines  # before the convention
    assert FINANCIAL_2025 in deadlines
    assert REPORT_2025 in deadlines
    for label in QUARTERS_2025:
        assert label in deadlines
    assert "Comité de pilotage 2025" in deadlines
    for seed in (*SEED_DATES, "Budget prévisionnel", "Compte administratif", "État des effectifs"):
        assert seed not in deadlines

    # The staff page's documents agree with the deadlines: the financial report, no seed's.
    staff_url = reverse("people:service", kwargs={"pk": people["service"].pk})
    assert "Compte rendu financier" not in _text(client.get(staff_url))  # nothing due in 2025
    staff = _text(client.get(staff_url, {"annee": "2026"}))
    assert FINANCIAL_2025 in staff
    assert "30 juin 2026" in staff
    for seed in (*SEED_DATES, "Budget prévisionnel", "Compte administratif", "État des effectifs"):
        assert seed not in staff

    # Payments: the schedule's twelve quarters of 50 000 €.
    money = _text(client.get(reverse("money:convention", kwargs={"pk": pk})))
    assert money.count("(25 %)") >= 12
    assert "50 000,00 €" in money

    # Meetings: the steering committee, twice a year.
    governance = _text(client.get(reverse("governance:convention", kwargs={"pk": pk})))
    assert "Comité de pilotage" in governance
    assert "2 réunions" in governance or "deux fois par an" in governance

    # Reports: the one model its convention names, nothing of the seeds.
    reports = _text(client.get(reverse("reporting:home")))
    assert "Rapport annuel d'activité du service" in reports
    for other in SEED_REPORTS:
        assert other not in reports

    # Through the API: the convention's two clauses, each with its article.
    data = client.get(reverse("api:convention-clauses", kwargs={"pk": pk})).json()
    assert sorted((c["kind"], c["source"]) for c in data["clauses"]) == [
        ("document", f"Convention « {SHORT} », art. 7"),
        ("report", f"Convention « {SHORT} », art. 9"),
    ]

    detail = _text(client.get(reverse("conventions:detail", kwargs={"pk": pk})))
    assert "Acceptée par l'opérateur" in detail


def test_a_wrong_clause_is_refused_in_french_and_nothing_typed_is_lost(client, people):
    pk = set_up(client, people)
    before = client.get(reverse("conventions:setup_clauses", kwargs={"pk": pk}))
    count = _text(before).count("Source :")
    response = _post(
        client,
        "conventions:setup_clauses",
        pk,
        {
            "action": "add",
            "nature": "document",
            "article": "art. 12",
            "p_document": "budget_forecast",
            "p_title": "Budget de l'an prochain",
            "p_owner": "operator",
            "p_periodicity": "year",
            "due_rule": "day_of_year",
            "due_month": "2",
            "due_day": "30",
            "due_year_offset": "-1",
        },
    )
    assert response.status_code == 200
    text = _text(response)
    assert "Le mois de février n'a pas de 30." in text
    html = response.content.decode()
    assert 'value="Budget de l&#x27;an prochain"' in html
    assert 'value="art. 12"' in html
    assert 'value="30"' in html
    after = client.get(reverse("conventions:setup_clauses", kwargs={"pk": pk}))
    assert _text(after).count("Source :") == count


def test_the_secrecy_threshold_stays_above_the_platform_floor(client, people):
    pk = set_up(client, people)
    response = _post(
        client,
        "conventions:setup_reports",
        pk,
        {"action": "secrecy", "secrecy_threshold": "3", "secrecy_zone_floor": "100"},
    )
    assert response.status_code == 200
    assert "ne peut pas descendre sous le plancher de la plateforme (5)" in _text(response)
    assert Convention.objects.get(pk=pk).secrecy_threshold == 10


def test_the_set_up_closes_once_signed_and_a_suggestion_prefills_with_its_source(client, people):
    pk = set_up(client, people)
    page = client.get(
        reverse("conventions:setup_clauses", kwargs={"pk": pk}),
        {"nature": "document", "suggestion": "5"},
    )
    text = _text(page)
    assert "Pré-rempli d'après" in text
    assert "Loi n° 2000-321" in text
    assert 'value="6"' in page.content.decode()
    _post(client, "conventions:sign", pk, {"signed_on": "2025-02-01"})
    assert client.get(reverse("conventions:setup_clauses", kwargs={"pk": pk})).status_code == 403
