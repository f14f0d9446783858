"""Every record of the privacy desk is the proof of what was done: the application deletes none,
one by one or in bulk, and says why in French."""

from __future__ import annotations

import pytest

from reperes.privacy import models

pytestmark = pytest.mark.django_db
KEPT = [m for m in vars(models).values() if isinstance(m, type) and issubclass(m, models.Kept)]


def test_the_desk_keeps_its_records():
    names = {m.__name__ for m in KEPT if not m._meta.abstract}
    assert names == {"Breach", "BreachNotification", "LegalHold", "RightsRequest", "Destruction"}


@pytest.mark.parametrize(
    "model", [m for m in KEPT if not m._meta.abstract], ids=lambda m: m.__name__
)
def test_neither_a_record_nor_a_query_deletes(model):
    with pytest.raises(PermissionError, match="ne peu(t|vent) pas être effacée?s?"):
        model.objects.all().delete()
    with pytest.raises(PermissionError, match=model.refusal):
        model().delete()
    assert model.refusal != models.Kept.refusal  # each says what it is
