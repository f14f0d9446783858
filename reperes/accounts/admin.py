import contextlib

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from rest_framework.authtoken.models import TokenProxy

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "organisation", "role", "is_active", "is_demo"]
    list_filter = ["role", "is_active", "is_demo"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("full_name", "organisation", "role", "service")}),
        ("Droits", {"fields": ("is_active", "is_staff", "is_superuser")}),
        (
            "Connexion par le fournisseur d'identité",
            {
                "fields": ("oidc_link_allowed", "oidc_issuer", "oidc_subject"),
                "description": (
                    "Autorisez le rattachement : la prochaine connexion par le fournisseur "
                    "avec l'adresse de ce compte le rattache à cette identité. Videz "
                    "l'identifiant et le fournisseur pour détacher le compte."
                ),
            },
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "fields": (
                    "email",
                    "full_name",
                    "organisation",
                    "role",
                    "service",
                    "password1",
                    "password2",
                )
            },
        ),
    )


# DRF's clear-text tokens are no longer used (reperes/accounts/tokens.py keeps hashes only):
# their admin would create keys that authenticate nothing.
with contextlib.suppress(NotRegistered):
    admin.site.unregister(TokenProxy)
