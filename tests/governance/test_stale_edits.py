"""Two edits of one body from the same stale form: the second is refused, in French, with
what changed in between, its composition included; the first is kept (issue 9, point 7)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reperes.governance.models import Body
from tests.governance.factories import BodyFactory
from tests.stale import STALE, as_loaded

FORMSETS = ("seats", "documents")


@pytest.fixture
def body(world):
    return BodyFactory(convention=world["conventions"]["a"], name="Comité de pilotage")


def test_body_edit_from_a_stale_form_is_refused(client, world, body):
    client.force_login(world["users"]["director_a"])
    url = reverse("governance:body_update", args=[body.pk])
    page = client.get(url)
    first = client.post(url, as_loaded(page, FORMSETS, chair="Le Président du Département"))
    assert first.status_code == 302

    response = client.post(url, as_loaded(page, FORMSETS, name="Comité de suivi"))

    assert STALE in response.content.decode()
    body.refresh_from_db()
    assert (body.name, body.chair) == ("Comité de pilotage", "Le Président du Département")
    form = response.context["form"]
    assert form["name"].value() == "Comité de suivi"
    assert [(c.label, c.now) for c in form.conflict] == [
        ("Présidence", "Le Président du Département")
    ]


def test_a_composition_changed_in_between_is_not_erased(client, world, body):
    client.force_login(world["users"]["director_a"])
    url = reverse("governance:body_update", args=[body.pk])
    page = client.get(url)
    seat = {"sieges-0-label": "Le maire ou son représentant", "sieges-0-count": "1"}
    assert client.post(url, as_loaded(page, FORMSETS, **seat)).status_code == 302

    response = client.post(url, as_loaded(page, FORMSETS, chair="La vice-présidente"))

    assert STALE in response.content.decode()
    assert list(Body.objects.get(pk=body.pk).seats.values_list("label", flat=True)) == [
        "Le maire ou son représentant"
    ]
    assert [c.field for c in response.context["form"].conflict] == ["composition"]
