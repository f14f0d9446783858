"""The anonymisation shared by retention, erasure and the end of a convention
(``reperes.privacy.anonymise``): what goes, what stays, and that past figures do not move."""

from __future__ import annotations

from datetime import date

import pytest

from reperes.core.models import AuditEntry
from reperes.fieldwork.models import Youth
from reperes.privacy import anonymise as anon
from reperes.reporting.indicators import age_band_expression
from tests.fieldwork.factories import AccompanimentFactory, FamilyFactory, YouthFactory

pytestmark = pytest.mark.django_db
DAY = date(2027, 6, 1)


def _band_in_db(youth: Youth, on: date) -> str:
    return (
        Youth.objects.filter(pk=youth.pk)
        .annotate(band=age_band_expression(on))
        .values_list("band", flat=True)
        .get()
    )


def test_identity_pseudonym_and_birth_year_go():
    youth = YouthFactory(with_identity=True, birth_year=2008)
    outcome = anon.anonymise([youth], on=DAY, actor=None, reason=anon.RETENTION)
    youth.refresh_from_db()
    assert (outcome.youths, outcome.identities) == (1, 1)
    assert youth.pseudonym.startswith(anon.PSEUDONYM_PREFIX)
    assert not youth.has_identity
    assert (youth.name_index, youth.phone_index) == ("", "")
    assert youth.identity_consent_on is None
    assert youth.birth_year is None
    assert youth.anonymised_on == DAY
    assert len(outcome.digest) == 64


def test_age_bands_of_past_years_stay_the_same_in_python_and_in_the_database():
    youth = YouthFactory(birth_year=2008, first_met_on=date(2022, 5, 1))
    before = {
        y: (youth.band_on(date(y, 12, 31)), _band_in_db(youth, date(y, 12, 31)))
        for y in range(2022, 2028)
    }
    anon.anonymise([youth], on=DAY, actor=None, reason=anon.RETENTION)
    youth.refresh_from_db()
    after = {
        y: (youth.band_on(date(y, 12, 31)), _band_in_db(youth, date(y, 12, 31)))
        for y in range(2022, 2028)
    }
    assert after == before
    # 2022: 14 → 11-14; 2023: 15 → 15-17: the bands do change over the years kept.
    assert before[2022][0] != before[2023][0]


def test_a_second_run_changes_nothing():
    youth = YouthFactory(with_identity=True)
    anon.anonymise([youth], on=DAY, actor=None, reason=anon.RETENTION)
    youth.refresh_from_db()
    code, entries = youth.pseudonym, AuditEntry.objects.filter(action=anon.ANONYMISE_ACTION).count()
    outcome = anon.anonymise([youth], on=date(2027, 7, 1), actor=None, reason=anon.RETENTION)
    youth.refresh_from_db()
    assert outcome.youths == 0
    assert outcome.digest == ""
    assert youth.pseudonym == code
    assert youth.anonymised_on == DAY
    assert AuditEntry.objects.filter(action=anon.ANONYMISE_ACTION).count() == entries


def test_the_family_code_goes_with_its_last_kept_youth():
    family = FamilyFactory(code="F-DUPONT")
    first = YouthFactory(family=family)
    second = YouthFactory(family=family, service=first.service)
    anon.anonymise([first], on=DAY, actor=None, reason=anon.ERASURE)
    family.refresh_from_db()
    assert family.code == "F-DUPONT"
    anon.anonymise([second], on=DAY, actor=None, reason=anon.ERASURE)
    family.refresh_from_db()
    assert family.code != "F-DUPONT"
    assert family.anonymised_on == DAY


def test_last_contact_and_open_accompaniments():
    youth = YouthFactory(first_met_on=date(2024, 3, 1))
    AccompanimentFactory(youth=youth, started_on=date(2024, 4, 1), closed=True)
    row = anon.with_last_contact(Youth.objects.filter(pk=youth.pk)).get()
    assert row.last_contact == date(2024, 9, 30)
    assert row.open_accompaniments == 0
    AccompanimentFactory(youth=youth, started_on=date(2025, 1, 10))
    row = anon.with_last_contact(Youth.objects.filter(pk=youth.pk)).get()
    assert row.last_contact == date(2025, 1, 10)
    assert row.open_accompaniments == 1


def test_the_audit_entry_names_no_one():
    youth = YouthFactory(pseudonym="J-SECRET1", with_identity=True)
    anon.anonymise([youth], on=DAY, actor=None, reason=anon.RETENTION)
    entry = AuditEntry.objects.get(action=anon.ANONYMISE_ACTION)
    assert "J-SECRET1" not in f"{entry.summary} {entry.data}"


def test_the_band_is_read_through_a_relation_as_well():
    """Collective actions count their participants through the M2M table
    (``age_band_expression(on, "youth__")``): the kept band must be read there too."""
    from reperes.fieldwork.models import CollectiveAction

    youth = YouthFactory(birth_year=2011, first_met_on=date(2025, 6, 1))
    action = CollectiveAction.objects.create(
        service=youth.service, title="Chantier", category="educational", started_on=date(2024, 7, 1)
    )
    action.participants.add(youth)
    through = CollectiveAction.participants.through.objects.filter(youth=youth)
    on = date(2024, 12, 31)
    before = through.values_list(age_band_expression(on, "youth__"), flat=True).get()
    anon.anonymise([youth], on=DAY, actor=None, reason=anon.RETENTION)
    # The action predates the first meeting: its year is kept too (anon.first_contact).
    assert anon.first_contact(youth) == date(2024, 7, 1)
    assert through.values_list(age_band_expression(on, "youth__"), flat=True).get() == before
    assert before == "11-14"
