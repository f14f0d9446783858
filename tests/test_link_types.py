"""A link declared with ``reperes.core.fields.Link`` — or through a helper returning one — is
typed as the record it points to, or that record or ``None`` where the link is ``null=True``,
as a ``ForeignKey`` written out is (``acting_user``, which ``core`` declares without importing
the account model, as the account base class or ``None``):
the type checker sees a wrong attribute or a missing ``None`` check through it.

Runs mypy once (the project's configuration, django-stubs' plugin, a cache of its own: the
SQLite and PostgreSQL passes run at the same time) over two files, a few seconds."""

from __future__ import annotations

from pathlib import Path

import pytest
from mypy import api

ROOT = Path(__file__).resolve().parent.parent

STATED = """
from typing import assert_type

from django.contrib.auth.base_user import AbstractBaseUser

from reperes.conventions.models import Convention, ConventionTemplate
from reperes.partners.models import Organisation, Service
from reperes.privacy.models import Breach, BreachNotification
from reperes.reporting.models import Submission


def stated(
    submission: Submission,
    convention: Convention,
    breach: Breach,
    notification: BreachNotification,
) -> None:
    assert_type(submission.service, Service)
    assert_type(submission.service_id, int)
    assert_type(convention.template, ConventionTemplate | None)
    # Through the helpers that declare a link of a kind (privacy.models.service_field,
    # partners.fields.optional_organisation).
    assert_type(breach.service, Service)
    assert_type(notification.organisation, Organisation | None)
    # The « who did it » link (core.fields.acting_user): an account, or None once deleted.
    assert_type(breach.created_by, AbstractBaseUser | None)
"""

WRONG = """
from reperes.reporting.models import Submission


def wrong(submission: Submission) -> None:
    submission.service.no_such_attribute
"""


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("links")
    (folder / "stated.py").write_text(STATED)
    (folder / "wrong.py").write_text(WRONG)
    config = ["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(folder / "cache")]
    out, err, _status = api.run([*config, str(folder / "stated.py"), str(folder / "wrong.py")])
    return out + err


def test_a_link_is_typed_as_the_record_it_points_to(checked):
    assert "stated.py" not in checked, checked


def test_a_wrong_attribute_through_a_link_is_an_error(checked):
    assert 'wrong.py:6: error: "Service" has no attribute "no_such_attribute"' in checked, checked
