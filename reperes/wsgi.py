import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reperes.settings.production")
application = get_wsgi_application()


def _refuse_demo_accounts() -> None:
    """Production refuses to start while the demo's well-known accounts are in the database."""
    from reperes.accounts.checks import no_demo_accounts_in_production

    errors = no_demo_accounts_in_production()
    if errors:
        raise ImproperlyConfigured(errors[0].msg)


_refuse_demo_accounts()


def _load_views() -> None:
    """Import the URL configuration, and with it every view, when the worker starts rather
    than at its first request: otherwise the first user after a deploy or a worker restart
    waits for it (2.8 s measured by benchmarks/load.py, docs/benchmarks.md)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — read for its side effect: the imports


_load_views()
