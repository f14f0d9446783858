"""An action's e-mail leaves when its transaction commits (reperes/core/mail.py)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from reperes.core.mail import send_on_commit


@pytest.mark.django_db
def test_the_mail_leaves_on_commit_only(django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=True):
        send_on_commit("Échéance", "Corps", ("b@example.org", "a@example.org"))
        assert mail.outbox == []
    [sent] = mail.outbox
    assert (sent.subject, sent.body, sent.to) == (
        "Échéance",
        "Corps",
        ["b@example.org", "a@example.org"],
    )
    assert sent.from_email == settings.DEFAULT_FROM_EMAIL


@pytest.mark.django_db(transaction=True)
def test_no_mail_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        send_on_commit("Échéance", "Corps", ["a@example.org"])
        raise RuntimeError
    assert mail.outbox == []


@pytest.mark.django_db
def test_nobody_to_tell_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_on_commit("Échéance", "Corps", [])
    assert callbacks == []
    assert mail.outbox == []
