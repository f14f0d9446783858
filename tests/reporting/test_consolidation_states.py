"""The 2025 consolidation of the Pas-de-Calais on the demo, as issue 16 measured it: the totals
check reads each breakdown on its own, and a service that recorded nothing is unknown (« NR »),
not zero."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from reperes.partners.models import Organisation
from reperes.reporting import consolidation


@pytest.fixture(scope="module")
def funder(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)
        yield Organisation.objects.get(name="Département du Pas-de-Calais")
        call_command("flush", interactive=False, verbosity=0)


def _row(result, label):
    return next(row for row in result.rows if row.label == label)


@pytest.mark.django_db
def test_arras_youths_accompanied_add_up_by_gender_and_by_situation(funder):
    arras = _row(consolidation.build(funder, 2025), "SPS Arras")
    values = arras.values
    genders = [values[f"youths.accompanied.{g}"] for g in ("f", "m", "x")]
    assert sum(genders) == values["youths.accompanied"] == 40
    assert [f.message for f in arras.findings if f.check == "totals"] == []
