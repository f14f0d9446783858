"""The demo: the Meurthe-et-Moselle convention ends on 31 December 2025 with no successor for
the Longwy service. The demo is laid relative to its load day (reperes.demo.timeline): loaded
in 2025, the convention is in force; on 5 January 2026 the daily job (``end_of_conventions``)
yields its request, which is performed."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from reperes.accounts.models import User
from reperes.demo.seeds import seed_000
from reperes.fieldwork.models import Youth
from reperes.privacy.models import Destruction

pytestmark = pytest.mark.django_db


def test_the_demo_yields_the_longwy_request_and_its_proof(client, access_day, monkeypatch):
    call_command("load_demo", stdout=StringIO())  # on the suite's day, in 2025
    assert not Destruction.objects.exists()  # the demo's conventions are in force
    access_day.move(date(2026, 1, 5))
    performed_at = datetime(2026, 1, 5, 10, 30, tzinfo=ZoneInfo("Europe/Paris"))
    monkeypatch.setattr("reperes.privacy.destruction.now", lambda: performed_at)
    out = StringIO()
    call_command("end_of_conventions", stdout=out)
    request = Destruction.objects.get(service__name=seed_000.SERVICE)
    assert request.ended_on == date(2025, 12, 31)
    # No data-protection clause in seed 000: the default, destruction, said with its source.
    assert (request.mode, request.article) == ("destroy", "")
    assert seed_000.SERVICE in out.getvalue()
    concerned = Youth.objects.filter(service=request.service, anonymised_on__isnull=True).count()
    assert concerned > 0

    director = User.objects.get(role="service_director", service=request.service)
    client.force_login(director)
    page = client.get(reverse("privacy:destruction_detail", kwargs={"pk": request.pk}))
    assert "RGPD, art. 5.1 e" in page.content.decode()
    client.post(
        reverse("privacy:destruction_perform", kwargs={"pk": request.pk}), {"confirm": "oui"}
    )
    request.refresh_from_db()
    assert request.status == "performed"
    assert request.counts["youths"] == concerned
    pdf = client.get(reverse("privacy:destruction_proof_pdf", kwargs={"pk": request.pk}))
    assert pdf.content.startswith(b"%PDF")

    agent = User.objects.get(email__startswith="agent.meurthe-et-moselle")
    client.force_login(agent)
    proof = client.get(reverse("privacy:destruction_proof", kwargs={"pk": request.pk}))
    assert proof.status_code == 200

    # A second run writes no second request.
    call_command("end_of_conventions", stdout=StringIO())
    assert Destruction.objects.filter(service__name=seed_000.SERVICE).count() == 1
