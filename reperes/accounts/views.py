from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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


def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html")


@login_not_required
def locked_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/locked_out.html", status=429)
