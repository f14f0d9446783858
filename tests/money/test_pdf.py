"""The letters: appel de fonds and avis de versement, as PDF (WeasyPrint, no network)."""

from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from reperes.money import actions, pdf
from tests.factories import CommuneFactory, ConventionFactory, OrganisationFactory, PartyFactory
from tests.money.factories import chenove_call
from tests.tools import require_tool

D = Decimal
pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    pdftotext = require_tool("pdftotext", "poppler-utils")
    result = subprocess.run(
        [pdftotext, "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


@pytest.fixture
def call():
    convention = ConventionFactory(title="Convention PRE 2017")
    convention.articles.create(number="6", heading="Les financements des actions", order=6)
    metropole = PartyFactory(
        convention=convention,
        role="pilot",
        organisation=OrganisationFactory(
            name="Dijon Métropole",
            address="40 avenue du Drapeau, BP 17510, 21075 Dijon Cedex",
            commune=CommuneFactory(name="Dijon"),
        ),
    )
    metropole.signatories.create(full_name="François REBSAMEN", title="Président")
    ccas = PartyFactory(
        convention=convention,
        role="co_funder",
        organisation=OrganisationFactory(
            name="CCAS de Chenôve", address="Hôtel de ville, 21300 Chenôve"
        ),
    )
    schedule = chenove_call(convention, ccas, metropole)
    return actions.issue_call_for_funds(schedule, 2017, date(2017, 10, 2))


def test_call_for_funds_letter(call):
    html = pdf.render_html("money/pdf/appel_de_fonds.html", pdf.call_context(call))
    assert "mille deux cent vingt-quatre euros" in html
    assert "Dijon, le 2 octobre 2017" in html
    assert "1er novembre 2017" in html
    assert "Participation 2017 du CCAS de Chenôve" in html
    assert "article 6 « Les financements des actions »" in html
    assert html.count("à compléter") == 2  # IBAN and BIC
    assert "Pour Dijon Métropole," in html
    assert "François REBSAMEN" in html
    assert "2\u202f017" not in html
    assert "2 017" not in html

    content = pdf.call_for_funds_pdf(call)
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "mille deux cent vingt-quatre euros" in text
    assert "APPEL DE FONDS N° 2017-001" in text


@pytest.mark.usefixtures("world")
def test_payment_notice(call):
    instalment = call.schedule.instalments.get()
    actions.record_payment(instalment, date(2017, 10, 20), D("1224.00"), "Mandat 77")
    instalment.refresh_from_db()
    html = pdf.render_html("money/pdf/avis_de_versement.html", pdf.notice_context(instalment))
    assert "Soit mille deux cent vingt-quatre euros." in html
    assert "Versé le <strong>20 octobre 2017</strong>" in html
    assert "Pour le CCAS de Chenôve," in html
    content = pdf.payment_notice_pdf(instalment)
    assert content.startswith(b"%PDF")
    assert "mille deux cent vingt-quatre euros" in pdf_text(content)


def test_pdf_views(client, world, call):
    convention = call.convention
    member = PartyFactory(convention=convention, organisation=world["orgs"]["commune"])
    assert member.pk
    client.force_login(world["users"]["commune_agent"])
    response = client.get(reverse("money:call_pdf", kwargs={"pk": call.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="appel-de-fonds-2017-001.pdf"'
    assert response.content.startswith(b"%PDF")
    # No payment yet: no notice.
    instalment = call.schedule.instalments.get()
    url = reverse("money:notice_pdf", kwargs={"pk": instalment.pk})
    assert client.get(url).status_code == 404
    client.force_login(world["users"]["outsider"])
    assert client.get(reverse("money:call_pdf", kwargs={"pk": call.pk})).status_code == 404


def test_pdf_fetches_nothing_from_the_network(call, monkeypatch):
    import urllib.request

    html = pdf.render_html("money/pdf/appel_de_fonds.html", pdf.call_context(call))
    html = html.replace(
        "</head>", '<link rel="stylesheet" href="https://example.invalid/x.css"></head>'
    )
    opened = []
    original = urllib.request.OpenerDirector.open

    def record(self, request, *args, **kwargs):
        opened.append(getattr(request, "full_url", request))
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", record)
    assert pdf.render_pdf(html).startswith(b"%PDF")
    assert opened
    assert all(url.startswith("file://") for url in opened), opened
