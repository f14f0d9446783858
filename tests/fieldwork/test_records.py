"""What the anonymous counts of ``reperes.fieldwork.records`` share: how one reads."""

from __future__ import annotations

import pytest

from reperes.fieldwork import enums
from tests.fieldwork.factories import ContactCountFactory, ParticipantCountFactory


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [ContactCountFactory, ParticipantCountFactory])
def test_a_count_reads_as_how_many_of_which_gender_and_age(factory):
    count = factory(count=7, gender=enums.Gender.BOY, age_band=enums.AgeBand.FROM_15)
    assert str(count) == "7 Garçon 15 – 17 ans"
