"""Sign-in through the Département's identity provider over OpenID Connect (ProConnect).

mozilla-django-oidc runs the authorisation-code flow (state, nonce and PKCE kept in the session,
the id_token's RS256 signature checked against the provider's JWKS); this module decides who
gets in. It never creates an account and never gives a role: accounts are created by an
administrator, as for a password.

Who gets in:
- an account already linked to the provider's subject (``sub``, with the issuer) signs in by
  it, whatever its e-mail address has become;
- the first time, an account is linked only if an administrator has allowed it
  (``User.oidc_link_allowed``, a one-time permission used up by the link), it has the e-mail
  address the provider gives (``email``), it is active and not a demo account, no other account
  is linked to this subject, and, when its organisation has a SIRET, the provider's ``siret``
  claim is that SIRET (ProConnect names the person's organisation);
- everyone else is refused on a French page saying that an administrator must create their
  account or allow the link; nothing is written.

The id_token must come from the configured issuer, for this client (``aud``), with the nonce
of this sign-in; the userinfo's ``sub`` must be the id_token's (OpenID Connect Core 5.3.2).

The provider replaces the password, not the second factor: an educator or a service director
signing in this way is still asked for their one-time code (second_factor.py), since the
provider's usual level (ProConnect's eidas1) is one factor. A failure counts against the
client's address in django-axes as a wrong password does, and a locked-out address cannot sign
in this way either.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from . import actions
from .backends import AccountBackend
from .models import User

logger = logging.getLogger(__name__)

# Why a sign-in was refused, for the page: set on the request by the backend.
REFUSAL = "reperes_oidc_refusal"
NO_ACCOUNT = "no_account"
FAILED = "failed"


class ProviderBackend(OIDCAuthenticationBackend):
    """Authenticates the callback of the provider, and nothing else (not the password form)."""

    def authenticate(self, request: Any, **kwargs: Any) -> Any:
        if request is None or "nonce" not in kwargs or "username" in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token: Any, **kwargs: Any) -> Any:
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:  # the id_token (the userinfo JWT is checked by its signature)
            audience = payload.get("aud")
            audiences = audience if isinstance(audience, list) else [audience]
            if payload.get("iss") != settings.OIDC_OP_ISSUER:
                raise SuspiciousOperation("id_token from another issuer")
            if settings.OIDC_RP_CLIENT_ID not in audiences:
                raise SuspiciousOperation("id_token for another client")
            if "exp" not in payload or not payload.get("sub"):
                raise SuspiciousOperation("id_token without expiry or subject")
        return payload

    def get_or_create_user(self, access_token: Any, id_token: Any, payload: Any) -> Any:
        claims = self.get_userinfo(access_token, id_token, payload)
        if not claims.get("sub") or claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo for another subject")
        user = find_account(settings.OIDC_OP_ISSUER, claims)
        if user is None or not self.user_can_authenticate(user):
            setattr(self.request, REFUSAL, NO_ACCOUNT)
            return None
        return user

    def user_can_authenticate(self, user: Any) -> bool:
        return AccountBackend().user_can_authenticate(user)


def find_account(issuer: str, claims: dict[str, Any]) -> User | None:
    """The account of the person the provider names, linking it the first time if allowed."""
    subject = str(claims["sub"])
    linked = User.objects.filter(oidc_issuer=issuer, oidc_subject=subject).first()
    if linked is not None:
        return linked
    email = str(claims.get("email") or "").strip()
    if not email or claims.get("email_verified") is False:
        return None
    candidates = list(
        User.objects.filter(
            email__iexact=email, oidc_link_allowed=True, oidc_subject="", is_active=True
        )
        .select_related("organisation")
        .exclude(is_demo=True)
    )
    if len(candidates) != 1:
        return None
    candidate = candidates[0]
    siret = candidate.organisation.siret if candidate.organisation else ""
    if siret and str(claims.get("siret") or "") != siret:
        return None
    try:
        return actions.link_provider_identity(candidate, issuer, subject)
    except PermissionDenied:  # used up meanwhile by another sign-in
        return None


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider's return: a refusal is a French page, never a bare 400."""

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            return super().get(request)
        except (
            SuspiciousOperation,
            requests.RequestException,
            jwt.PyJWTError,
            ValueError,
            KeyError,
        ) as exc:
            # The exception's class only: its text may quote the provider's answer.
            logger.warning(
                "Connexion par le fournisseur d'identité refusée : %s", type(exc).__name__
            )
            return refused(request, FAILED)

    def login_failure(self) -> HttpResponse:
        return refused(self.request, getattr(self.request, REFUSAL, FAILED))


def refused(request: HttpRequest, reason: str) -> HttpResponse:
    return render(
        request,
        "accounts/oidc_refused.html",
        {"no_account": reason == NO_ACCOUNT, "provider": settings.REPERES_OIDC_PROVIDER_NAME},
        status=403,
    )


def _enabled() -> None:
    if not settings.REPERES_OIDC_ENABLED:
        raise Http404


@login_not_required
@never_cache
def start(request: HttpRequest) -> HttpResponse:
    """Sends the browser to the provider (state, nonce and PKCE verifier kept in the session)."""
    _enabled()
    return OIDCAuthenticationRequestView.as_view()(request)


@login_not_required
@never_cache
def callback(request: HttpRequest) -> HttpResponse:
    _enabled()
    return CallbackView.as_view()(request)
