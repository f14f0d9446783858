"""« D'où vient ce chiffre ? » on the funder's consolidation (issue 16, « Every figure
traceable »): the Pas-de-Calais agent opens a figure of a service's row and reaches the validated
submission (who sent it, who validated it) or the service's own count, never a record; a withheld
cell says only that it is withheld."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from reperes.partners.models import Service
from reperes.reporting import actions_submissions as actions
from reperes.reporting import consolidation, provenance_consolidation
from reperes.reporting.views_submissions import published_consolidation
from tests.demo.clock import PARIS, on

D = Decimal


def _agent(funder):
    from reperes.accounts.models import User

    return User.objects.filter(role="funder_agent", organisation=funder).first()


def _links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]*/provenance/\?[^"]*)"', html)]


def _page(client, funder, year):
    url = reverse("reporting:consolidation", kwargs={"pk": funder.pk})
    response = client.get(url, {"annee": year})
    assert response.status_code == 200
    return response


def _link(links, key, row, column):
    wanted = f"tableau={key}&ligne={row}&colonne={column}"
    return next(h for h in links if h.endswith(wanted))


def _text(response) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))


SENT_ON = datetime(2024, 2, 12, 9, 30, tzinfo=PARIS)
VALIDATED_ON = datetime(2024, 3, 4, 14, 0, tzinfo=PARIS)
FIGURES = {
    "youths.met": D(45),
    "youths.accompanied": D(21),
    "collective.actions": D(6),
    "collective.youths": D(30),
    "collective.families": D(2),  # below the threshold: withheld once published
}


@pytest.fixture
def arras_2023(funder):
    """SPS Arras's 2023 submission, sent by its director and validated by the Pas-de-Calais
    agent through the named actions, on frozen days."""
    from tests.factories import UserFactory

    arras = Service.objects.get(name="SPS Arras")
    director = UserFactory(
        role="service_director",
        full_name="Rémi Directeur",
        service=arras,
        organisation=arras.operator,
    )
    with on(SENT_ON.date(), SENT_ON.timetz().replace(tzinfo=None)):
        submission = actions.start_submission(director, arras, 2023)
        entries = {code: (value, "") for code, value in FIGURES.items()}
        explained = dict.fromkeys(FIGURES, "Reprise de l'activité.")
        actions.save_draft(director, submission, entries, explained)
        actions.send_submission(director, submission)
    with on(VALIDATED_ON.date(), VALIDATED_ON.timetz().replace(tzinfo=None)):
        actions.validate_submission(_agent(funder), submission)
    return arras, director


@pytest.mark.django_db
def test_the_agent_sees_who_sent_and_who_validated_the_figure(client, funder, arras_2023):
    arras, director = arras_2023
    agent = _agent(funder)
    client.force_login(agent)
    page = _page(client, funder, 2023)
    result = page.context["result"]
    links = _links(page.content.decode())
    # Every figure of every service's row is a link; the total rows are not.
    tables = page.context["blocks"]
    assert len(links) == sum(len(b["table"].columns) * len(result.rows) for b in tables)
    for href in links:
        names = {part.split("=")[0] for part in href.split("?", 1)[1].split("&")}
        assert names == {"annee", "tableau", "ligne", "colonne"}, href

    row = next(i for i, r in enumerate(result.rows) if r.service == arras)
    response = client.get(_link(links, "consolidation-jeunes", row, 1))
    assert response.status_code == 200
    text = _text(response)
    assert "D'où vient ce chiffre" in text
    assert "SPS Arras" in text
    assert "Jeunes accompagnés" in text
    assert "Remontée agrégée 2023 du service, validée" in text
    assert "le 12/02/2024 à 09:30 par Rémi Directeur" in text
    assert f"le 04/03/2024 à 14:00 par {agent.get_full_name()}" in text
    assert re.search(r"Chiffre\s+21\b", text), text
    assert "Jeunes distincts" in text or "accompagn" in text.lower()  # the definition


@pytest.mark.django_db
def test_a_withheld_cell_says_only_that_it_is_withheld(client, funder, arras_2023):
    arras, _director = arras_2023
    client.force_login(_agent(funder))
    page = _page(client, funder, 2023)
    result = page.context["result"]
    row = next(i for i, r in enumerate(result.rows) if r.service == arras)
    column = 2  # « Nombre de familles »: 2, below the threshold
    key = "consolidation-actions-collectives"
    response = client.get(_link(_links(page.content.decode()), key, row, column))
    assert response.status_code == 200
    text = _text(response)
    assert "couvert par le secret statistique" in text
    assert re.search(r"Chiffre\s+s\b", text), text
    for hidden in ("Envoyée", "Validée", "Remontée agrégée", "Rémi Directeur", "Ce qui est compté"):
        assert hidden not in text, hidden
    _, tables = published_consolidation(page.wsgi_request, funder.pk, 2023)
    found = provenance_consolidation.figure(result, tables, key, row, column)
    assert found.withheld
    assert found.value == "s"
    assert found.submission is None
    assert found.source == ""
    assert found.definition == ""
    assert found.note == ""


@pytest.mark.django_db
def test_a_figure_counted_elsewhere_shows_the_services_note(client, funder):
    client.force_login(_agent(funder))
    page = _page(client, funder, 2022)
    result = page.context["result"]
    row = next(i for i, r in enumerate(result.rows) if r.label == "SPS Harnes")
    hours = next(b["table"] for b in page.context["blocks"] if b["table"].key.endswith("heures"))
    column = list(hours.columns).index("Écrits professionnels")
    text = _text(client.get(_link(_links(page.content.decode()), hours.key, row, column)))
    assert "le service l'a compris dans « Accompagnements individuels »" in text
    assert "« Dans les accompagnements individuels »" in text  # the service's note
    # A figure the submission left blank is « NR », said as such.
    arras = next(i for i, r in enumerate(result.rows) if r.label == "SPS Arras")
    assert result.rows[arras].values.get("youths.accompanied") is None
    youths = next(b["table"] for b in page.context["blocks"] if b["table"].key.endswith("jeunes"))
    text = _text(client.get(_link(_links(page.content.decode()), youths.key, arras, 1)))
    assert "le service ne l'a pas renseigné (« NR »)" in text
    assert re.search(r"Chiffre\s+NR\b", text)


@pytest.mark.django_db
def test_a_service_without_submission_shows_its_count_and_the_definition(client, funder):
    client.force_login(_agent(funder))
    page = _page(client, funder, 2025)
    result = page.context["result"]
    links = _links(page.content.decode())
    arras = next(i for i, r in enumerate(result.rows) if r.label == "SPS Arras")
    assert result.rows[arras].source == consolidation.SOURCE_RECORDS
    text = _text(client.get(_link(links, "consolidation-jeunes", arras, 1)))
    assert "Calculé à partir des saisies de terrain du service" in text
    assert "Jeunes distincts" in text or "accompagn" in text.lower()  # the definition
    assert "Envoyée" not in text
    from reperes.fieldwork.models import Youth

    for pseudonym in Youth.objects.filter(service=result.rows[arras].service).values_list(
        "pseudonym", flat=True
    ):
        assert pseudonym not in text  # never a record
    boulogne = next(i for i, r in enumerate(result.rows) if r.label == "SPS Boulogne")
    text = _text(client.get(_link(links, "consolidation-jeunes", boulogne, 1)))
    assert "Ni remontée validée ni saisie de terrain" in text
    assert re.search(r"Chiffre\s+NR\b", text)


@pytest.mark.django_db
def test_the_total_row_and_unknown_cells_are_not_found(client, funder):
    client.force_login(_agent(funder))
    url = reverse("reporting:consolidation_provenance", kwargs={"pk": funder.pk})
    total = len(_page(client, funder, 2022).context["result"].rows)
    for query in (
        f"tableau=consolidation-jeunes&ligne={total}&colonne=0",
        "tableau=consolidation-jeunes&ligne=0&colonne=9",
        "tableau=inconnu&ligne=0&colonne=0",
    ):
        assert client.get(f"{url}?annee=2022&{query}").status_code == 404, query
