"""Every write on a convention is a named action with its audit entry (issue 15): the pages
that wrote by themselves now call the action."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reperes.conventions import actions
from reperes.core.models import AuditEntry


def test_uploading_the_signed_convention_is_an_action_with_its_audit_entry(client, world):
    convention = world["conventions"]["a"]
    agent = world["users"]["departement_agent"]
    actions.upload_signed_document(agent, convention, SimpleUploadedFile("a.pdf", b"%PDF-1.4 a"))
    client.force_login(agent)
    response = client.post(
        reverse("conventions:upload", kwargs={"pk": convention.pk}),
        {"document": SimpleUploadedFile("c.pdf", b"%PDF-1.4 signed")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("conventions:detail", kwargs={"pk": convention.pk})
    entries = AuditEntry.objects.filter(action="convention.upload", object_id=convention.pk)
    assert list(entries.values_list("actor", "summary")) == [
        (agent.pk, "Dépôt de la convention signée"),
        (agent.pk, "Dépôt de la convention signée"),
    ]
    convention.refresh_from_db()
    with convention.signed_document.open("rb") as document:
        assert document.read() == b"%PDF-1.4 signed"


def test_creating_a_convention_without_ones_organisation_is_refused_on_the_parties(client, world):
    """The check moved from the view into the parties' formset: same French message, above
    the parties, and nothing written."""
    agent = world["users"]["departement_agent"]
    client.force_login(agent)
    others = [o for o in world["orgs"].values() if o.pk != agent.organisation_id][:2]
    data = {
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "0",
        "parties-0-organisation": others[0].pk,
        "parties-0-role": "pilot",
        "parties-1-organisation": others[1].pk,
        "parties-1-role": "operator",
    }
    before = AuditEntry.objects.filter(action="convention.create").count()
    response = client.post(reverse("conventions:create"), data)
    assert response.status_code == 200
    assert "Votre organisation doit être partie à la convention que vous créez." in (
        response.content.decode()
    )
    assert AuditEntry.objects.filter(action="convention.create").count() == before
