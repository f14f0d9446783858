"""The 2025 consolidation of the Pas-de-Calais on the demo, as issue 16 measured it: the totals
check reads each breakdown on its own, and a service that recorded nothing is unknown (« NR »),
not zero."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.urls import reverse

from reperes.reporting import consolidation


def _row(result, label):
    return next(row for row in result.rows if row.label == label)


def _arras_accompanied_2025() -> int:
    """How many youths Arras accompanied in 2025, reasoned from how the demo is made
    (reperes/demo/build/fieldwork.py, fieldwork/synthetic.py): each year of the story, 2024 then 2025, brings
    its own youths, and half of a year's youths have an accompaniment overlapping that year —
    the 2025 ones; the 2024 ones still open on 31 December 2024 carry on into 2025."""
    from reperes.demo.build import fieldwork as demo
    from reperes.demo.seeds import seed_001
    from reperes.fieldwork.models import Accompaniment, Youth

    per_year = next(s.youths for s in demo.SERVICES if s.name == seed_001.SPS_ARRAS)
    youths = Youth.objects.filter(service__name=seed_001.SPS_ARRAS).order_by("pk")
    assert youths.count() == 2 * per_year
    of_2024 = [y.pk for y in youths[:per_year]]  # 2024 is written first
    carried = (
        Accompaniment.objects.filter(youth__in=of_2024, ended_on__isnull=True)
        .values("youth")
        .distinct()
        .count()
    )
    assert carried > 0  # the year before the story's year is there, and goes on into it
    return round(per_year / 2) + carried


@pytest.mark.django_db
def test_arras_youths_accompanied_add_up_by_gender_and_by_situation(funder):
    arras = _row(consolidation.build(funder, 2025), "SPS Arras")
    values = arras.values
    genders = [values[f"youths.accompanied.{g}"] for g in ("f", "m", "x")]
    assert sum(genders) == values["youths.accompanied"] == _arras_accompanied_2025()
    assert [f.message for f in arras.findings if f.check == "totals"] == []


@pytest.mark.django_db
def test_a_service_without_submission_or_record_is_unknown_not_zero(funder):
    result = consolidation.build(funder, 2025)
    sources = {row.label: row.source for row in result.rows}
    assert sources.pop("SPS Arras") == "Saisie du service"
    assert set(sources.values()) == {"Ni remontée validée ni saisie"}
    youths = next(t for t in result.tables if t.key == "consolidation-jeunes")
    assert youths.cell("SPS Boulogne", "Jeunes accompagnés") is None  # NR
    accompanied = _arras_accompanied_2025()
    assert youths.cell("SPS Arras", "Jeunes accompagnés") == accompanied
    assert youths.cell("Total", "Jeunes accompagnés") == accompanied  # the others are NR


@pytest.mark.django_db
def test_the_page_opens_on_the_last_finished_year_with_data_and_names_the_unknown(
    client, funder, access_day
):
    from reperes.accounts.models import User

    access_day.move(date(2026, 1, 15))
    client.force_login(User.objects.filter(role="funder_agent", organisation=funder).first())
    response = client.get(reverse("reporting:consolidation", kwargs={"pk": funder.pk}))
    assert response.context["result"].year == 2025  # Arras's records
    text = response.content.decode()
    assert "2025 — 1 service sur 8 avec des chiffres" in text
    assert "2022 — 8 services sur 8 avec des chiffres" in text
    assert "non comptés comme zéro : SPS Boulogne, SPS Calais" in text
    access_day.move(date(2025, 6, 1))
    response = client.get(reverse("reporting:consolidation", kwargs={"pk": funder.pk}))
    assert response.context["result"].year == 2024


def _agent(funder):
    from reperes.accounts.models import User

    return User.objects.filter(role="funder_agent", organisation=funder).first()


@pytest.mark.django_db
def test_harnes_writing_is_included_elsewhere_in_the_table_page_csv_and_xlsx(client, funder):
    from openpyxl import load_workbook

    included = "compris dans « Accompagnements individuels »"
    hours = next(
        t for t in consolidation.build(funder, 2022).tables if t.key == "consolidation-heures"
    )
    assert hours.cell("SPS Harnes", "Écrits professionnels") == included
    assert hours.cell("SPS Boulogne", "Accompagnements individuels") is None  # NR stays NR
    assert "1 NR en « Accompagnements individuels »" in hours.note
    client.force_login(_agent(funder))
    kwargs = {"pk": funder.pk}
    page = client.get(reverse("reporting:consolidation", kwargs=kwargs), {"annee": 2022})
    # The cell reads « compris dans … », as a link to where it comes from.
    cell = (
        rf'<td class="num"><a href="[^"]*/provenance/\?[^"]*"[^>]*>{re.escape(included)}</a></td>'
    )
    assert re.search(cell, page.content.decode())
    csv = client.get(reverse("reporting:consolidation_csv", kwargs=kwargs), {"annee": 2022})
    harnes = [line for line in csv.content.decode("utf-8-sig").splitlines() if "SPS Harnes" in line]
    assert any(included in line for line in harnes)
    xlsx = client.get(reverse("reporting:consolidation_xlsx", kwargs=kwargs), {"annee": 2022})
    book = load_workbook(io.BytesIO(xlsx.content))
    cells = [c.value for sheet in book for line in sheet.iter_rows() for c in line]
    assert included in cells
