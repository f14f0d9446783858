"""``manage.py load_demo``: idempotent, refused where the demo is not allowed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from reperes.accounts.models import User
from reperes.conventions.models import Convention
from reperes.core.models import AuditEntry
from reperes.demo import accounts
from reperes.demo.loader import load_demo
from reperes.demo.seeds import seed_004


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    first = load_demo()
    assert first.changed
    before = row_counts()

    second = load_demo()

    assert not second.changed, second.lines()
    assert not +second.created
    assert not +second.updated
    assert not +second.deleted
    assert row_counts() == before


@pytest.mark.django_db
def test_command_twice_says_up_to_date_and_writes_no_audit_entry():
    call_command("load_demo", stdout=StringIO())
    audit_entries = AuditEntry.objects.count()
    out = StringIO()

    call_command("load_demo", stdout=out)

    assert "déjà à jour" in out.getvalue()
    assert AuditEntry.objects.count() == audit_entries
    assert accounts.PASSWORD in out.getvalue()
    for account in accounts.ACCOUNTS:
        assert account.email in out.getvalue()


@pytest.mark.django_db
def test_reloading_restores_an_edited_value_and_reports_it():
    load_demo()
    convention = Convention.objects.get(title=seed_004.CONVENTION.title)
    convention.ends_on = convention.ends_on.replace(year=2030)
    convention.save()

    report = load_demo()

    convention.refresh_from_db()
    assert convention.ends_on.year == 2025
    assert report.updated["conventions.Convention"] == 1
    assert not +report.created


@pytest.mark.django_db
def test_refused_when_the_demo_is_not_allowed(settings):
    settings.DEMO_ALLOWED = False

    with pytest.raises(CommandError, match="démonstration est désactivée"):
        call_command("load_demo", stdout=StringIO())

    assert not Convention.objects.exists()
    assert not User.objects.filter(is_demo=True).exists()


@pytest.mark.django_db
def test_refuses_to_take_over_a_real_account_with_a_demo_address():
    load_demo()
    real = User.objects.get(email=accounts.ACCOUNTS[0].email)
    real.is_demo = False
    real.set_password("un-vrai-mot-de-passe-2026")
    real.save()

    with pytest.raises(CommandError, match="n'est pas un compte de démonstration"):
        call_command("load_demo", stdout=StringIO())

    real.refresh_from_db()
    assert real.check_password("un-vrai-mot-de-passe-2026")
