from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from reperes.core.models import audit

from .forms import EmailAuthenticationForm
from .models import User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)
        context["demo_accounts"] = (
            User.objects.filter(is_demo=True)
            .select_related("organisation", "service")
            .order_by("role", "email")
            if settings.DEMO_ALLOWED
            else []
        )
        return context


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The account page; a POST creates (or replaces) the user's API token."""
    new_key = None
    if request.method == "POST":
        with transaction.atomic():
            Token.objects.filter(user=request.user).delete()
            new_key = Token.objects.create(user=request.user).key
            audit(request.user, "account.api_token", request.user, "Nouveau jeton d'API")
    has_token = Token.objects.filter(user=request.user).exists()
    return render(request, "accounts/profile.html", {"new_key": new_key, "has_token": has_token})


@login_not_required
def locked_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/locked_out.html", status=429)
