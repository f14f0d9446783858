"""The attack test of issue 5: for every table of the demo reports, as a funder receives them,
solve the system of published cells and margins and recover no withheld value, not even an
interval narrower than the threshold (seed 003 « Précisions réglementaires »)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from reperes.reporting import secrecy
from reperes.reporting.reports import MODELS, demo_reports
from tests.reporting.attack import SECRET, attack


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
        findings = attack(published, report.tables)
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
    (finding,) = attack([naive], [truth])
    assert finding.low == pytest.approx(3) and finding.high == pytest.approx(3)
    (safe,) = secrecy.publish_tables([truth], secrecy.Policy())
    assert all(f.high - f.low >= 5 for f in attack([safe], [truth]))
