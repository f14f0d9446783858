"""E-mails written by an action leave only once its transaction commits: a write rolled back
tells nobody."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction


def send_on_commit(subject: str, body: str, to: Sequence[str]) -> None:
    """Send ``subject`` and ``body`` to the addresses ``to`` when the current transaction
    commits; nothing when there is nobody to tell."""
    if to:
        transaction.on_commit(
            partial(send_mail, subject, body, settings.DEFAULT_FROM_EMAIL, list(to))
        )
