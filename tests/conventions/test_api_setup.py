"""Setting a convention up through the API: a draft with parties, terms, secrecy and clauses in
one call (all or nothing, French errors per field and per clause), its clauses on a date with
their source, a clause added or replaced on a draft, and the catalogue."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from reperes.conventions.models import Clause, Convention
from reperes.core.models import AuditEntry
from tests.conftest import accept

FINANCIAL_REPORT = {
    "key": "compte-rendu-financier",
    "kind": "document",
    "article": "art. 7",
    "params": {
        "document": "financial_report",
        "owner": "operator",
        "periodicity": "year",
        "due": {"rule": "after_period", "value": 6, "unit": "months"},
    },
}
QUARTERLY_REPORT = {
    "key": "suivi",
    "kind": "report",
    "article": "art. 8",
    "params": {
        "model": "suivi-trimestriel",
        "owner": "operator",
        "periodicity": "quarter",
        "due": {"rule": "after_period", "value": 1, "unit": "months"},
    },
}


def _payload(world, **overrides):
    payload = {
        "reference": "CD26-2026-01",
        "title": "Convention API 2026-2028",
        "short_title": "API 2026",
        "service": world["services"]["a"].pk,
        "period_kind": "fixed",
        "starts_on": "2026-01-01",
        "ends_on": "2028-12-31",
        "secrecy_threshold": 10,
        "secrecy_zone_floor": 150,
        "parties": [
            {"organisation": world["orgs"]["departement"].pk, "role": "pilot"},
            {"organisation": world["orgs"]["operator_a"].pk, "role": "operator"},
        ],
        "clauses": [FINANCIAL_REPORT, QUARTERLY_REPORT],
    }
    payload.update(overrides)
    return payload


def _post(client, user, payload):
    client.force_login(user)
    return client.post(reverse("api:convention-list"), payload, content_type="application/json")


def test_a_funder_sets_a_draft_up_in_one_call(client, world):
    response = _post(client, world["users"]["departement_agent"], _payload(world))
    assert response.status_code == 201, response.json()
    convention = Convention.objects.get(reference="CD26-2026-01")
    assert response.json()["id"] == convention.pk
    assert (convention.secrecy_threshold, convention.secrecy_zone_floor) == (10, 150)
    assert not convention.is_signed
    assert convention.operator_decision == "pending"
    assert [(p.organisation.name, p.role) for p in convention.parties.all()] == [
        ("Département de Test", "pilot"),
        ("Association A", "operator"),
    ]
    clauses = {c.key: c for c in convention.clauses.all()}
    assert set(clauses) == {"compte-rendu-financier", "suivi"}
    assert clauses["compte-rendu-financier"].params["due"] == {
        "rule": "after_period",
        "value": 6,
        "unit": "months",
    }
    assert clauses["suivi"].article == "art. 8"
    assert AuditEntry.objects.filter(action="convention.clauses", object_id=convention.pk).exists()


def test_a_draft_grants_nothing_on_the_service(client, world):
    """The commune agent co-funds the API draft: it still sees nothing of service A's staff
    until the operator accepts (here the commune is party to nothing else binding)."""
    from reperes.conventions.access import services_visible_to

    outsider = world["users"]["outsider"]
    payload = _payload(
        world,
        parties=[
            {"organisation": world["orgs"]["outsider"].pk, "role": "pilot"},
            {"organisation": world["orgs"]["operator_a"].pk, "role": "operator"},
        ],
    )
    assert _post(client, outsider, payload).status_code == 201
    assert not services_visible_to(outsider).exists()
    assert client.get(reverse("api:staff-member-list")).json()["results"] == []


def test_one_bad_clause_writes_nothing_and_says_which(client, world):
    bad = {**QUARTERLY_REPORT, "params": {**QUARTERLY_REPORT["params"], "periodicity": "week"}}
    missing = {"key": "budget", "kind": "document", "params": {"owner": "operator"}}
    payload = _payload(world, clauses=[FINANCIAL_REPORT, bad, missing])
    response = _post(client, world["users"]["departement_agent"], payload)
    assert response.status_code == 400
    errors = response.json()["clauses"]
    assert errors[0] == {}
    assert errors[1]["params"] == ["« Période couverte » : valeur inconnue « week »."]
    assert "« Document » est obligatoire." in errors[2]["params"]
    assert "« Échéance » est obligatoire." in errors[2]["params"]
    assert not Convention.objects.filter(reference="CD26-2026-01").exists()
    assert not Clause.objects.exists()


def test_field_errors_in_french_and_the_secrecy_floor(client, world, settings):
    settings.REPERES_SECRECY_FLOOR_THRESHOLD = 5
    response = _post(
        client,
        world["users"]["departement_agent"],
        _payload(world, secrecy_threshold=3, ends_on="2025-12-31"),
    )
    assert response.status_code == 400
    body = response.json()
    assert body["secrecy_threshold"] == [
        "Le seuil du secret statistique ne peut pas descendre sous le plancher de la plateforme (5)."
    ]
    assert not Convention.objects.filter(reference="CD26-2026-01").exists()
    response = _post(
        client, world["users"]["departement_agent"], _payload(world, ends_on="2025-12-31")
    )
    assert response.status_code == 400
    assert "La fin de la période doit suivre son début." in response.json()["non_field_errors"]
    response = _post(client, world["users"]["departement_agent"], _payload(world, title=""))
    assert response.status_code == 400
    assert response.json()["title"] == ["Ce champ ne peut être vide."]


def test_duplicate_clause_keys_and_references_are_refused(client, world):
    agent = world["users"]["departement_agent"]
    response = _post(client, agent, _payload(world, clauses=[FINANCIAL_REPORT, FINANCIAL_REPORT]))
    assert response.status_code == 400
    assert response.json()["clauses"][1]["key"] == [
        "La référence « compte-rendu-financier » est déjà celle de la clause n° 1."
    ]
    assert _post(client, agent, _payload(world)).status_code == 201
    response = _post(client, agent, _payload(world, title="Autre"))
    assert response.status_code == 400
    assert response.json()["reference"] == [
        "Le pilote a déjà une convention de référence « CD26-2026-01 »."
    ]
    assert Convention.objects.filter(reference="CD26-2026-01").count() == 1


@pytest.mark.parametrize("persona", ["educator_a", "director_a", "dpo", "platform_admin"])
def test_only_a_funder_agent_sets_up(client, world, persona):
    response = _post(client, world["users"][persona], _payload(world))
    assert response.status_code == 403
    assert not Convention.objects.filter(reference="CD26-2026-01").exists()


def test_the_funder_must_be_pilot_or_co_funder(client, world):
    # The commune agent is no party at all; then only a « partner ».
    commune = world["users"]["commune_agent"]
    assert _post(client, commune, _payload(world)).status_code == 403
    payload = _payload(
        world,
        parties=[
            {"organisation": world["orgs"]["departement"].pk, "role": "pilot"},
            {"organisation": world["orgs"]["commune"].pk, "role": "partner"},
            {"organisation": world["orgs"]["operator_a"].pk, "role": "operator"},
        ],
    )
    response = _post(client, commune, payload)
    assert response.status_code == 403
    assert "pilote ou co-financeur" in response.json()["detail"]
    payload["parties"][1]["role"] = "co_funder"
    assert _post(client, commune, payload).status_code == 201


def test_anonymous_cannot_set_up(client, world):
    response = client.post(
        reverse("api:convention-list"), _payload(world), content_type="application/json"
    )
    assert response.status_code in (401, 403)
    assert not Convention.objects.filter(reference="CD26-2026-01").exists()


def _draft(client, world):
    response = _post(client, world["users"]["departement_agent"], _payload(world))
    return Convention.objects.get(pk=response.json()["id"])


def test_clauses_in_force_on_a_date_with_their_source(client, world):
    convention = _draft(client, world)
    url = reverse("api:convention-clauses", kwargs={"pk": convention.pk})
    data = client.get(url, {"date": "2026-06-01"}).json()
    assert data["on"] == "2026-06-01"
    assert data["draft"] is True
    by_key = {c["key"]: c for c in data["clauses"]}
    assert by_key["suivi"]["source"] == "Convention « API 2026 », art. 8"
    assert by_key["suivi"]["kind_label"] == "Rapport à produire"
    assert by_key["compte-rendu-financier"]["text"].endswith("6 mois après la fin de la période")
    # A version that ends before the date is not in force on it.
    Clause.objects.filter(convention=convention, key="suivi").update(valid_until=date(2026, 3, 31))
    data = client.get(url, {"date": "2026-06-01"}).json()
    assert [c["key"] for c in data["clauses"]] == ["compte-rendu-financier"]
    assert client.get(url, {"date": "pas une date"}).status_code == 400


def test_a_clause_is_added_then_replaced_on_a_draft(client, world):
    convention = _draft(client, world)
    url = reverse("api:convention-clauses", kwargs={"pk": convention.pk})
    minimum = {
        "key": "effectif",
        "kind": "minimum_staff",
        "article": "art. 6",
        "params": {"category": "social_worker", "fte": "3,5"},
    }
    response = client.post(url, minimum, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["params"]["fte"] == "3.5"
    minimum["params"]["fte"] = "4"
    response = client.post(url, minimum, content_type="application/json")
    assert response.status_code == 200
    assert convention.clauses.get(key="effectif").params["fte"] == "4"
    assert convention.clauses.filter(key="effectif").count() == 1
    bad = {**minimum, "params": {"category": "social_worker", "fte": "beaucoup"}}
    response = client.post(url, bad, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["params"] == ["« ETP minimum » : un nombre est attendu."]
    assert convention.clauses.get(key="effectif").params["fte"] == "4"


def test_an_accepted_convention_changes_its_clauses_by_amendment_only(client, world):
    convention = _draft(client, world)
    accept(convention)
    url = reverse("api:convention-clauses", kwargs={"pk": convention.pk})
    changed = {**FINANCIAL_REPORT, "params": {**FINANCIAL_REPORT["params"], "owner": "pilot"}}
    response = client.post(url, changed, content_type="application/json")
    assert response.status_code == 400
    assert "avenant" in response.json()["non_field_errors"][0]
    assert convention.clauses.get(key="compte-rendu-financier").params["owner"] == "operator"


@pytest.mark.parametrize(
    ("persona", "code"),
    [("educator_a", 403), ("director_a", 403), ("commune_agent", 404), ("outsider", 404)],
)
def test_clause_writes_are_refused_to_others(client, world, persona, code):
    convention = _draft(client, world)
    # The operator's staff see the draft (their organisation is party), write nothing.
    client.force_login(world["users"][persona])
    url = reverse("api:convention-clauses", kwargs={"pk": convention.pk})
    response = client.post(
        url, QUARTERLY_REPORT | {"key": "autre"}, content_type="application/json"
    )
    assert response.status_code == code
    assert not convention.clauses.filter(key="autre").exists()


def test_the_catalogue_lists_kinds_params_and_sourced_suggestions(client, world):
    client.force_login(world["users"]["educator_b"])
    kinds = {k["code"]: k for k in client.get(reverse("api:clause-kind-list")).json()}
    assert "document" in kinds
    assert "data_protection" in kinds
    params = {p["name"]: p for p in kinds["document"]["params"]}
    assert params["document"]["required"] is True
    assert "financial_report" in {c["value"] for c in params["document"]["choices"]}
    assert any(s["source"] for s in kinds["document"]["suggestions"])
    assert all(s["source"] for k in kinds.values() for s in k["suggestions"])


def test_the_schema_still_generates(client, world):
    client.force_login(world["users"]["departement_agent"])
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "post" in paths["/api/v1/conventions/"]
    assert set(paths["/api/v1/conventions/{id}/clauses/"]) >= {"get", "post"}
    assert "/api/v1/clause-kinds/" in paths


def test_a_draft_from_a_model_inherits_its_clauses_with_their_source(client, world):
    from reperes.conventions.models import ConventionTemplate
    from tests.factories import make_evaluation_clause

    model = ConventionTemplate.objects.create(
        title="Modèle départemental",
        owner=world["orgs"]["departement"],
        period_kind="fixed",
    )
    make_evaluation_clause(model)
    foreign = ConventionTemplate.objects.create(
        title="Modèle d'ailleurs", owner=world["orgs"]["outsider"], period_kind="fixed"
    )
    agent = world["users"]["departement_agent"]
    response = _post(client, agent, _payload(world, template=foreign.pk))
    assert response.status_code == 400
    assert response.json()["template"] == ["Convention type introuvable."]
    response = _post(client, agent, _payload(world, template=model.pk))
    assert response.status_code == 201
    url = reverse("api:convention-clauses", kwargs={"pk": response.json()["id"]})
    by_key = {c["key"]: c for c in client.get(url, {"date": "2026-06-01"}).json()["clauses"]}
    assert by_key["evaluation"]["inherited"] is True
    assert by_key["evaluation"]["source"] == "Convention type « Modèle départemental », art. 8.3"
    assert by_key["suivi"]["inherited"] is False
