"""The links every app declares the same way, written once: ``core.fields.acting_user`` (the
account that did something to a record) and ``partners.fields.optional_organisation`` (an
organisation a record names)."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from reperes.core.fields import acting_user
from reperes.partners.fields import optional_organisation
from reperes.privacy.models import DpiaCompletion
from tests.factories import OrganisationFactory, UserFactory


@pytest.mark.parametrize("blank", [False, True])
def test_acting_user_deconstructs_as_the_foreign_key_written_out(blank):
    """Migrations see the same field as before the helper: no migration changes."""
    written_out = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=blank,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="décidée par",
    )
    assert acting_user("décidée par", blank=blank).deconstruct() == written_out.deconstruct()


def test_acting_user_without_a_label_takes_the_field_name():
    _, _, _, kwargs = acting_user().deconstruct()
    assert "verbose_name" not in kwargs
    assert "blank" not in kwargs


# The only links to an account that go with it: what the account owns.
OWNED_BY_THE_ACCOUNT = {("accounts.ApiToken", "user"), ("accounts.SecondFactorActivation", "user")}


def test_every_other_link_to_an_account_keeps_the_record_when_the_account_goes():
    """Any other link from a record of the apps to an account says who did something: it
    points at the account model without a reverse accessor and is emptied, not cascaded,
    when the account is deleted (``acting_user``)."""
    who = [
        field
        for model in apps.get_models()
        if model.__module__.startswith("reperes.") and not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if field.many_to_one
        and field.concrete
        and field.related_model._meta.label == settings.AUTH_USER_MODEL
        and (model._meta.label, field.name) not in OWNED_BY_THE_ACCOUNT
    ]
    assert len(who) >= 25
    for field in who:
        assert field.remote_field.on_delete is models.SET_NULL, field
        assert field.null, field
        assert field.remote_field.related_name == "+", field


def test_optional_organisation_deconstructs_as_the_foreign_key_written_out():
    written_out = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="pilote",
    )
    assert optional_organisation("pilote").deconstruct() == written_out.deconstruct()


@pytest.mark.django_db
def test_deleting_the_account_keeps_the_record():
    user = UserFactory()
    completion = DpiaCompletion.objects.create(
        controller=OrganisationFactory(), completed_on="2026-01-15", completed_by=user
    )
    user.delete()
    completion.refresh_from_db()
    assert completion.completed_by is None
