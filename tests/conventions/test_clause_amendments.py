"""Clauses changed by amendment from an effective date, with their field-by-field history;
inherited clauses changed for one instance only; a draft's clauses written in place; the
convention page's clauses and the warning when two binding conventions disagree."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reperes.conventions import actions, actions_clauses, clauses
from reperes.conventions.actions import Avenant
from reperes.conventions.models import VERSION_ORDER, Amendment, Clause
from reperes.core.models import AuditEntry
from tests.conftest import accept
from tests.factories import (
    ConventionFactory,
    ConventionTemplateFactory,
    PartyFactory,
    make_clause,
)


def _due(month, day, offset=1):
    return {"rule": "day_of_year", "month": month, "day": day, "year_offset": offset}


def _report_params(month, day, owner="operator"):
    return {
        "document": "financial_report",
        "title": "Rapport financier",
        "owner": owner,
        "periodicity": "year",
        "due": _due(month, day),
    }


@pytest.fixture
def financial_report(world):
    """Convention A says: the operator sends its financial report by 30 April N+1."""
    convention = world["conventions"]["a"]
    make_clause(convention, "document", "rapport-financier", "art. 6", **_report_params(4, 30))
    return convention


def _amend_report(world, convention, month, day, actor="departement_agent", **avenant):
    """An avenant moving the financial report's due date to ``day``/``month`` of N+1."""
    return actions_clauses.amend_clause(
        world["users"][actor],
        convention,
        Avenant(**avenant),
        key="rapport-financier",
        params=_report_params(month, day),
    )


def _amend_to_june(world, convention, actor="departement_agent", **extra):
    return _amend_report(
        world,
        convention,
        6,
        30,
        actor,
        effective_on=date(2025, 1, 1),
        number=1,
        title="Rapport financier au 30 juin",
        signed_on=date(2024, 12, 15),
        **extra,
    )


def _page_on_1_june_2025(client, world, persona, convention) -> str:
    """The convention's page as ``persona`` reads it on 1 June 2025."""
    client.force_login(world["users"][persona])
    url = reverse("conventions:detail", kwargs={"pk": convention.pk})
    return client.get(f"{url}?date=2025-06-01").content.decode()


def _due_on(convention, start, end):
    return {item.period.label: item.due_on for item in clauses.due_items(convention, start, end)}


def test_a_2024_period_keeps_the_2024_clause_and_2025_follows_the_amendment(
    world, financial_report
):
    convention = financial_report
    amendment = _amend_to_june(world, convention)
    assert amendment.status == "in_effect"  # a later due date is a relief: it applies at once
    assert _due_on(convention, date(2024, 1, 1), date(2025, 12, 31)) == {
        "2024": date(2025, 4, 30),
        "2025": date(2026, 6, 30),
    }
    items = clauses.due_items(convention, date(2024, 1, 1), date(2025, 12, 31))
    assert [i.bound.clause.amendment_id for i in items] == [None, amendment.pk]
    old, new = Clause.objects.filter(convention=convention).order_by(*VERSION_ORDER)
    assert (old.valid_from, old.valid_until) == (None, date(2024, 12, 31))
    assert (new.valid_from, new.valid_until, new.amendment_id) == (
        date(2025, 1, 1),
        None,
        amendment.pk,
    )


def test_the_amendment_keeps_the_parameters_before_and_after(world, financial_report):
    amendment = _amend_to_june(world, financial_report)
    rows = [r for r in amendment.changes if r.get("param")]
    assert rows == [
        {
            "field": "clause:rapport-financier:due",
            "label": "Document à transmettre « Rapport financier » (art. 6) — Échéance",
            "param": "due",
            "old": "le 30 avril de l'année N+1",
            "new": "le 30 juin de l'année N+1",
        }
    ]
    assert AuditEntry.objects.filter(
        action="convention.amend", object_id=financial_report.pk
    ).exists()


def test_the_page_lists_clauses_with_source_validity_and_versions(client, world, financial_report):
    _amend_to_june(world, financial_report)
    html = _page_on_1_june_2025(client, world, "departement_agent", financial_report)
    assert "Document à transmettre" in html
    assert "Rapport financier — chaque année, dû le 30 juin de l&#x27;année N+1" in html
    assert "Source : Convention « Convention A », art. 6." in html
    assert "En vigueur depuis le 1er janvier 2025 (avenant n° 1)." in html
    assert "au 31 décembre 2024 : Rapport financier — chaque année, dû le 30 avril" in html
    assert "le 30 avril de l&#x27;année N+1" in html  # the avenant's table: before
    assert "Modifier par avenant" in html


def _two_instances_of(world, template):
    """The model asks the operator for its financial report by 30 April N+1, art. 8.2;
    conventions A and B become instances of it (one, other)."""
    make_clause(template, "document", "rapport-financier", "art. 8.2", **_report_params(4, 30))
    one, other = world["conventions"]["a"], world["conventions"]["b"]
    for convention in (one, other):
        convention.template = template
        convention.save()
    return one, other


def test_an_inherited_clause_amended_on_one_instance_leaves_the_others(world):
    template = ConventionTemplateFactory(
        title="Modèle départemental", owner=world["orgs"]["departement"], yearly=True
    )
    one, other = _two_instances_of(world, template)
    _amend_to_june(world, one)
    span = (date(2024, 1, 1), date(2025, 12, 31))
    assert _due_on(one, *span) == {"2024": date(2025, 4, 30), "2025": date(2026, 6, 30)}
    assert _due_on(other, *span) == {"2024": date(2025, 4, 30), "2025": date(2026, 4, 30)}
    # Before the avenant the model's clause still applies to this instance, with its source.
    first, second = clauses.due_items(one, *span)
    assert first.bound.inherited
    assert first.source == ("Convention type « Modèle départemental », art. 8.2")
    assert not second.bound.inherited
    assert template.clauses.get().valid_until is None  # the model itself is unchanged


def test_an_inherited_clause_ended_on_one_instance(world):
    template = ConventionTemplateFactory(owner=world["orgs"]["departement"])
    one, other = _two_instances_of(world, template)
    actions_clauses.end_clause(
        world["users"]["departement_agent"],
        one,
        Avenant(1, "Plus de rapport financier", effective_on=date(2025, 1, 1)),
        key="rapport-financier",
    )
    span = (date(2024, 1, 1), date(2025, 12, 31))
    assert _due_on(one, *span) == {"2024": date(2025, 4, 30)}
    assert _due_on(other, *span) == {"2024": date(2025, 4, 30), "2025": date(2026, 4, 30)}


def test_adding_a_clause_by_amendment_applies_from_its_date(world):
    convention = world["conventions"]["a"]
    amendment = actions_clauses.add_clause_by_amendment(
        world["users"]["director_a"],  # the operator's director: its own agreement
        convention,
        Avenant(1, "Rapport financier", effective_on=date(2025, 1, 1)),
        kind="document",
        params=_report_params(6, 30),
        article="art. 6 bis",
    )
    assert amendment.status == "in_effect"
    assert _due_on(convention, date(2024, 1, 1), date(2025, 12, 31)) == {"2025": date(2026, 6, 30)}


def test_a_new_duty_for_the_operator_waits_for_its_agreement(world):
    """Recorded by a funder alone, an avenant that adds to what the operator owes does not
    apply before the operator agrees (as a convention binds only once it has accepted)."""
    convention = world["conventions"]["a"]
    amendment = actions_clauses.add_clause_by_amendment(
        world["users"]["departement_agent"],
        convention,
        Avenant(1, "Rapport financier", effective_on=date(2025, 1, 1)),
        kind="document",
        params=_report_params(3, 31),
    )
    assert amendment.status == "pending"
    assert not Clause.objects.filter(convention=convention).exists()
    assert amendment.changes[0]["clause"]["op"] == "add"
    actions.decide_amendment(
        world["users"]["director_a"], amendment, agree=True, decided_on=date(2025, 2, 1)
    )
    assert _due_on(convention, date(2025, 1, 1), date(2025, 12, 31)) == {"2025": date(2026, 3, 31)}


def test_an_earlier_due_date_waits_for_the_operator(client, world, financial_report):
    amendment = _amend_report(
        world,
        financial_report,
        3,
        31,
        effective_on=date(2025, 1, 1),
        number=1,
        title="Rapport financier plus tôt",
    )
    assert amendment.status == "pending"
    assert _due_on(financial_report, date(2025, 1, 1), date(2025, 12, 31)) == {
        "2025": date(2026, 4, 30)
    }
    client.force_login(world["users"]["director_a"])
    html = client.get(
        reverse("conventions:detail", kwargs={"pk": financial_report.pk})
    ).content.decode()
    assert "Avenant n° 1 — Rapport financier plus tôt</strong> : en attente de l" in html
    actions.decide_amendment(
        world["users"]["director_a"], amendment, agree=False, decided_on=date(2025, 2, 1)
    )
    assert Clause.objects.filter(convention=financial_report).count() == 1


@pytest.mark.parametrize(
    ("effective_on", "message"),
    [
        (None, "Indiquez la date d'effet"),
        (date(2024, 12, 1), "Un avenant ne peut prendre effet avant sa signature."),
    ],
)
def test_bad_amendments_write_nothing(world, financial_report, effective_on, message):
    with pytest.raises(ValidationError, match=message):
        _amend_report(
            world,
            financial_report,
            6,
            30,
            effective_on=effective_on,
            number=1,
            title="Avenant",
            signed_on=date(2024, 12, 15),
        )
    assert Clause.objects.filter(convention=financial_report).count() == 1
    assert not Amendment.objects.exists()


def test_a_clause_changes_only_after_its_latest_version(world, financial_report):
    _amend_to_june(world, financial_report)
    with pytest.raises(ValidationError, match="à compter d'une date postérieure"):
        _amend_report(
            world,
            financial_report,
            5,
            31,
            effective_on=date(2024, 7, 1),
            number=2,
            title="Rétroactif",
        )
    assert Clause.objects.filter(convention=financial_report).count() == 2


def _post_amendment(client, convention, **overrides):
    data = {
        "number": "1",
        "amendment_title": "Rapport financier au 30 juin",
        "signed_on": "2024-12-15",
        "effective_on": "2025-01-01",
        "summary": "",
        "clause-article": "art. 6",
        "clause-document": "financial_report",
        "clause-title": "Rapport financier",
        "clause-owner": "operator",
        "clause-periodicity": "year",
        "clause-due_rule": "day_of_year",
        "clause-due_day": "30",
        "clause-due_month": "6",
        "clause-due_year_offset": "1",
    }
    data.update(overrides)
    url = reverse("conventions:clause_amend", kwargs={"pk": convention.pk})
    return client.post(url + "?cle=rapport-financier", data)


def test_the_amendment_form_changes_the_clause(client, world, financial_report):
    client.force_login(world["users"]["departement_agent"])
    page = client.get(
        reverse("conventions:clause_amend", kwargs={"pk": financial_report.pk})
        + "?cle=rapport-financier"
    )
    assert page.status_code == 200
    response = _post_amendment(client, financial_report)
    assert response.status_code == 302
    amendment = Amendment.objects.get(convention=financial_report)
    assert (amendment.number, amendment.title, amendment.effective_on) == (
        1,
        "Rapport financier au 30 juin",
        date(2025, 1, 1),
    )
    assert _due_on(financial_report, date(2025, 1, 1), date(2025, 12, 31)) == {
        "2025": date(2026, 6, 30)
    }


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"clause-due_day": "31", "clause-due_month": "6"}, "Le mois de juin n&#x27;a pas de 31."),
        ({"clause-owner": "le maire"}, "Sélectionnez un choix valide"),
        ({"effective_on": ""}, "Indiquez la date à laquelle l&#x27;avenant prend effet."),
    ],
)
def test_bad_params_keep_what_was_typed_and_write_nothing(
    client, world, financial_report, overrides, message
):
    client.force_login(world["users"]["departement_agent"])
    response = _post_amendment(
        client, financial_report, amendment_title="Mon avenant tapé", **overrides
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Mon avenant tapé"' in html
    assert 'value="Rapport financier"' in html
    assert not Amendment.objects.exists()
    assert Clause.objects.filter(convention=financial_report).count() == 1


@pytest.fixture
def caf_convention(world):
    """A second convention binds service A (its operator accepted it) and wants the same
    financial report by 31 March; the commune is not party to it."""
    second = ConventionFactory(title="Convention CAF", service=world["services"]["a"])
    PartyFactory(convention=second, organisation=world["orgs"]["departement"], role="pilot")
    PartyFactory(convention=second, organisation=world["orgs"]["operator_a"], role="operator")
    accept(second)
    make_clause(second, "document", "rapport", "art. 4", **_report_params(3, 31))
    return second


@pytest.mark.usefixtures("caf_convention")
def test_disagreement_between_binding_conventions_is_shown(client, world, financial_report):
    """The page warns, citing both sources."""
    bound = clauses.for_service(world["services"]["a"], date(2025, 6, 1))
    found = clauses.disagreements(bound)
    assert len(found) == 1
    html = _page_on_1_june_2025(client, world, "director_a", financial_report)
    assert "Les conventions qui lient ce service ne disent pas la même chose" in html
    assert "Convention « Convention CAF », art. 4" in html
    assert "Convention « Convention A », art. 6" in html


@pytest.mark.usefixtures("caf_convention")
def test_a_disagreement_shows_only_conventions_the_reader_sees(client, world, financial_report):
    """The commune is not party to the second convention: no warning that would quote it."""
    html = _page_on_1_june_2025(client, world, "commune_agent", financial_report)
    assert "Convention CAF" not in html


# --- Drafts ------------------------------------------------------------------------------------


@pytest.fixture
def draft(world):
    convention = ConventionFactory(title="Projet", service=world["services"]["a"], is_signed=False)
    PartyFactory(convention=convention, organisation=world["orgs"]["departement"], role="pilot")
    PartyFactory(convention=convention, organisation=world["orgs"]["operator_a"], role="operator")
    return convention


def test_a_drafts_clauses_are_written_in_place(world, draft):
    agent = world["users"]["departement_agent"]
    clause = actions_clauses.add_clause(
        agent, draft, "document", "", "art. 6", _report_params(4, 30)
    )
    assert clause.key == "document-financial_report"
    actions_clauses.update_clause(agent, draft, clause.key, params=_report_params(6, 30))
    assert Clause.objects.filter(convention=draft).count() == 1
    assert _due_on(draft, date(2025, 1, 1), date(2025, 12, 31)) == {"2025": date(2026, 6, 30)}
    actions_clauses.remove_clause(agent, draft, clause.key)
    assert not Clause.objects.filter(convention=draft).exists()
    with pytest.raises(ValidationError, match="par avenant"):
        actions_clauses.add_clause(
            agent, world["conventions"]["a"], "document", "", "", _report_params(4, 30)
        )
    with pytest.raises(ValidationError, match="Cette convention est un projet"):
        actions_clauses.add_clause_by_amendment(
            agent,
            draft,
            Avenant(1, "Avenant", effective_on=date(2025, 1, 1)),
            kind="document",
            params=_report_params(4, 30),
        )


def test_the_draft_form_adds_a_clause(client, world, draft):
    client.force_login(world["users"]["departement_agent"])
    url = reverse("conventions:clause_edit", kwargs={"pk": draft.pk}) + "?nature=document"
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "clause-key": "rapport",
        "clause-article": "art. 6",
        "clause-document": "financial_report",
        "clause-owner": "operator",
        "clause-periodicity": "year",
        "clause-due_rule": "after_period",
        "clause-due_value": "6",
        "clause-due_unit": "months",
    }
    assert client.post(url, data).status_code == 302
    assert _due_on(draft, date(2025, 1, 1), date(2025, 12, 31)) == {"2025": date(2026, 6, 30)}
    bad = client.post(url, {**data, "clause-key": "autre", "clause-due_value": "six"})
    html = bad.content.decode()
    assert bad.status_code == 200
    assert "Le délai doit être un nombre entier" in html
    assert 'value="six"' in html
    assert 'value="autre"' in html
    assert Clause.objects.filter(convention=draft).count() == 1


# ---------------------------------------------------------------- periods follow each version
def test_an_amendment_changing_the_periodicity_keeps_the_past_periods(world):
    """Annual until 2024, quarterly from 2025 under the same key: 2024 keeps its one annual
    report, 2025 has four quarters — each version dates the periods it governs."""
    from datetime import date as day

    from reperes.conventions import clauses
    from tests.factories import make_clause

    convention = world["conventions"]["a"]
    due = {"rule": "after_period", "value": 2, "unit": "months"}
    make_clause(
        convention,
        "report",
        "suivi",
        "art. 4",
        model="rapport-drome",
        owner="operator",
        periodicity="year",
        due=due,
        valid_until=day(2024, 12, 31),
    )
    make_clause(
        convention,
        "report",
        "suivi",
        "avenant 1",
        model="rapport-drome",
        owner="operator",
        periodicity="quarter",
        due=due,
        valid_from=day(2025, 1, 1),
    )
    items = clauses.due_items(convention, day(2024, 1, 1), day(2025, 12, 31))
    assert [(i.period.key, i.due_on) for i in items] == [
        ("2024", day(2025, 2, 28)),
        ("2025-Q1", day(2025, 5, 31)),
        ("2025-Q2", day(2025, 8, 30)),  # de quantième à quantième
        ("2025-Q3", day(2025, 11, 30)),
        ("2025-Q4", day(2026, 2, 28)),
    ]


def test_a_rule_before_each_meeting_finds_its_body_by_a_shorter_name():
    from datetime import date as day

    from reperes.conventions.clauses import meeting_days

    meetings = {
        "Comité de pilotage de la prévention spécialisée": [day(2025, 3, 1)],
        "Conseil pédagogique": [day(2025, 5, 2)],
    }
    assert meeting_days(meetings, "comite de pilotage") == [day(2025, 3, 1)]
    assert meeting_days(meetings, "Conseil pédagogique") == [day(2025, 5, 2)]
    assert meeting_days(meetings, "Assemblée générale") == []
    assert meeting_days(meetings, "") == []
