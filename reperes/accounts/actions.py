"""Named actions on accounts: second-factor activations and enrolment.

Whoever holds a password must not be able to bind their own authenticator app to the account:
enrolment needs, besides the password, a single-use activation code that the service director
(for the educators of their service) or a platform admin issues, valid a few hours
(``REPERES_SECOND_FACTOR_ACTIVATION_HOURS``). Only an HMAC of the code is stored.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.plugins.otp_totp.models import TOTPDevice

from reperes.core.models import audit

from .enums import Role
from .models import SecondFactorActivation, User

# No 0/O, 1/I/L: the code is read aloud or copied from a screen.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 31^12 ≈ 2^59
MAX_FAILED_ATTEMPTS = 5
_SALT = "reperes.accounts.second_factor_activation"


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_code(code: str) -> str:
    return salted_hmac(_SALT, normalise_code(code), algorithm="sha256").hexdigest()


def _grouped(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def who_issues(user: Any) -> str:
    """Whom a user asks for an activation code (French, for messages)."""
    if user.role == Role.EDUCATOR:
        return "la direction de votre service"
    return "l'administration de la plateforme"


def open_activation(user: Any, now: datetime) -> SecondFactorActivation | None:
    """The user's activation still usable at ``now``, if any."""
    return (
        SecondFactorActivation.objects.filter(
            user=user, used_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=now
        )
        .order_by("-created_at")
        .first()
    )


def issue_activation(
    issuer: Any, user: User, *, now: datetime | None = None
) -> tuple[SecondFactorActivation, str]:
    """Issue a single-use activation code for ``user``; any earlier open one is cancelled.
    Returns the activation and the clear code, to be shown once to the issuer."""
    if not User.objects.activatable_by(issuer).filter(pk=user.pk).exists():
        raise PermissionDenied("Vous ne pouvez pas émettre de code d'activation pour ce compte.")
    now = now or timezone.now()
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    with transaction.atomic():
        SecondFactorActivation.objects.select_for_update().filter(
            user=user, used_at__isnull=True, cancelled_at__isnull=True
        ).update(cancelled_at=now)
        activation = SecondFactorActivation.objects.create(
            user=user,
            issued_by=issuer,
            code_hash=hash_code(code),
            created_at=now,
            expires_at=now + timedelta(hours=settings.REPERES_SECOND_FACTOR_ACTIVATION_HOURS),
        )
        audit(
            issuer,
            "account.second_factor_activation",
            user,
            f"Code d'activation du second facteur émis pour {user}",
            expires_at=activation.expires_at.isoformat(),
        )
    return activation, _grouped(code)


def check_activation(
    user: Any, code: str, *, now: datetime | None = None
) -> SecondFactorActivation:
    """The user's open activation if ``code`` is its code. A wrong code counts as a failed
    attempt; after five the activation is cancelled and a new one must be issued."""
    now = now or timezone.now()
    with transaction.atomic():
        activation = open_activation(user, now)
        if activation is None:
            raise ValidationError(
                "Aucun code d'activation n'est en attente pour votre compte : "
                f"demandez-en un à {who_issues(user)}."
            )
        activation = SecondFactorActivation.objects.select_for_update().get(pk=activation.pk)
        if secrets.compare_digest(activation.code_hash, hash_code(code)):
            return activation
        activation.failed_attempts += 1
        fields = ["failed_attempts"]
        if activation.failed_attempts >= MAX_FAILED_ATTEMPTS:
            activation.cancelled_at = now
            fields.append("cancelled_at")
            audit(user, "account.second_factor_activation_cancelled", user, "Trop d'essais")
        activation.save(update_fields=fields)
    raise ValidationError(
        f"Code d'activation incorrect : vérifiez-le ou demandez-en un nouveau à {who_issues(user)}."
    )


def enrol_second_factor(
    user: Any, activation_pk: int, device: TOTPDevice, *, now: datetime | None = None
) -> None:
    """Confirm ``device`` (whose code the caller has checked) with the activation, used once.
    Every other device of the account is removed: a lost phone stops working."""
    now = now or timezone.now()
    with transaction.atomic():
        activation = (
            SecondFactorActivation.objects.select_for_update()
            .filter(pk=activation_pk, user=user)
            .first()
        )
        if activation is None or not activation.is_usable(now):
            raise ValidationError(
                "Ce code d'activation a expiré ou a déjà servi : "
                f"demandez-en un nouveau à {who_issues(user)}."
            )
        activation.used_at = now
        activation.save(update_fields=["used_at"])
        removed, _ = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit(
            user,
            "account.second_factor_setup",
            user,
            "Second facteur configuré",
            replaced_devices=removed,
        )


def link_provider_identity(user: User, issuer: str, subject: str) -> User:
    """Link ``user`` to the identity provider's ``subject``, once: the administrator's
    permission (``oidc_link_allowed``) is used up, and the next sign-ins find the account by
    this subject alone (reperes/accounts/oidc.py)."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if not locked.oidc_link_allowed or locked.oidc_subject:
            raise PermissionDenied("Le rattachement de ce compte n'est pas autorisé.")
        locked.oidc_issuer = issuer
        locked.oidc_subject = subject
        locked.oidc_link_allowed = False
        locked.save(update_fields=["oidc_issuer", "oidc_subject", "oidc_link_allowed"])
        audit(
            locked,
            "account.identity_provider_linked",
            locked,
            "Compte rattaché au fournisseur d'identité",
            issuer=issuer,
        )
    return locked
