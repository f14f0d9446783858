"""The DPO completes and dates the pre-filled DPIA; each completion is kept, read by the
controller's own readers only, and shown in the page and the PDF."""

from __future__ import annotations

import subprocess
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse

from reperes.core.models import AuditEntry
from reperes.privacy.models import DpiaCompletion
from reperes.privacy.views_register import dpia_controller

pytestmark = pytest.mark.django_db


def _post(client, **answers):
    data = {"completed_on": "2025-06-02", **answers}
    return client.post(reverse("privacy:dpia_complete"), data)


def test_the_dpo_completes_and_dates_the_analysis(client, world, access_day):
    access_day.move(date(2025, 6, 3))
    dpo = world["users"]["dpo"]
    client.force_login(dpo)
    response = _post(
        client,
        dpo="Mme Délégation, dpo@departement.test",
        risk0_gravity="3",
        risk0_likelihood="2",
        risk0_measures="Revue trimestrielle du journal des accès",
        opinion="Avis favorable sous réserve du second facteur obligatoire.",
        decision="Mise en œuvre décidée.",
    )
    assert response.status_code == 302
    completion = DpiaCompletion.objects.get()
    assert completion.controller == dpo.organisation
    assert completion.completed_on == date(2025, 6, 2)
    html = client.get(reverse("privacy:dpia")).content.decode()
    assert "Analyse complétée et datée du 2 juin 2025" in html
    assert "Revue trimestrielle du journal des accès" in html
    assert "Importante" in html
    assert "Limitée" in html
    assert "Avis favorable sous réserve" in html
    assert AuditEntry.objects.filter(action="privacy.dpia.complete").count() == 1


def test_a_new_completion_keeps_the_previous_one_and_starts_from_it(client, world, access_day):
    access_day.move(date(2025, 6, 3))
    client.force_login(world["users"]["dpo"])
    _post(client, processors="Hébergeur HDS, contrat du 1er mars")
    form = client.get(reverse("privacy:dpia_complete")).content.decode()
    assert "Hébergeur HDS, contrat du 1er mars" in form  # pre-filled from the last one
    _post(client, processors="Nouvel hébergeur", completed_on="2025-06-03")
    assert DpiaCompletion.objects.count() == 2
    html = client.get(reverse("privacy:dpia")).content.decode()
    assert "Nouvel hébergeur" in html
    assert "Versions précédentes (1)" in html


def test_bad_input_is_refused_in_french_and_keeps_what_was_typed(client, world, access_day):
    access_day.move(date(2025, 6, 3))
    client.force_login(world["users"]["dpo"])
    future = (date(2025, 6, 3) + timedelta(days=1)).isoformat()
    response = _post(client, completed_on=future, information="Affiche au local")
    html = response.content.decode()
    assert response.status_code == 200
    assert "ne peut pas être datée d&#x27;un jour à venir" in html
    assert "Affiche au local" in html
    response = _post(client, decision="Mise en œuvre décidée.")
    assert "saisissez l&#x27;avis" in response.content.decode()
    assert DpiaCompletion.objects.count() == 0


def test_each_controller_reads_its_own_completion(client, world, access_day):
    access_day.move(date(2025, 6, 3))
    client.force_login(world["users"]["dpo"])
    _post(client, opinion="Avis du délégué du Département")
    director = world["users"]["director_a"]
    assert dpia_controller(director) == world["services"]["a"].operator
    client.force_login(director)
    html = client.get(reverse("privacy:dpia")).content.decode()
    assert "Avis du délégué du Département" not in html
    assert "Analyse complétée" not in html


def test_the_pdf_carries_the_completion(client, world, access_day):
    access_day.move(date(2025, 6, 3))
    client.force_login(world["users"]["dpo"])
    _post(client, opinion="Avis favorable")
    pdf = client.get(reverse("privacy:dpia_pdf")).content
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "aipd.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout
    assert "Avis favorable" in text
    assert "2 juin 2025" in text


def test_completing_the_analysis_is_a_named_action_with_its_audit_entry(world):
    """The page calls ``dpia.complete`` (issue 15: no write in a view): the completion and its
    audit entry are written together, the entry naming the date, never the answers."""
    from reperes.privacy import dpia

    dpo = world["users"]["dpo"]
    completion = dpia.complete(dpo, dpo.organisation, {"opinion": "Favorable"}, date(2025, 6, 2))
    entry = AuditEntry.objects.get(action="privacy.dpia.complete")
    assert (entry.actor, entry.object_id) == (dpo, completion.pk)
    assert entry.summary == "Analyse d'impact complétée, datée du 02/06/2025"
    assert "Favorable" not in str(entry.data)
