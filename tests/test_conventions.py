"""Convention forms and actions: French validation, nothing lost, nothing half-written,
amendments with history, events that change the computed status."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reperes.conventions import actions
from reperes.conventions.dates import dates_of
from reperes.conventions.models import Convention, Party, Signatory
from reperes.core.models import AuditEntry
from tests.factories import (
    CommuneFactory,
    ConventionFactory,
    OrganisationFactory,
    PartyFactory,
    UserFactory,
)


def _create_payload(world, **overrides):
    payload = {
        "title": "Convention de test 2026-2028",
        "short_title": "Test 2026",
        "kind": "prevention",
        "object": "Objet de la convention",
        "period_kind": "fixed",
        "starts_on": "2026-01-01",
        "ends_on": "2028-12-31",
        "delays_extendable": "on",
        "parties-TOTAL_FORMS": "4",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "20",
        "parties-0-organisation": str(world["orgs"]["departement"].pk),
        "parties-0-role": "pilot",
        "parties-0-signatory_name": "Alex Signataire",
        "parties-0-signatory_title": "Président",
        "parties-1-organisation": str(world["orgs"]["operator_a"].pk),
        "parties-1-role": "operator",
    }
    payload.update(overrides)
    return payload


# A fixed convention for 2026, that the tests of refused creations must never see written.
CONVENTION_X = {
    "title": "X",
    "period_kind": "fixed",
    "starts_on": date(2026, 1, 1),
    "ends_on": date(2026, 12, 31),
}


def test_departement_agent_creates_a_convention(client, world):
    client.force_login(world["users"]["departement_agent"])
    response = client.post(reverse("conventions:create"), _create_payload(world))
    assert response.status_code == 302
    convention = Convention.objects.get(title="Convention de test 2026-2028")
    assert [p.role for p in convention.parties.all()] == ["pilot", "operator"]
    assert convention.parties.first().signatories.get().full_name == "Alex Signataire"
    assert AuditEntry.objects.filter(action="convention.create", object_id=convention.pk).exists()


def test_invalid_dates_are_refused_in_french_and_keep_what_was_typed(client, world):
    client.force_login(world["users"]["departement_agent"])
    response = client.post(
        reverse("conventions:create"), _create_payload(world, ends_on="2025-01-01")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "La fin de la période doit suivre son début." in html
    assert 'value="Convention de test 2026-2028"' in html
    assert "Alex Signataire" in html
    assert not Convention.objects.filter(title="Convention de test 2026-2028").exists()


def test_a_convention_needs_a_pilot_and_two_parties(client, world):
    client.force_login(world["users"]["departement_agent"])
    response = client.post(
        reverse("conventions:create"), _create_payload(world, **{"parties-0-role": "partner"})
    )
    assert "Indiquez la partie qui pilote la convention" in response.content.decode()
    response = client.post(
        reverse("conventions:create"), _create_payload(world, **{"parties-1-organisation": ""})
    )
    assert "au moins deux parties" in response.content.decode()
    assert Convention.objects.filter(title="Convention de test 2026-2028").count() == 0


def test_creator_must_be_a_party(client, world):
    client.force_login(world["users"]["commune_agent"])
    response = client.post(reverse("conventions:create"), _create_payload(world))
    assert "Votre organisation doit être partie" in response.content.decode()
    assert not Convention.objects.filter(title="Convention de test 2026-2028").exists()


class AuditDown(Exception):
    """The audit entry cannot be written: the last step of an action fails."""


def _counts():
    return (
        Convention.objects.count(),
        Party.objects.count(),
        Signatory.objects.count(),
        AuditEntry.objects.count(),
    )


def test_nothing_is_written_half_way(world, monkeypatch):
    """The convention, its parties and their signatories are written, then the audit entry
    fails: the whole convention is rolled back, nothing of it stays."""
    org = world["orgs"]
    inputs = [
        actions.PartyInput(org["departement"].pk, "pilot", signatory_name="Alex Signataire"),
        actions.PartyInput(org["commune"].pk, "co_funder", signatory_name="Sam Signataire"),
    ]
    before = _counts()
    written = []

    def audit_down(actor, verb, target, summary, **details):
        written.append(_counts())
        raise AuditDown(summary)

    monkeypatch.setattr(actions, "audit", audit_down)
    with pytest.raises(AuditDown, match="Création de la convention"):
        actions.create_convention(None, dict(CONVENTION_X), inputs)
    # The writes did happen before the failure: one convention, two parties, two signatories.
    assert written == [(before[0] + 1, before[1] + 2, before[2] + 2, before[3])]
    assert _counts() == before
    assert not Convention.objects.filter(title="X").exists()


def test_a_refused_party_list_writes_nothing(world):
    org = world["orgs"]["departement"]
    inputs = [actions.PartyInput(org.pk, "pilot"), actions.PartyInput(org.pk, "operator")]
    before = _counts()
    with pytest.raises(ValidationError, match="deux fois"):
        actions.create_convention(None, dict(CONVENTION_X), inputs)
    assert _counts() == before


def test_amendment_keeps_history(client, world):
    convention = world["conventions"]["a"]
    client.force_login(world["users"]["departement_agent"])
    page = client.get(reverse("conventions:amend", kwargs={"pk": convention.pk}))
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "number": 1,
            "amendment_title": "Prolongation d'un an",
            "signed_on": "2025-11-15",
            "ends_on": "2026-12-31",
            "starts_on": "2023-01-01",
            "delays_extendable": "on",
        }
    )
    response = client.post(reverse("conventions:amend", kwargs={"pk": convention.pk}), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    convention.refresh_from_db()
    assert convention.ends_on == date(2026, 12, 31)
    amendment = convention.amendments.get()
    assert (amendment.number, amendment.title, amendment.signed_on, amendment.effective_on) == (
        1,
        "Prolongation d'un an",
        date(2025, 11, 15),
        None,
    )
    assert amendment.changes == [
        {"field": "ends_on", "label": "Fin", "old": "2025-12-31", "new": "2026-12-31"}
    ]
    assert convention.history.first().history_change_reason == "Avenant n° 1"
    assert dates_of(convention, date(2026, 6, 1)).status_code == "in_force"


def test_amendment_without_change_is_refused(world):
    with pytest.raises(ValidationError, match="ne modifie rien"):
        actions.amend_convention(
            None,
            world["conventions"]["a"],
            actions.Avenant(1, "Rien"),
            changes={},
        )
    assert not world["conventions"]["a"].amendments.exists()


def test_an_amendment_is_written_whole_or_not_at_all(world, monkeypatch):
    """The new end date and the amendment are written, then the audit entry fails: the
    convention keeps its end date and has no amendment."""
    convention = world["conventions"]["a"]
    written = []

    def audit_down(actor, verb, target, summary, **details):
        target.refresh_from_db()
        written.append((target.ends_on, target.amendments.count()))
        raise AuditDown(summary)

    monkeypatch.setattr(actions, "audit", audit_down)
    with pytest.raises(AuditDown, match="Avenant n° 1"):
        actions.amend_convention(
            None,
            convention,
            actions.Avenant(1, "Prolongation"),
            changes={"ends_on": date(2026, 12, 31)},
        )
    assert written == [(date(2026, 12, 31), 1)]
    convention.refresh_from_db()
    assert convention.ends_on == date(2025, 12, 31)
    assert not convention.amendments.exists()


def test_signing_a_draft_makes_it_in_force(client, world):
    draft = ConventionFactory(draft=True, tacit=True, at_signature=True)
    PartyFactory(convention=draft, organisation=world["orgs"]["departement"], role="pilot")
    PartyFactory(convention=draft, organisation=world["orgs"]["operator_a"], role="operator")
    assert dates_of(draft, date(2024, 3, 1)).status_code == "draft"
    client.force_login(world["users"]["departement_agent"])
    response = client.post(
        reverse("conventions:sign", kwargs={"pk": draft.pk}),
        {"signed_on": "2024-01-15", "signed_at": "Arras"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    view = dates_of(draft, date(2024, 3, 1))
    assert view.status_code == "in_force"
    assert view.keys.next_renewal == date(2025, 1, 15)


def test_withdrawal_event_ends_the_convention(client, world):
    convention = ConventionFactory(tacit=True, starts_on=date(2024, 1, 1))
    party = PartyFactory(
        convention=convention, organisation=world["orgs"]["departement"], role="pilot"
    )
    client.force_login(world["users"]["departement_agent"])
    response = client.post(
        reverse("conventions:event", kwargs={"pk": convention.pk}),
        {"kind": "withdrawal", "received_on": "2024-03-04", "party": party.pk},
    )
    assert response.status_code == 302
    assert dates_of(convention, date(2024, 9, 3)).status_code == "in_force"
    assert dates_of(convention, date(2024, 9, 4)).status_code == "withdrawn"


def test_event_on_unsigned_convention_is_refused(client, world):
    draft = ConventionFactory(draft=True)
    PartyFactory(convention=draft, organisation=world["orgs"]["departement"], role="pilot")
    client.force_login(world["users"]["departement_agent"])
    response = client.post(
        reverse("conventions:event", kwargs={"pk": draft.pk}),
        {"kind": "termination", "received_on": "2024-03-04"},
    )
    assert response.status_code == 200
    assert "non signée ne peut être dénoncée" in response.content.decode()
    assert draft.events.count() == 0


def test_upload_refuses_a_non_pdf(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world["users"]["departement_agent"])
    url = reverse("conventions:upload", kwargs={"pk": world["conventions"]["a"].pk})
    response = client.post(url, {"document": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")})
    assert "doit être un fichier PDF" in response.content.decode()
    response = client.post(url, {"document": SimpleUploadedFile("c.pdf", b"%PDF-1.4 signed")})
    assert response.status_code == 302
    download = client.get(
        reverse("conventions:document", kwargs={"pk": world["conventions"]["a"].pk})
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 signed"
    client.force_login(world["users"]["outsider"])
    assert (
        client.get(
            reverse("conventions:document", kwargs={"pk": world["conventions"]["a"].pk})
        ).status_code
        == 404
    )


def test_list_filters_and_query_budget(client, world, django_assert_max_num_queries):
    departement = world["orgs"]["departement"]
    for i in range(60):
        conv = ConventionFactory(
            title=f"Convention série {i:02d}", ends_on=date(2024 + i % 3, 12, 31)
        )
        PartyFactory(convention=conv, organisation=departement, role="pilot")
        PartyFactory(convention=conv, organisation=OrganisationFactory(), role="operator")
    client.force_login(world["users"]["departement_agent"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("conventions:list"), {"date": "2025-06-01"})
    assert response.context["page"].paginator.count == 62
    response = client.get(reverse("conventions:list"), {"date": "2025-06-01", "statut": "expired"})
    assert response.context["page"].paginator.count == 20
    response = client.get(reverse("conventions:list"), {"q": "série 07"})
    assert response.context["page"].paginator.count == 1
    response = client.get(reverse("conventions:list"), {"partenaire": world["orgs"]["commune"].pk})
    assert [r.convention.title for r in response.context["page"]] == ["Convention A"]


def test_htmx_list_returns_the_partial(client, world):
    client.force_login(world["users"]["departement_agent"])
    response = client.get(reverse("conventions:list"), HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert "Convention A" in response.content.decode()


def test_party_visibility_is_by_organisation(world):
    assert set(Convention.objects.visible_to(world["users"]["educator_b"])) == {
        world["conventions"]["b"]
    }
    assert not Convention.objects.visible_to(world["users"]["outsider"]).exists()
    assert Party.objects.filter(convention=world["conventions"]["a"]).count() == 3


def test_only_editors_see_the_create_button(client, world):
    client.force_login(world["users"]["educator_a"])
    assert "Nouvelle convention" not in client.get(reverse("conventions:list")).content.decode()
    client.force_login(UserFactory(role="funder_agent", organisation=world["orgs"]["departement"]))
    assert "Nouvelle convention" in client.get(reverse("conventions:list")).content.decode()


def test_a_convention_follows_the_fate_of_another(world):
    """Seed 002 art. 7: if the followed conventions are terminated, « la présente convention se
    verrait appliquer le même régime »."""
    followed = world["conventions"]["b"]
    follower = ConventionFactory(title="Suiveuse", follows=followed, ends_on=date(2025, 12, 31))
    PartyFactory(convention=follower, organisation=world["orgs"]["departement"], role="pilot")
    assert dates_of(follower, date(2024, 6, 1)).status_code == "in_force"
    actions.record_event(None, followed, kind="termination", received_on=date(2024, 6, 10))
    follower = Convention.objects.get(pk=follower.pk)
    assert dates_of(follower, date(2024, 6, 9)).status_code == "in_force"
    view = dates_of(follower, date(2024, 6, 10))
    assert view.status_code == "terminated"
    assert dates_of(followed, date(2024, 6, 10)).status_code == "terminated"


def test_following_cycles_do_not_loop(world):
    a, b = world["conventions"]["a"], world["conventions"]["b"]
    a.follows, b.follows = b, a
    a.save()
    b.save()
    assert dates_of(Convention.objects.get(pk=a.pk), date(2024, 6, 1)).status_code == "in_force"


def test_departement_declines_its_model_convention(client, world):
    from reperes.conventions.models import Article
    from tests.factories import ConventionTemplateFactory

    template = ConventionTemplateFactory(
        owner=world["orgs"]["departement"],
        yearly=True,
        withdrawal_notice_value=6,
        withdrawal_notice_unit="months",
    )
    Article.objects.create(template=template, number="Article 10", heading="Période", body="Un an.")
    commune_org = world["orgs"]["commune"]
    commune_org.commune = CommuneFactory()
    commune_org.save()
    client.force_login(world["users"]["departement_agent"])
    response = client.post(
        reverse("conventions:instantiate", kwargs={"pk": template.pk}),
        {
            "title": "Convention SPS B",
            "service": world["services"]["b"].pk,
            "communes": [commune_org.pk],
        },
    )
    assert response.status_code == 302
    convention = Convention.objects.get(title="Convention SPS B")
    assert convention.template == template
    assert not convention.is_signed
    assert {(p.organisation.name, p.role) for p in convention.parties.all()} == {
        ("Département de Test", "pilot"),
        ("Association B", "operator"),
        ("Commune de Test", "co_funder"),
    }
    assert convention.articles.get().heading == "Période"
    assert list(convention.communes.all()) == [commune_org.commune]
    assert convention.withdrawal_notice_value == 6
