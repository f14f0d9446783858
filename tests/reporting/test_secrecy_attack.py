"""The attack test of issue 5: every demo report as a funder downloads it (its XLSX, read back),
attacked by ``attack`` with only what the file shows: no withheld value recovered, not even an
interval narrower than the threshold (seed 003 « Précisions réglementaires »).

Size: the demo's five reports (about fifty tables, some two hundred withheld cells); loading
the demo takes most of the minute, the attack a few seconds."""

from __future__ import annotations

from dataclasses import replace
from io import StringIO

import pytest
from django.core.management import call_command

from reperes.reporting import exports, secrecy
from reperes.reporting.reports import MODELS, demo_reports
from tests.reporting.attack import SECRET, attack, downloaded, read_xlsx


@pytest.fixture
def reports(db):
    call_command("load_demo", stdout=StringIO())
    return demo_reports()


def test_the_demo_reports_withhold_cells_and_none_can_be_recovered(reports):
    # Each service has the reports its conventions' report clauses ask for: together, the
    # demo conventions ask for every model, none twice for a service.
    assert {r.model_key for r in reports} == set(MODELS)
    assert len({(r.service_name, r.model_key) for r in reports}) == len(reports) >= 5
    withheld = 0
    for report in reports:
        policy = secrecy.Policy()
        published = secrecy.publish_tables(report.tables, policy)
        for table in published:
            for line in table.cells:
                for value in line:
                    # No count of 1 to 4 people leaves the service.
                    if table.people and isinstance(value, int):
                        assert not 0 < value < policy.threshold, (report.model_key, table.key)
        shown = read_xlsx(exports.to_xlsx(report.with_tables(published)))
        findings = attack(shown, report.tables)
        withheld += len(findings)
        for finding in findings:
            where = f"{report.service_name} / {report.model_key} / {finding}"
            assert finding.high - finding.low >= policy.threshold - 1e-6, where
            if finding.truth is not None:
                assert finding.low - 1e-6 <= finding.truth <= finding.high + 1e-6, where
    assert withheld > 0  # the demo has small cells: the attack had something to attack


def test_the_attack_does_recover_a_cell_withheld_without_complements():
    """The attacker is not toothless: a table with only its small cell withheld gives it back."""
    from reperes.reporting.reports import ReportTable

    truth = ReportTable(
        key="t",
        title="T",
        rows=("A", "B", "Total"),
        columns=("Fille", "Garçon", "Total"),
        cells=((3, 10, 13), (20, 30, 50), (23, 40, 63)),
        totals=True,
    )
    naive = ReportTable(
        key="t",
        title="T",
        rows=truth.rows,
        columns=truth.columns,
        cells=((SECRET, 10, 13), (20, 30, 50), (23, 40, 63)),
        totals=True,
    )
    (finding,) = attack(downloaded([naive]), [truth])
    assert finding.low == pytest.approx(3)
    assert finding.high == pytest.approx(3)
    (safe,) = secrecy.publish_tables([truth], secrecy.Policy())
    assert all(f.high - f.low >= 5 for f in attack(downloaded([safe]), [truth]))


def test_the_attacker_guesses_totals_and_shared_margins_from_the_published_figures():
    """Nothing declared reaches it: an unlabelled last row that is the sum of the others is a
    total; two tables with the same labels and the same published figures share a margin;
    a guess the figures contradict is dropped."""
    from reperes.reporting.reports import ReportTable

    # A total row labelled « Jeunes rencontrés », confirmed by its fully published column.
    unlabelled = ReportTable(
        key="u",
        title="U",
        rows=("Fille", "Garçon", "Jeunes rencontrés"),
        columns=("Quartier", "Ville"),
        cells=((SECRET, 12, 10), (20, 30, 50), (23, 42, 60)),
    )
    (finding,) = attack(downloaded([unlabelled]))
    assert (finding.low, finding.high) == (3, 3)
    # The age table withholds girls in its total row; the gender table publishes them.
    ages = ReportTable(
        key="a",
        title="Par âge",
        rows=("Mineurs", "Majeurs", "Total"),
        columns=("Fille", "Garçon", "Total"),
        cells=((SECRET, SECRET, 40), (SECRET, SECRET, 30), (SECRET, SECRET, 70)),
    )
    genders = ReportTable(
        key="g",
        title="Par sexe",
        rows=("Fille", "Garçon", "Total"),
        columns=("Nombre",),
        cells=((25,), (45,), (70,)),
    )
    found = {(f.row, f.column): f for f in attack(downloaded([ages, genders]))}
    assert (found["Total", "Fille"].low, found["Total", "Fille"].high) == (25, 25)
    # Other people (a grand total of 90, not 70): the same labels, no shared margin.
    others = replace(genders, cells=((25,), (65,), (90,)))
    found = {(f.row, f.column): f for f in attack(downloaded([ages, others]))}
    assert found["Total", "Fille"].high == 70
