"""A partner's page shows what the apps above partners register on it (reperes.partners.pages):
the conventions the reader may see, and the link to the service's staffing where the reader may
open it. Partners never imports those apps; this checks that the registration still happens."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

STAFFING_LINK = "Effectifs, personnel et documents financiers du service"


def _page(client, user, name, pk):
    client.force_login(user)
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_organisation_page_lists_the_conventions_the_reader_sees(client, world):
    html = _page(
        client,
        world["users"]["commune_agent"],
        "partners:organisation",
        world["orgs"]["commune"].pk,
    )
    assert "Convention A" in html
    assert "Convention B" not in html


def test_the_service_page_lists_its_visible_conventions(client, world):
    agent = world["users"]["departement_agent"]
    html = _page(client, agent, "partners:service", world["services"]["a"].pk)
    assert "Convention A" in html
    assert "Convention B" not in html


def test_the_service_page_links_the_staffing_exactly_where_it_opens(client, world):
    service = world["services"]["a"]
    staffing = reverse("people:service", args=[service.pk])
    linked = {}
    for persona in ("director_a", "educator_a", "commune_agent", "departement_agent"):
        html = _page(client, world["users"][persona], "partners:service", service.pk)
        opens = client.get(staffing).status_code == 200
        assert (STAFFING_LINK in html) is opens, persona
        linked[persona] = opens
    assert linked["director_a"], "the director of the service reaches its staffing"
