from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.db import DatabaseError


@register("reperes", deploy=True)
def no_demo_accounts_in_production(**_kwargs: Any) -> list[Error]:
    """Production must not hold the demo's well-known accounts."""
    if settings.DEMO_ALLOWED:
        return []
    from .models import User

    try:
        count = User.objects.filter(is_demo=True).count()
    except DatabaseError:
        return []
    if count:
        return [
            Error(
                f"{count} compte(s) de démonstration présents alors que la démo est interdite.",
                hint="La démonstration ne se charge jamais en production : repartez d'une base "
                "vierge (manage.py migrate sans load_demo). Les comptes ne se suppriment pas un à "
                "un : les journaux d'audit et d'accès, protégés, gardent leurs auteurs.",
                id="reperes.E001",
            )
        ]
    return []


@register("reperes")
def trusted_proxies_are_addresses(**_kwargs: Any) -> list[Error]:
    """REPERES_TRUSTED_PROXIES lists addresses or networks; anything else fails at start."""
    from django.core.exceptions import ImproperlyConfigured

    from .client_ip import trusted_networks

    try:
        trusted_networks(tuple(settings.REPERES_TRUSTED_PROXIES))
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="reperes.E002")]
    return []
