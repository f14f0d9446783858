"""What each demo service is bound to, clause by clause, against the articles of its own
convention (``/work/shared/seeds``) — and nothing from the others.

Each list below is written from the seed's text, not from the seed modules: what the service
sees through ``reperes.conventions.clauses.for_service`` on a day its convention binds (the
pinned access day, 1 June 2025), each clause with the convention and the article it comes
from; then the dated duties of 2024 (``clauses.due_items``).

The demo is loaded once for this module, inside a transaction rolled back at the end; each test
runs in its own savepoint.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction

from reperes.conventions import clauses
from reperes.conventions.enums import OperatorDecision
from reperes.conventions.models import Clause, Convention, ConventionTemplate
from reperes.demo.loader import DemoError, Loader, load_demo
from reperes.demo.seeds import seed_000, seed_001, seed_002, seed_003, seed_004
from reperes.demo.spec import ClauseSpec, on_day
from reperes.partners.models import Service
from tests.conftest import ACCESS_DAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeds_on_access_day")]

LONGWY = seed_000.SERVICE
MONTELIMAR = seed_004.SERVICE
PAS_DE_CALAIS = [s.name for s in seed_001.SERVICES]

M_ET_M = "Meurthe-et-Moselle / Herserange / Portes Z'Ouvertes 2023-2025"
DROME = "Drôme / Montélimar 2023-2025"
MODEL = (
    "Convention type de partenariat relative à la mise en œuvre des actions de prévention "
    "spécialisée dans le Département du Pas-de-Calais"
)
CONSEIL = "Conseil pédagogique de prévention spécialisée"


def service(name: str) -> Service:
    return Service.objects.get(name=name)


def rule(params: dict[str, Any]) -> str:
    """A due rule in short: « 31/10 N-1 », « 1 months après », « 1 days avant Conseil… »."""
    due = params["due"]
    if due["rule"] == "day_of_year":
        offset = {-1: "N-1", 0: "N", 1: "N+1"}[due["year_offset"]]
        return f"{due['day']:02d}/{due['month']:02d} {offset}"
    if due["rule"] == "after_period":
        return f"{due['value']} {due['unit']} après"
    return f"{due['value']} {due['unit']} avant {due['body']}"


def subject(bound: clauses.BoundClause) -> tuple[Any, ...]:
    """What the clause is about and the values it fixes, by kind."""
    p = bound.params
    if bound.kind == "document":
        return (p["document"], p["periodicity"], rule(p), p["owner"])
    if bound.kind == "report":
        return (p["model"], p["periodicity"], rule(p), p["owner"])
    if bound.kind == "prior_approval":
        return (tuple(p["subjects"]), p["approver"])
    if bound.kind == "qualification":
        return (p["category"], p["delay_value"], p["delay_unit"])
    if bound.kind == "minimum_staff":
        return (p["category"], p["fte"])
    if bound.kind == "data_protection":
        return (p["breach_hours"], p["breach_to"], p["end"], p["written_proof"], p["subprocessing"])
    if bound.kind == "evaluation":
        return (p["every_years"], p["years_before_end"])
    raise AssertionError(f"unexpected kind {bound.kind}")


def seen(name: str, on: date = ACCESS_DAY) -> list[tuple[Any, ...]]:
    """(kind, subject, where it comes from, article) of every clause the service sees."""
    rows = []
    for bound in clauses.for_service(service(name), on):
        owner = bound.convention.template if bound.inherited else bound.convention
        where = owner.title if bound.inherited else bound.convention.short_title
        assert where in bound.source
        assert bound.clause.article in bound.source
        rows.append((bound.kind, subject(bound), where, bound.clause.article))
    return sorted(rows, key=repr)


# Seed 000, art. 6 and annex 1: reportings before each conseil pédagogique (« en amont »: the day
# before at the latest), the quarterly follow-up (annex 1, III), the annual review « présenté au
# début de l'année N+1 » (read: by 31 March). The programme d'actions (art. 3) is due in 2023
# only: on 1 June 2025 it no longer applies.
EXPECTED_LONGWY = [
    ("report", ("conseil-pedagogique", "meeting", f"1 days avant {CONSEIL}", "operator"), M_ET_M, "art. 6 et annexe 1"),
    ("report", ("suivi-trimestriel", "quarter", "1 months après", "operator"), M_ET_M, "annexe 1"),
    ("report", ("bilan-annuel", "year", "31/03 N+1", "operator"), M_ET_M, "art. 6 et annexe 1"),
]  # fmt: skip

# Seed 001, the model convention, inherited by each of the 8 instances: art. 8.2 budget by 31
# October of the year before, compte administratif and certified accounts by 30 April of the
# year after (art. 3 and 8.2), art. 3 activity report by 30 April, art. 2.2 diagnostic updated
# every year, art. 8.2 prior written approval, art. 8.3 evaluation, art. 9 data protection.
EXPECTED_PAS_DE_CALAIS = [
    ("document", ("budget_forecast", "year", "31/10 N-1", "operator"), MODEL, "art. 8.2"),
    ("document", ("year_end_accounts", "year", "30/04 N+1", "operator"), MODEL, "art. 3 et 8.2"),
    ("document", ("certified_statements", "year", "30/04 N+1", "operator"), MODEL, "art. 8.2"),
    ("document", ("diagnostic", "year", "31/12 N", "operator"), MODEL, "art. 2.2 et référentiel départemental"),
    ("report", ("rapport-annuel-sps", "year", "30/04 N+1", "operator"), MODEL, "art. 3"),
    ("prior_approval", (("investment", "loan", "staffing"), "pilot"), MODEL, "art. 8.2"),
    ("evaluation", (5, 2), MODEL, "art. 8.3"),
    ("data_protection", (24, "pilot", "return_and_destroy", True, False), MODEL, "art. 9"),
]  # fmt: skip

# Seed 004: art. 8 and 10 activity report by 30 April N+1, art. 9 and 10 local diagnostic updated
# with it, art. 6 staff statement before 30 November N, art. 5 VAE within 2 years, art. 6 « 6
# postes de prévention ».
EXPECTED_MONTELIMAR = [
    ("report", ("rapport-drome", "year", "30/04 N+1", "operator"), DROME, "art. 8 et 10"),
    ("document", ("diagnostic", "year", "30/04 N+1", "operator"), DROME, "art. 9 et 10"),
    ("document", ("staff_statement", "year", "30/11 N", "operator"), DROME, "art. 6"),
    ("qualification", ("social_worker", 2, "years"), DROME, "art. 5"),
    ("minimum_staff", ("social_worker", "6"), DROME, "art. 6"),
]  # fmt: skip


def by_repr(rows):
    return sorted(rows, key=repr)


def test_longwy_sees_only_its_meurthe_et_moselle_clauses():
    assert seen(LONGWY) == by_repr(EXPECTED_LONGWY)


@pytest.mark.parametrize("name", PAS_DE_CALAIS)
def test_each_pas_de_calais_service_sees_only_the_model_conventions_clauses(name):
    assert seen(name) == by_repr(EXPECTED_PAS_DE_CALAIS)
    assert all(b.inherited for b in clauses.for_service(service(name), ACCESS_DAY))


def test_montelimar_sees_only_its_drome_clauses():
    assert seen(MONTELIMAR) == by_repr(EXPECTED_MONTELIMAR)


def test_every_demo_service_is_listed():
    """No demo service escapes the lists above (a new one must be added here)."""
    assert set(Service.objects.values_list("name", flat=True)) == {
        LONGWY,
        MONTELIMAR,
        *PAS_DE_CALAIS,
    }


def test_report_models_staff_and_approval_rules_by_service():
    """The issue's symptoms, one per line: report models, staff rules, approval rules."""

    def kinds(name: str, kind: str) -> list[Any]:
        return [subject(b)[0] for b in clauses.for_service(service(name), ACCESS_DAY, [kind])]

    assert sorted(kinds(LONGWY, "report")) == ["bilan-annuel", "conseil-pedagogique", "suivi-trimestriel"]  # fmt: skip
    assert kinds(LONGWY, "document") == []
    assert kinds(LONGWY, "prior_approval") == kinds(LONGWY, "qualification") == []
    assert kinds(LONGWY, "minimum_staff") == []
    for name in PAS_DE_CALAIS:
        assert kinds(name, "report") == ["rapport-annuel-sps"]
        assert kinds(name, "qualification") == kinds(name, "minimum_staff") == []
        assert "staff_statement" not in kinds(name, "document")
    assert kinds(MONTELIMAR, "report") == ["rapport-drome"]
    assert kinds(MONTELIMAR, "document") == ["diagnostic", "staff_statement"]
    assert kinds(MONTELIMAR, "prior_approval") == []


def test_pas_de_calais_source_names_the_model_convention():
    bound = clauses.for_service(service(PAS_DE_CALAIS[0]), ACCESS_DAY, ["prior_approval"])
    assert [b.source for b in bound] == [f"Convention type « {MODEL} », art. 8.2"]


def test_metz_and_dijon_bind_no_service():
    """Seed 003 has one duty (the yearly cooperation themes, 2009-2010) and binds no service;
    seed 002 creates no dated duty nor rule beyond its payment."""
    metz = Convention.objects.get(title=seed_003.CONVENTION.title)
    assert [(c.key, c.valid_from, c.valid_until) for c in Clause.objects.filter(convention=metz)] == [
        ("themes-cooperation", date(2009, 1, 1), date(2010, 12, 31))
    ]  # fmt: skip
    assert metz.service is None
    dijon = Convention.objects.get(title=seed_002.CONVENTION.title)
    assert not Clause.objects.filter(convention=dijon).exists()


# --- Dated duties of 2024 -------------------------------------------------------------------


def duties(name: str, start: date, end: date, meetings=None) -> list[tuple[str, str, date]]:
    rows = []
    for convention in clauses.binding_for_service(service(name), start, end):
        for item in clauses.due_items(convention, start, end, meetings):
            rows.append((item.what, item.period.key, item.due_on))
    return sorted(rows)


def test_longwy_duties_of_2024():
    meetings = {CONSEIL: [date(2024, 3, 14), date(2024, 10, 10)]}
    assert duties(LONGWY, date(2024, 1, 1), date(2024, 12, 31), meetings) == sorted(
        [
            ("bilan-annuel", "2024", date(2025, 3, 31)),
            ("conseil-pedagogique", "m2024-03-14", date(2024, 3, 13)),
            ("conseil-pedagogique", "m2024-10-10", date(2024, 10, 9)),
            ("suivi-trimestriel", "2024-Q1", date(2024, 4, 30)),
            ("suivi-trimestriel", "2024-Q2", date(2024, 7, 30)),
            ("suivi-trimestriel", "2024-Q3", date(2024, 10, 30)),
            ("suivi-trimestriel", "2024-Q4", date(2025, 1, 31)),
        ]
    )


def test_longwy_programme_d_actions_is_a_2023_duty_only():
    other = [d for d in duties(LONGWY, date(2023, 1, 1), date(2025, 12, 31)) if d[0] == "other"]
    assert other == [("other", "2023", date(2023, 12, 31))]


def test_pas_de_calais_duties_of_2024():
    for name in PAS_DE_CALAIS:
        assert duties(name, date(2024, 1, 1), date(2024, 12, 31)) == sorted(
            [
                ("budget_forecast", "2024", date(2023, 10, 31)),
                ("certified_statements", "2024", date(2025, 4, 30)),
                ("diagnostic", "2024", date(2024, 12, 31)),
                ("rapport-annuel-sps", "2024", date(2025, 4, 30)),
                ("year_end_accounts", "2024", date(2025, 4, 30)),
            ]
        ), name


def test_montelimar_duties_of_2024():
    assert duties(MONTELIMAR, date(2024, 1, 1), date(2024, 12, 31)) == [
        ("diagnostic", "2024", date(2025, 4, 30)),
        ("rapport-drome", "2024", date(2025, 4, 30)),
        ("staff_statement", "2024", date(2024, 11, 30)),
    ]


# --- Only what binds ------------------------------------------------------------------------


@pytest.mark.parametrize("decision", [OperatorDecision.PENDING, OperatorDecision.REFUSED])
def test_a_convention_its_operator_has_not_accepted_gives_nothing(decision):
    drome = Convention.objects.get(title=seed_004.CONVENTION.title)
    Convention.objects.filter(pk=drome.pk).update(operator_decision=decision)
    assert clauses.for_service(service(MONTELIMAR), ACCESS_DAY) == []
    assert duties(MONTELIMAR, date(2024, 1, 1), date(2024, 12, 31)) == []


def test_an_unaccepted_pas_de_calais_instance_gives_nothing_and_the_others_keep_theirs():
    first, second = PAS_DE_CALAIS[:2]
    Convention.objects.filter(service__name=first).update(
        operator_decision=OperatorDecision.PENDING
    )
    assert clauses.for_service(service(first), ACCESS_DAY) == []
    assert seen(second) == by_repr(EXPECTED_PAS_DE_CALAIS)


def test_nothing_after_the_convention_ends():
    assert clauses.for_service(service(LONGWY), date(2026, 1, 2)) == []
    assert clauses.for_service(service(MONTELIMAR), date(2026, 1, 2)) == []


# --- The loader -----------------------------------------------------------------------------


def clause_rows() -> list[tuple[Any, ...]]:
    return sorted(
        Clause.objects.values_list(
            "convention_id", "template_id", "key", "kind", "article", "params",
            "valid_from", "valid_until", "order",
        ),
        key=repr,
    )  # fmt: skip


def test_loading_again_gives_the_same_clauses():
    before = clause_rows()
    report = load_demo()
    assert clause_rows() == before
    assert not any("Clause" in line for line in report.lines()), report.lines()


def test_loading_again_restores_an_edited_clause_and_removes_an_extra_one():
    model = ConventionTemplate.objects.get(title=MODEL)
    budget = Clause.objects.get(template=model, key="budget-previsionnel")
    original = budget.params
    budget.params = {**original, "due": {**original["due"], "month": 9}}
    budget.save()
    extra = Clause.objects.create(template=model, key="en-trop", kind="evaluation", params={})

    report = load_demo()

    budget.refresh_from_db()
    assert budget.params == original
    assert not Clause.objects.filter(pk=extra.pk).exists()
    assert report.updated["conventions.Clause"] == 1
    assert report.deleted["conventions.Clause"] == 1


def test_the_loader_refuses_parameters_the_catalogue_rejects():
    drome = Convention.objects.get(title=seed_004.CONVENTION.title)
    before = clause_rows()
    bad = ClauseSpec(
        "etat-effectifs",
        "document",
        "art. 6",
        {"document": "staff_statement", "owner": "operator", "periodicity": "year",
         "due": on_day(2, 30)},
    )  # fmt: skip
    with pytest.raises(DemoError, match="art. 6.*février"), transaction.atomic():
        Loader().load_clauses({"convention": drome}, [bad], drome.title)
    assert clause_rows() == before


def test_a_later_version_closes_the_one_before():
    drome = Convention.objects.get(title=seed_004.CONVENTION.title)
    params = {"category": "social_worker", "fte": "6"}
    amended = {"category": "social_worker", "fte": "5"}
    Loader().load_clauses(
        {"convention": drome},
        [
            ClauseSpec("postes", "minimum_staff", "art. 6", params, valid_from=date(2023, 1, 1)),
            ClauseSpec(
                "postes", "minimum_staff", "avenant 1", amended, valid_from=date(2025, 1, 1)
            ),
        ],
        drome.title,
    )
    versions = Clause.objects.filter(convention=drome, key="postes").order_by("valid_from")
    assert [(c.valid_from, c.valid_until, c.params["fte"]) for c in versions] == [
        (date(2023, 1, 1), date(2025, 1, 1) - timedelta(days=1), "6"),
        (date(2025, 1, 1), None, "5"),
    ]
    on_2024 = clauses.for_service(service(MONTELIMAR), date(2024, 6, 1), ["minimum_staff"])
    assert [(b.clause.article, b.params["fte"]) for b in on_2024] == [("art. 6", "6")]
    assert [b.params["fte"] for b in clauses.for_service(service(MONTELIMAR), ACCESS_DAY, ["minimum_staff"])] == ["5"]  # fmt: skip


# ---------------------------------------------------------------- staff page = deadlines page
@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_every_demo_service_staff_page_agrees_with_its_deadlines(client, year):
    """For every demo service and year: the documents its staff page lists are exactly the
    document obligations the deadlines job generated from the same clauses (title, due date,
    source) — Longwy and Montélimar included, whatever their convention asks."""
    from django.urls import reverse

    from reperes.accounts.models import User
    from reperes.deadlines.actions import generate_all
    from reperes.deadlines.enums import ObligationKind
    from reperes.deadlines.models import Obligation

    generate_all(ACCESS_DAY)
    agents = {
        LONGWY: "agent.meurthe-et-moselle@demo.reperes.example",
        MONTELIMAR: "agent.drome@demo.reperes.example",
        **dict.fromkeys(PAS_DE_CALAIS, "agent.pas-de-calais@demo.reperes.example"),
    }
    compared = 0
    for name, email in agents.items():
        svc = service(name)
        client.force_login(User.objects.get(email=email))
        page = client.get(reverse("people:service", kwargs={"pk": svc.pk}), {"annee": year})
        assert page.status_code == 200, name
        listed = {(o["label"], o["due"], o["source"]) for o in page.context["obligations"]}
        stored = {
            (o.title, o.due_on, o.source)
            for o in Obligation.objects.filter(
                convention__service=svc, key__startswith="clause:", due_on__year=year
            ).exclude(kind=ObligationKind.ACTIVITY_REPORT)
        }
        assert listed == stored, name
        compared += len(listed)
    assert compared > 0
