"""Each gap the schemathesis run found between the API and its schema (issue 16), on its own:
a field that can be null says so, the reports list is the array it is, and a path parameter
that is not an id is a 404, never a server error."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.api.contract import get, published_schema
from tests.fieldwork.routes import make_targets as fieldwork_targets


@pytest.fixture
def schema(client, world):
    client.force_login(world["users"]["educator_a"])
    return published_schema(client)[1]


def test_an_organisation_without_commune(client, world, schema):
    organisation = world["orgs"]["departement"]
    assert organisation.commune is None
    answer = get(client, f"/api/v1/organisations/{organisation.pk}/")
    assert answer.json()["commune"] is None
    schema["/api/v1/organisations/{id}/"]["GET"].validate_response(answer)


def test_a_funding_share_that_groups_others_has_no_organisation(client, world, schema):
    from reperes.money import actions
    from tests.money.factories import make_funding

    convention = world["conventions"]["a"]
    commune = convention.parties.get(organisation=world["orgs"]["commune"])
    funding = make_funding(
        convention,
        2024,
        Decimal("1000.00"),
        "Dotation",
        actions.ShareInput(
            label="Communes",
            percent=Decimal(100),
            children=(actions.ShareInput(party=commune, percent=Decimal(100)),),
        ),
    )
    client.force_login(world["users"]["departement_agent"])
    answer = get(client, f"/api/v1/fundings/{funding.pk}/")
    assert [s["organisation"] for s in answer.json()["shares"]][0] is None
    schema["/api/v1/fundings/{id}/"]["GET"].validate_response(answer)


@pytest.mark.parametrize("path", ["/api/v1/youths/", "/api/v1/accompaniments/"])
def test_a_youth_without_commune_quartier_family_nor_orienting_partner(client, world, schema, path):
    fieldwork_targets(world)
    client.force_login(world["users"]["educator_a"])
    answer = get(client, path)
    assert answer.json()["results"]
    schema[path]["GET"].validate_response(answer)


@pytest.mark.parametrize("persona", ["educator_a", "departement_agent", "outsider"])
def test_the_reports_list_is_an_array(client, world, schema, persona):
    client.force_login(world["users"][persona])
    answer = get(client, "/api/v1/reports/")
    assert isinstance(answer.json(), list)
    schema["/api/v1/reports/"]["GET"].validate_response(answer)


@pytest.mark.parametrize("prefix", ["reports", "consolidations"])
def test_a_path_parameter_that_is_not_an_id_is_a_404(client, world, prefix):
    client.force_login(world["users"]["departement_agent"])
    for value in ("null,null", "null", "1.5", "-1", "9" * 40):
        assert client.get(f"/api/v1/{prefix}/{value}/").status_code == 404, value
