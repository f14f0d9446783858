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
