"""Issue 9, point 1: a funder cannot claim a service. A convention grants nothing on a
service's data until its operator accepts it (reperes.core.access), and nothing after it ends;
an account whose organisation does not run the service sees none of its records."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from reperes.conventions import access as grants
from reperes.conventions.models import Convention

pytestmark = pytest.mark.django_db


def _create_data(world, threshold: int) -> dict[str, str]:
    service = world["services"]["a"]
    data = {
        "title": "Convention revendiquée",
        "kind": "prevention",
        "service": str(service.pk),
        "period_kind": "fixed",
        "starts_on": "2025-01-01",
        "ends_on": "2027-12-31",
        "secrecy_threshold": str(threshold),
        "secrecy_zone_floor": "100",
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "20",
        "parties-0-organisation": str(world["orgs"]["outsider"].pk),
        "parties-0-role": "pilot",
        "parties-1-organisation": str(world["orgs"]["operator_a"].pk),
        "parties-1-role": "operator",
    }
    return data


def _decide(client, convention, decision, **fields):
    """The signed-in user posts the operator's decision on ``convention``, dated 2 May 2025."""
    data = {"decision": decision, "decided_on": "2025-05-02", **fields}
    return client.post(reverse("conventions:decide", kwargs={"pk": convention.pk}), data)


def test_a_funder_claiming_a_service_gets_a_draft_that_opens_nothing_until_the_operator_accepts(
    client, world
):
    service = world["services"]["a"]
    staff_page = reverse("people:service", kwargs={"pk": service.pk})
    client.force_login(world["users"]["outsider"])
    # Its own secrecy policy below the platform's floor is refused outright.
    response = client.post(reverse("conventions:create"), _create_data(world, threshold=2))
    assert response.status_code == 200
    assert "plancher de la plateforme (5)" in response.content.decode()
    assert not Convention.objects.filter(title="Convention revendiquée").exists()

    response = client.post(reverse("conventions:create"), _create_data(world, threshold=5))
    assert response.status_code == 302
    convention = Convention.objects.get(title="Convention revendiquée")
    assert convention.operator_decision == "pending"
    assert (
        client.get(reverse("conventions:detail", kwargs={"pk": convention.pk})).status_code == 200
    )
    assert client.get(staff_page).status_code == 404
    assert service not in grants.services_visible_to(world["users"]["outsider"])

    # The operator's director accepts it: from then on the funder sees the service.
    client.force_login(world["users"]["director_a"])
    response = _decide(client, convention, "accept", evidence="")
    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.operator_decision == "accepted"
    assert convention.operator_decided_by == world["users"]["director_a"]
    client.force_login(world["users"]["outsider"])
    assert client.get(staff_page).status_code == 200


def test_a_funder_cannot_accept_for_the_operator_and_signing_opens_nothing(client, world):
    draft = world["conventions"]["draft"]
    funder = world["users"]["draft_funder"]
    client.force_login(funder)
    assert _decide(client, draft, "accept").status_code == 403
    response = client.post(
        reverse("conventions:sign", kwargs={"pk": draft.pk}), {"signed_on": "2025-05-02"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_signed
    assert draft.operator_decision == "pending"
    assert client.get(reverse("people:service", kwargs={"pk": draft.service_id})).status_code == 404


def test_the_operator_refuses_and_the_convention_grants_nothing(client, world):
    draft = world["conventions"]["draft"]
    client.force_login(world["users"]["director_a"])
    response = _decide(client, draft, "refuse")
    assert "Indiquez le motif du refus." in response.content.decode()
    _decide(client, draft, "refuse", reason="Inconnu")
    draft.refresh_from_db()
    assert draft.operator_decision == "refused"
    assert not grants.binds(draft)


def test_the_platform_admin_accepts_only_on_evidence(client, world):
    draft = world["conventions"]["draft"]
    client.force_login(world["users"]["platform_admin"])
    response = _decide(client, draft, "accept")
    assert "déposez la convention signée ou indiquez la référence" in response.content.decode()
    draft.refresh_from_db()
    assert draft.operator_decision == "pending"
    _decide(client, draft, "accept", evidence="Courrier du 2 mai 2025")
    draft.refresh_from_db()
    assert (draft.operator_decision, draft.operator_evidence) == (
        "accepted",
        "Courrier du 2 mai 2025",
    )
    assert grants.binds(draft, date(2025, 6, 1))


def test_access_ends_with_the_convention(client, world, access_day):
    service = world["services"]["a"]
    agent = world["users"]["departement_agent"]
    assert service in grants.services_visible_to(agent)
    access_day.move(date(2026, 1, 1))  # convention A ended on 31 December 2025
    assert service not in grants.services_visible_to(agent)
    client.force_login(agent)
    assert client.get(reverse("people:service", kwargs={"pk": service.pk})).status_code == 404
    page = reverse("conventions:detail", kwargs={"pk": world["conventions"]["a"].pk})
    assert client.get(page).status_code == 200


@pytest.mark.usefixtures("access_day")
def test_a_withdrawal_ends_access_on_its_effective_date(world):
    from reperes.conventions.models import ConventionEvent

    convention = world["conventions"]["a"]
    ConventionEvent.objects.create(
        convention=convention,
        kind="termination",
        received_on=date(2024, 3, 1),
        effective_on=date(2024, 4, 1),
    )
    agent = world["users"]["departement_agent"]
    assert not grants.conventions_granting(agent, convention.service).exists()
    assert grants.conventions_granting(agent, convention.service, date(2024, 3, 15)).exists()


def test_an_educator_whose_organisation_does_not_run_the_service_sees_none_of_its_records(
    client, world
):
    from reperes.fieldwork.models import Youth
    from reperes.fieldwork.records import field_service_id
    from tests.fieldwork.factories import YouthFactory

    youth = YouthFactory(service=world["services"]["a"])
    foreign = world["users"]["foreign_educator"]
    assert field_service_id(foreign) is None
    assert not Youth.objects.visible_to(foreign).exists()
    client.force_login(foreign)
    detail = reverse("fieldwork:youth_detail", kwargs={"pk": youth.public_id})
    assert client.get(detail).status_code == 404
    assert client.get(reverse("api:youth-list")).status_code == 404
    # Service A's own educator still sees it.
    assert Youth.objects.visible_to(world["users"]["educator_a"]).filter(pk=youth.pk).exists()
