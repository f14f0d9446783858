"""API tokens: bearer secrets for scripts, bounded in time and revocable.

A token is shown once, when it is created; the database keeps only its SHA-256 (a 256-bit
random key needs no slow hash) and its first characters for the owner's list. It expires after
``REPERES_API_TOKEN_DAYS`` days (90 by default), its owner can revoke it, and a password change
revokes all of the account's tokens: whoever changes a password because it leaked must not
leave a working key behind.

Tokens are meant for scripts and are not tied to a browser session: signing out of the pages
does not end them (a script must not stop because its author closed a tab); the account page
lists them and revokes one or all.

The JSON API cannot ask for a second-factor code: for the roles bound to it, a token is
refused (403) where the second factor is required.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from reperes.core.models import audit

from .models import ApiToken

KEYWORD = "Token"
KEY_PREFIX = "rp_"
# How often « last used » is written: once a minute at most, not on every call.
LAST_USED_GRANULARITY = timedelta(minutes=1)

INVALID = "Jeton d'API invalide."
EXPIRED = "Jeton d'API expiré : créez-en un nouveau sur la page « Mon compte »."
REVOKED = "Jeton d'API révoqué : créez-en un nouveau sur la page « Mon compte »."
INACTIVE = "Ce compte est désactivé."


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def lifetime() -> timedelta:
    return timedelta(days=settings.REPERES_API_TOKEN_DAYS)


def create_api_token(user: Any, name: str, *, now: datetime | None = None) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns it with the clear key, which is never stored."""
    now = now or timezone.now()
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name.strip() or "Jeton d'API",
            prefix=key[:10],
            key_hash=hash_key(key),
            created_at=now,
            expires_at=now + lifetime(),
        )
        audit(
            user,
            "account.api_token",
            user,
            f"Nouveau jeton d'API « {token.name} »",
            token=token.pk,
            expires_at=token.expires_at.isoformat(),
        )
    return token, key


def revoke_api_token(user: Any, token: ApiToken, *, now: datetime | None = None) -> bool:
    """The owner revokes one of their tokens; False if it was already ended."""
    now = now or timezone.now()
    with transaction.atomic():
        count = ApiToken.objects.filter(pk=token.pk, user=user, revoked_at__isnull=True).update(
            revoked_at=now, revoked_reason=ApiToken.Ended.OWNER
        )
        if count:
            audit(user, "account.api_token_revoked", user, f"Jeton « {token.name} » révoqué")
    return bool(count)


def revoke_all_tokens(user: Any, reason: str, *, now: datetime | None = None) -> int:
    """Revoke every token of ``user`` still in force (owner's choice or password change)."""
    now = now or timezone.now()
    with transaction.atomic():
        count = (
            ApiToken.objects.filter(user=user)
            .usable(now)
            .update(revoked_at=now, revoked_reason=reason)
        )
        if count:
            label = ApiToken.Ended(reason).label
            audit(
                user, "account.api_tokens_revoked", user, f"{count} jeton(s) révoqué(s) : {label}"
            )
    return count


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token <key>``. An unknown, expired or revoked key answers 401 with a
    French message; a role bound to the second factor is refused (403) where it is required."""

    def authenticate(self, request: Any) -> tuple[Any, ApiToken] | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(INVALID)
        try:
            key = parts[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(INVALID) from exc
        return self.authenticate_credentials(key)

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        from .backends import AccountBackend
        from .second_factor import API_REFUSAL, second_factor_required

        token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(INVALID)
        now = timezone.now()
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(REVOKED)
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(EXPIRED)
        if not AccountBackend().user_can_authenticate(token.user):
            raise exceptions.AuthenticationFailed(INACTIVE)
        if second_factor_required(token.user):
            raise exceptions.PermissionDenied(API_REFUSAL)
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, _request: Any) -> str:
        return KEYWORD


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema (drf-spectacular)."""

    target_class = "reperes.accounts.tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, _auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "« Token <clé> » : jeton créé sur la page « Mon compte », "
            f"valable {settings.REPERES_API_TOKEN_DAYS} jours.",
        }
