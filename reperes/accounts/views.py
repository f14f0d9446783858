from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from reperes.core.access import get_visible_or_404

from . import actions, tokens
from .enums import Role
from .forms import EmailAuthenticationForm
from .http import SignedInRequest
from .models import ApiToken, SecondFactorActivation, User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_accounts"] = (
            User.objects.filter(is_demo=True)
            .select_related("organisation", "service")
            .order_by("role", "email")
            if settings.DEMO_ALLOWED
            else []
        )
        context["oidc_provider"] = (
            settings.REPERES_OIDC_PROVIDER_NAME if settings.REPERES_OIDC_ENABLED else ""
        )
        return context


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Nom du jeton",
        max_length=100,
        help_text="Pour le reconnaître dans la liste, par exemple le nom du script.",
        error_messages={"required": "Donnez un nom au jeton."},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def profile(request: SignedInRequest) -> HttpResponse:
    """The account page: the user's API tokens, listed, created (shown once) and revoked."""
    new_key = None
    form = TokenForm(request.POST if request.POST.get("action") == "create" else None)
    if request.method == "POST":
        if request.POST.get("action") == "revoke_all":
            count = tokens.revoke_all_tokens(request.user, ApiToken.Ended.OWNER)
            messages.success(request, f"{count} jeton(s) révoqué(s).")
            return redirect("accounts:profile")
        if form.is_valid():
            _token, new_key = tokens.create_api_token(request.user, form.cleaned_data["name"])
            form = TokenForm()
    now = timezone.now()
    user_tokens = [
        (token, token.status(now)) for token in ApiToken.objects.visible_to(request.user)
    ]
    return render(
        request,
        "accounts/profile.html",
        {
            "new_key": new_key,
            "form": form,
            "tokens": user_tokens,
            "has_usable_token": any(status == "actif" for _, status in user_tokens),
            "token_days": settings.REPERES_API_TOKEN_DAYS,
            "issues_activations": request.user.role in (Role.SERVICE_DIRECTOR, Role.PLATFORM_ADMIN),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_visible_or_404(ApiToken, request.user, pk=pk)
    if request.method == "POST":
        if tokens.revoke_api_token(request.user, token):
            messages.success(request, f"Le jeton « {token.name} » est révoqué.")
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/token_revoke.html",
        {"token": token, "status": token.status(timezone.now())},
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing one's password revokes every API token of the account (User.save)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Mot de passe changé. Vos jetons d'API sont révoqués.")
        return response


@never_cache
def activations(request: SignedInRequest) -> HttpResponse:
    """The accounts for which the user may issue a second-factor activation code."""
    if request.user.role not in (Role.SERVICE_DIRECTOR, Role.PLATFORM_ADMIN):
        raise PermissionDenied(
            "Seules la direction d'un service et l'administration de la plateforme "
            "émettent des codes d'activation du second facteur."
        )
    now = timezone.now()
    accounts = (
        User.objects.activatable_by(request.user)
        .select_related("service")
        .prefetch_related(
            Prefetch(
                "second_factor_activations",
                queryset=SecondFactorActivation.objects.filter(
                    used_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=now
                ),
                to_attr="open_activations",
            )
        )
        .order_by("full_name")
    )
    enrolled = set(
        TOTPDevice.objects.filter(user__in=accounts, confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    rows = [
        (account, account.pk in enrolled, _first(account.open_activations)) for account in accounts
    ]
    return render(request, "accounts/activations.html", {"rows": rows})


def _first(items: list[Any]) -> Any:
    return items[0] if items else None


@never_cache
@require_http_methods(["GET", "POST"])
def activation_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a single-use activation code for one account; the code is shown once, here."""
    account = get_object_or_404(User.objects.activatable_by(request.user), pk=pk)
    code = activation = None
    if request.method == "POST":
        activation, code = actions.issue_activation(request.user, account)
    return render(
        request,
        "accounts/activation_issue.html",
        {
            "account": account,
            "code": code,
            "activation": activation,
            "enrolled": TOTPDevice.objects.filter(user=account, confirmed=True).exists(),
            "hours": settings.REPERES_SECOND_FACTOR_ACTIVATION_HOURS,
        },
    )


@login_not_required
def locked_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/locked_out.html", status=429)
