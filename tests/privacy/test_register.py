"""The register of processing (GDPR art. 30) covers every field of the code: a field nobody
declared fails here, named « app.Model.field »."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

from reperes.privacy import register


def test_every_field_of_every_model_is_declared():
    missing = register.unclassified()
    assert not missing, (
        "Champs absents du registre des traitements (reperes/privacy/declarations.py) : "
        + ", ".join(missing)
    )


def test_the_walk_covers_every_concrete_model_including_libraries_and_history():
    labels = {m._meta.label for m in register.concrete_models()}
    for label in (
        "auth.Permission",
        "sessions.Session",
        "axes.AccessAttempt",
        "otp_totp.TOTPDevice",
        "conventions.HistoricalSignatory",
        "fieldwork.Youth",
    ):
        assert label in labels
    # Proxies share their concrete model's table: classified through it, not twice.
    assert "authtoken.TokenProxy" not in labels
    assert "people.StaffedService" not in labels


@pytest.fixture
def throwaway_model():
    """A model with an undeclared personal field, as a new migration would bring one."""

    class Nickname(models.Model):
        youth = models.ForeignKey("fieldwork.Youth", on_delete=models.CASCADE)
        nickname = models.CharField(max_length=80)

        class Meta:
            app_label = "privacy"

        def __str__(self) -> str:
            return self.nickname

    yield Nickname
    del apps.all_models["privacy"]["nickname"]
    apps.clear_cache()


@pytest.mark.usefixtures("throwaway_model")
def test_an_undeclared_model_is_reported():
    assert "privacy.Nickname.nickname" in register.unclassified()
    assert "privacy.Nickname.id" in register.unclassified()


def test_a_field_added_to_a_declared_model_is_reported():
    from reperes.fieldwork.models import Youth

    field = models.CharField("surnom", max_length=80, blank=True)
    field.contribute_to_class(Youth, "nickname")
    try:
        assert register.unclassified([Youth]) == ["fieldwork.Youth.nickname"]
    finally:
        Youth._meta.local_fields.remove(field)
        Youth._meta._expire_cache()
        delattr(Youth, "nickname")
    assert register.unclassified([Youth]) == []


def test_a_historical_copy_follows_its_base_model():
    from reperes.conventions.models import Signatory

    historical = Signatory.history.model
    assert register.base_of(historical) is Signatory
    full_name = register.classify(historical, "full_name")
    assert isinstance(full_name, register.Personal)
    assert full_name.category == register.IDENTITY
    assert isinstance(register.classify(historical, "history_user"), register.Personal)
    assert isinstance(register.classify(historical, "history_type"), str)
    # A field the base model does not declare is not declared on its history either.
    assert register.classify(historical, "no_such_field") is None


def test_encrypted_fields_are_declared_encrypted_and_logged():
    encrypted = register.encrypted_fields()
    assert encrypted  # the identity of a youth (seed 001 art. 9)
    entries = {e.label: e for e in register.build().entries}
    for label in encrypted:
        assert label in entries, label
        assert register.ENCRYPTED in entries[label].measures, label
        assert register.ACCESS_LOGGED in entries[label].measures, label
    # And nothing claims encryption that the code does not do.
    claimed = {
        label
        for label, e in entries.items()
        if register.ENCRYPTED in e.measures and not e.history_of
    }
    assert claimed == set(encrypted)


def test_blind_indexes_and_every_field_pointing_at_a_person_are_personal():
    """A foreign key to an account or to a youth identifies a person, whatever its name."""
    from reperes.accounts.models import User
    from reperes.fieldwork.models import Youth

    entries = {e.label: e for e in register.build().entries}
    assert register.BLIND_INDEX in entries["fieldwork.Youth.name_index"].measures
    for m in register.concrete_models():
        for f in m._meta.concrete_fields:
            if f.model is m and f.is_relation and f.related_model in (User, Youth):
                assert f"{m._meta.label}.{f.name}" in entries, f"{m._meta.label}.{f.name}"


def test_declarations_name_known_processings_categories_and_measures():
    from reperes.privacy.declarations import DECLARATIONS
    from reperes.privacy.processings import PROCESSINGS

    keys = {p.key for p in PROCESSINGS}
    for d in DECLARATIONS:
        assert d.processing is None or d.processing in keys, d.label
        assert not set(d.personal) & d.other, d.label
        for name, p in d.personal.items():
            assert p.category in register.CATEGORIES, (d.label, name)
            assert p.processing is None or p.processing in keys, (d.label, name)
            assert set(p.measures) <= set(register.MEASURES), (d.label, name)
            assert p.processing or d.processing or p.category == register.TRACE, (d.label, name)
