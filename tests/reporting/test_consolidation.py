"""The funder's consolidation (``reperes.reporting.consolidation``) on the seed 001 demo: the
eight Pas-de-Calais 2022 submissions give the seed's per-service figures and totals, and the
warnings the seed's own table deserves."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from reperes.demo.seeds import seed_001
from reperes.partners.models import Organisation
from reperes.reporting import consolidation
from reperes.reporting.reports import TOTAL, ReportTable
from tests.demo.clock import STORY_END, on

D = Decimal


@pytest.fixture(scope="module")
def pas_de_calais(django_db_setup, django_db_blocker):
    from django.core.management import call_command

    from reperes.demo.build import people as people_demo
    from reperes.demo.build import reporting as reporting_demo
    from reperes.demo.loader import load_demo

    with django_db_blocker.unblock():
        with on(STORY_END):  # the seeds' story, with their own dates
            load_demo()
            people_demo.load()
            reporting_demo.load()
            reporting_demo.load()  # idempotent: a second run changes nothing
        yield Organisation.objects.get(name=seed_001.DEPARTEMENT)
        call_command("flush", interactive=False, verbosity=0)


def _tables(funder):
    result = consolidation.build(funder, 2022)
    return result, {t.key: t for t in result.tables}


@pytest.mark.django_db
def test_totals_are_the_seeds(pas_de_calais):
    result, tables = _tables(pas_de_calais)
    assert len(result.rows) == 8
    collective = tables["consolidation-actions-collectives"]
    assert collective.cells[collective.rows.index(TOTAL)] == (D(124), D(2882), D(200))
    assert collective.cell("SPS Maurice Schumann", "Nombre de jeunes concernés") == D(369)
    assert collective.cell("SPS Arras", "Nombre de familles") is None  # NR
    hours = tables["consolidation-heures"]
    assert hours.cell("SPS Arras", "Total") == D(12968)
    assert hours.cell("SPS Boulogne", "Accompagnements individuels") is None
    assert hours.cell(TOTAL, "Total") == D(12968 + 6136 + 13164 + 7758 + 4894 + 4836 + 4398 + 7410)
    teams = tables["consolidation-equipes"]
    assert teams.cell("SPS Arras", "Travailleurs sociaux (éducateurs, animateurs)") == D("3.83")


@pytest.mark.django_db
def test_sources_and_submissions_are_validated(pas_de_calais):
    result, _tables_ = _tables(pas_de_calais)
    assert {row.source for row in result.rows} == {consolidation.SOURCE_SUBMISSION}


@pytest.mark.django_db
def test_etaples_and_lievin_are_flagged_as_copied(pas_de_calais):
    result, _ = _tables(pas_de_calais)
    copied = {row.label for row in result.rows if any(f.check == "identical" for f in row.findings)}
    assert copied == {"SPS Etaples", "SPS Liévin"}


@pytest.mark.django_db
def test_hours_implausible_for_the_staff_in_post(pas_de_calais):
    result, _ = _tables(pas_de_calais)
    implausible = {
        row.label for row in result.rows if any(f.check == "hours" for f in row.findings)
    }
    # Arras 12 968 h for 3,83 ETP, Boulogne 13 164 h for 5, Calais 7 758 h for 4, Oignies
    # 7 410 h for 3: all above 1,1 × 1 607 h per ETP of social workers.
    assert implausible == {"SPS Arras", "SPS Boulogne", "SPS Calais", "SPS Oignies"}


@pytest.mark.django_db
def test_harnes_text_cell_is_included_elsewhere_with_its_note(pas_de_calais):
    result, _ = _tables(pas_de_calais)
    harnes = next(row for row in result.rows if row.label == "SPS Harnes")
    assert harnes.values["hours.writing"] is None
    assert harnes.notes["hours.writing"] == "Dans les accompagnements individuels"
    assert harnes.included == {"hours.writing": "Accompagnements individuels"}
    assert "Écrits professionnels" not in harnes.nr  # not unknown: counted elsewhere


def _agent(funder):
    from reperes.accounts.models import User

    return User.objects.filter(role="funder_agent", organisation=funder).first()


@pytest.mark.django_db
def test_the_page_shows_the_seeds_totals_and_flags(client, pas_de_calais):
    client.force_login(_agent(pas_de_calais))
    url = reverse("reporting:consolidation", kwargs={"pk": pas_de_calais.pk})
    response = client.get(url, {"annee": 2022})
    assert response.status_code == 200
    text = response.content.decode()
    for figure in ("124", "2\u202f882", "200", "12\u202f968", "4\u202f398"):
        assert f">{figure}<" in text, figure
    assert "SPS Etaples et SPS Liévin déclarent les mêmes chiffres pour 4 indicateurs" in text
    assert "Remontée validée" in text
    assert "Dans les accompagnements individuels" in text


@pytest.mark.django_db
def test_exports_carry_the_same_figures_and_csv_is_protected(client, pas_de_calais):
    client.force_login(_agent(pas_de_calais))
    kwargs = {"pk": pas_de_calais.pk}
    csv = client.get(reverse("reporting:consolidation_csv", kwargs=kwargs), {"annee": 2022})
    body = csv.content.decode("utf-8-sig")
    assert "Total;124;2882;200" in body
    assert "SPS Arras;7;345;NR" in body
    from openpyxl import load_workbook

    xlsx = client.get(reverse("reporting:consolidation_xlsx", kwargs=kwargs), {"annee": 2022})
    book = load_workbook(io.BytesIO(xlsx.content), read_only=True)
    cells = [v for sheet in book for row in sheet.iter_rows(values_only=True) for v in row]
    assert 2882 in cells
    assert 124 in cells
    api = client.get(reverse("api:consolidation-detail", kwargs=kwargs), {"annee": 2022}).json()
    [collective] = [t for t in api["tables"] if t["key"] == "consolidation-actions-collectives"]
    assert collective["cells"][-1] == ["124", "2882", "200"]


@pytest.mark.django_db
def test_other_funders_and_staff_do_not_open_it(client, pas_de_calais):
    from reperes.accounts.models import User

    url = reverse("reporting:consolidation", kwargs={"pk": pas_de_calais.pk})
    for user in User.objects.exclude(role="funder_agent", organisation=pas_de_calais):
        client.force_login(user)
        assert client.get(url).status_code == 404, user.email


def test_a_small_count_in_a_column_with_a_total_row_cannot_be_recomputed():
    """The consolidation's tables have a Total row and no Total column; a service left NR."""
    from reperes.reporting import secrecy
    from tests.reporting.attack import attack, downloaded

    table = ReportTable(
        key="t",
        title="t",
        rows=("A", "B", "C", "D", TOTAL),
        columns=("Jeunes", "Familles"),
        cells=((3, 40), (120, None), (80, 12), (60, 30), (263, 82)),
    )
    (published,) = secrecy.publish_tables([table], secrecy.Policy(5, 1))
    assert published.cells[0][0] == "s"
    findings = attack(downloaded([published]), [table])
    assert findings
    assert all(f.high - f.low >= 5 for f in findings)


@pytest.mark.django_db
def test_identical_figures_are_said_once_per_group_and_capped_on_the_page(
    client, pas_de_calais, monkeypatch
):
    result, _ = _tables(pas_de_calais)
    [group] = result.identical
    assert group.message.startswith("SPS Etaples et SPS Liévin déclarent les mêmes chiffres")
    client.force_login(_agent(pas_de_calais))
    url = reverse("reporting:consolidation", kwargs={"pk": pas_de_calais.pk})
    text = client.get(url, {"annee": 2022}).content.decode()
    assert text.count("déclarent les mêmes chiffres") == 1  # not once per service of the group
    monkeypatch.setattr(consolidation, "IDENTICAL_SHOWN", 0)
    text = client.get(url, {"annee": 2022}).content.decode()
    assert "déclarent les mêmes chiffres" not in text
    assert "Et 1 autre groupe de services aux chiffres identiques" in text
