"""Second factor (TOTP) for the accounts that can see a youth's identity.

Seed 001 art. 9 requires « les moyens permettant de garantir la confidentialité » of the
nominative data; a stolen password must not be enough to read them. Where
``REPERES_REQUIRE_SECOND_FACTOR`` is on (always under production settings), an educator or a
service director (``FIELD_ROLES``) must have confirmed an authenticator app (django-otp TOTP)
and typed a current code in this session before any page opens; until then every page
redirects to the set-up or the verification page.

Enrolment (binding an authenticator app to the account) needs the password and a single-use
activation code issued by the service director or a platform admin (``actions.py``): a stolen
password alone cannot enrol the thief's phone. The secret is shown only once both are checked,
on a device created for that enrolment; confirming it removes the account's other devices.

The JSON API cannot ask for a code: for those roles it is refused (403) under token
authentication (``tokens.py``), and under session authentication until the session is
verified. A token is a bearer secret that would otherwise bypass the second factor.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import actions
from .enums import FIELD_ROLES

API_REFUSAL = (
    "L'API n'est pas ouverte aux comptes qui voient l'identité des jeunes tant que le second "
    "facteur est exigé : utilisez les pages, après avoir saisi votre code à usage unique."
)
# Pages an unverified account may still open: the two pages of the second factor, the
# logout, and the public pages.
OPEN_ROUTES = frozenset(
    {
        "accounts:second_factor_setup",
        "accounts:second_factor_verify",
        "accounts:logout",
        "accounts:login",
        "accounts:oidc_login",
        "accounts:oidc_callback",
        "core:healthz",
        "core:accessibility",
    }
)
DEVICE_NAME = "Application d'authentification"


def can_use_second_factor(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role in FIELD_ROLES)


def second_factor_required(user: Any) -> bool:
    return settings.REPERES_REQUIRE_SECOND_FACTOR and can_use_second_factor(user)


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


class SecondFactorMiddleware:
    """Place after django_otp's OTPMiddleware (which tells ``user.is_verified()``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, _view_func, _view_args, _view_kwargs):
        user = request.user
        if not second_factor_required(user) or user.is_verified():
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": API_REFUSAL}, status=403)
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_ROUTES:
            return None
        if request.path_info.startswith(settings.STATIC_URL):
            return None
        target = "second_factor_verify" if confirmed_device(user) else "second_factor_setup"
        url = reverse(f"accounts:{target}")
        # The path only: a query string may carry what was searched (never into a URL again).
        if request.method == "GET" and request.path_info != reverse("core:home"):
            url += "?" + urlencode({"next": request.path_info})
        return redirect(url)


# ---------------------------------------------------------------- pages
class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code à 6 chiffres",
        min_length=6,
        max_length=6,
        help_text="Le code affiché par votre application d'authentification.",
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
        error_messages={
            "required": "Saisissez le code à 6 chiffres.",
            "min_length": "Le code a 6 chiffres.",
            "max_length": "Le code a 6 chiffres.",
        },
    )

    def __init__(self, *args: Any, device: TOTPDevice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit():
            raise forms.ValidationError("Le code ne contient que des chiffres.")
        allowed, _ = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                "Trop d'essais : attendez quelques secondes avant de saisir un nouveau code."
            )
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                "Code incorrect ou expiré : saisissez le code affiché en ce moment."
            )
        return code


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


def _field_user(request: HttpRequest) -> Any:
    if not can_use_second_factor(request.user):
        raise Http404("Page introuvable")
    return request.user


class ActivationForm(forms.Form):
    """Step one of the enrolment: the password again, and the activation code."""

    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Saisissez votre mot de passe."},
    )
    activation_code = forms.CharField(
        label="Code d'activation",
        max_length=40,
        help_text="Le code remis par la direction de votre service ou par l'administration.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": "Saisissez le code d'activation."},
    )

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.activation: Any = None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        user = self.request.user
        # Through the authentication backends, so that django-axes counts a wrong password
        # here as at the login page: this form is no way around the lockout.
        checked = authenticate(
            self.request, username=user.get_username(), password=data["password"]
        )
        if checked is None or checked.pk != user.pk:
            raise forms.ValidationError("Mot de passe incorrect.")
        self.activation = actions.check_activation(user, data["activation_code"])
        return data


_SESSION_KEY = "reperes_second_factor_enrolment"


def _pending_device(request: HttpRequest) -> tuple[int, TOTPDevice] | None:
    """The device created for the enrolment under way in this session, with its activation."""
    state = request.session.get(_SESSION_KEY)
    if not isinstance(state, dict):
        return None
    device = TOTPDevice.objects.filter(
        pk=state.get("device"), user=request.user, confirmed=False
    ).first()
    if device is None or not isinstance(state.get("activation"), int):
        return None
    return state["activation"], device


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: password and activation code first, then the secret (text
    and QR code), confirmed by a code from the app."""
    user = _field_user(request)
    pending = _pending_device(request)
    if pending is not None:
        return _confirm_device(request, *pending)
    now = timezone.now()
    if actions.open_activation(user, now) is None and confirmed_device(user) is not None:
        if request.user.is_verified():  # type: ignore[union-attr]  # added by django-otp's middleware
            return render(request, "accounts/second_factor_done.html", {})
        return redirect("accounts:second_factor_verify")
    form = ActivationForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
        request.session[_SESSION_KEY] = {"activation": form.activation.pk, "device": device.pk}
        return redirect(_with_next(reverse("accounts:second_factor_setup"), request))
    return render(
        request,
        "accounts/second_factor_activation.html",
        {"form": form, "next": _next_url(request), "issuer": actions.who_issues(user)},
    )


def _confirm_device(request: HttpRequest, activation_pk: int, device: TOTPDevice) -> HttpResponse:
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        try:
            actions.enrol_second_factor(request.user, activation_pk, device)
        except ValidationError as exc:
            request.session.pop(_SESSION_KEY, None)
            device.delete()
            messages.error(request, exc.messages[0])
            return redirect("accounts:second_factor_setup")
        request.session.pop(_SESSION_KEY, None)
        otp_login(request, device)
        return redirect(_next_url(request))
    uri = device.config_url
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "secret": _grouped(base64.b32encode(device.bin_key).decode()),
            "uri": uri,
            "qr_svg": segno.make(uri, error="m").svg_inline(
                scale=4, title="Code QR à scanner avec l'application d'authentification"
            ),
            "next": _next_url(request),
        },
    )


def _with_next(url: str, request: HttpRequest) -> str:
    target = _next_url(request)
    return url if target == reverse("core:home") else f"{url}?{urlencode({'next': target})}"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    user = _field_user(request)
    device = confirmed_device(user)
    if device is None:
        return redirect("accounts:second_factor_setup")
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(_next_url(request))
    return render(
        request, "accounts/second_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


def _grouped(secret: str) -> str:
    """« ABCD EFGH … »: easier to type into a phone."""
    secret = secret.rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
