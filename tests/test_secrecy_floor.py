"""Issue 9, point 2: secrecy that no single party can lower. The platform's floor (threshold 5,
zone 100) is set in settings only; a convention may raise it; an avenant lowering it towards
the floor waits for the operator's agreement; the amendment form renders every field."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reperes.conventions.actions import AMENDABLE_FIELDS
from reperes.core.access import effective_secrecy
from reperes.reporting.secrecy import policy_for

pytestmark = pytest.mark.django_db


def _amend_data(convention, number: int, **changes) -> dict[str, str]:
    data = {"number": str(number), "amendment_title": "Secret statistique", "summary": ""}
    for name in AMENDABLE_FIELDS:
        value = getattr(convention, name)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else str(value)
    data.update({k: str(v) for k, v in changes.items()})
    return data


def test_the_amendment_form_renders_every_field_it_requires(client, world):
    convention = world["conventions"]["a"]
    client.force_login(world["users"]["departement_agent"])
    page = client.get(reverse("conventions:amend", kwargs={"pk": convention.pk}))
    form = page.context["form"]
    html = page.content.decode()
    for name, field in form.fields.items():
        if field.required:
            assert f'name="{name}"' in html, name


def test_an_avenant_below_the_floor_is_refused_in_french(client, world):
    convention = world["conventions"]["a"]
    client.force_login(world["users"]["departement_agent"])
    url = reverse("conventions:amend", kwargs={"pk": convention.pk})
    response = client.post(
        url, _amend_data(convention, 1, secrecy_threshold=2, secrecy_zone_floor=1)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "ne peut pas descendre sous le plancher de la plateforme (5)" in html
    assert "plancher de la plateforme (100)" in html
    convention.refresh_from_db()
    assert (convention.secrecy_threshold, convention.secrecy_zone_floor) == (5, 100)
    assert not convention.amendments.exists()


def test_lowering_waits_for_the_operator_and_raising_applies_at_once(client, world):
    convention = world["conventions"]["a"]
    url = reverse("conventions:amend", kwargs={"pk": convention.pk})
    client.force_login(world["users"]["departement_agent"])
    client.post(url, _amend_data(convention, 1, secrecy_threshold=8))
    convention.refresh_from_db()
    assert convention.secrecy_threshold == 8  # raised at once
    assert policy_for(convention).threshold == 8

    response = client.post(url, _amend_data(convention, 2, secrecy_threshold=5))
    assert response.status_code == 302
    convention.refresh_from_db()
    lowering = convention.amendments.get(number=2)
    assert lowering.status == "pending"
    assert convention.secrecy_threshold == 8
    assert policy_for(convention).threshold == 8  # the reports keep 8 until the operator agrees

    # Only the operator's director (or the platform admin on evidence) agrees.
    decide = reverse("conventions:amendment_decide", kwargs={"pk": lowering.pk})
    agree = {"decision": "accept", "decided_on": "2025-06-01"}
    assert client.post(decide, agree).status_code == 403
    client.force_login(world["users"]["director_a"])
    assert client.post(decide, agree).status_code == 302
    convention.refresh_from_db()
    lowering.refresh_from_db()
    assert (lowering.status, convention.secrecy_threshold) == ("in_effect", 5)
    assert policy_for(convention).threshold == 5


def test_the_floor_is_applied_to_any_convention_and_comes_from_settings(world, settings):
    convention = world["conventions"]["a"]
    convention.secrecy_threshold = 3  # below the floor, e.g. written straight to the database
    assert effective_secrecy(convention) == (5, 100)
    assert policy_for(convention).threshold == 5
    with pytest.raises(ValidationError):
        convention.full_clean()
    settings.REPERES_SECRECY_FLOOR_THRESHOLD = 10
    convention.secrecy_threshold = 8
    assert effective_secrecy(convention) == (10, 100)
