"""Issue 12: a convention always has a known period kind. The database refuses one without
(the benchmark fixture wrote '' and the funder's home page answered 500,
« '' is not a valid PeriodKind »), and the benchmark fixture now gives one."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from reperes.conventions.models import Convention, ConventionTemplate
from tests.demo.clock import on
from tests.factories import UserFactory

MESSAGE = "Le type de période doit être « dates fixes », « durée » ou « reconduction tacite »."


@pytest.mark.parametrize("kind", ["", "annual"])
def test_the_database_refuses_a_convention_without_a_known_period_kind(world, kind):
    for model, extra in (
        (Convention, {"service": world["services"]["a"]}),
        (ConventionTemplate, {"owner": world["orgs"]["departement"]}),
    ):
        with pytest.raises(IntegrityError, match="period_kind_known"), transaction.atomic():
            model.objects.create(title="Sans période", period_kind=kind, **extra)


def test_the_constraint_speaks_french(world):
    convention = Convention(title="Sans période", service=world["services"]["a"], period_kind="")
    with pytest.raises(ValidationError) as raised:
        convention.validate_constraints()
    assert MESSAGE in raised.value.messages
    convention.period_kind = "fixed"
    convention.validate_constraints()


@pytest.mark.usefixtures("db")
def test_the_consolidation_benchmark_fixture_gives_a_period_kind(monkeypatch, settings):
    """The fixture of benchmarks/consolidation.py, small: its funder's home page answers."""
    settings.REPERES_DEMO_PUBLICATIONS = False
    monkeypatch.syspath_prepend(str(settings.BASE_DIR / "benchmarks"))
    import consolidation  # benchmarks/consolidation.py

    with on(date(2026, 1, 15)):
        funder, services, _counts = consolidation._setup(1, 60)
        conventions = Convention.objects.filter(service__in=services)
        assert conventions.count() == 1
        assert {c.period_kind for c in conventions} == {"fixed"}
        agent = UserFactory(role="funder_agent", organisation=funder)
        from django.test import Client

        client = Client()
        client.force_login(agent)
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
