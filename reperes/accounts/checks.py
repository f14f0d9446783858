from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.db import DatabaseError


@register("reperes", deploy=True)
def no_demo_accounts_in_production(app_configs: Any = None, **kwargs: Any) -> list[Error]:
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
                hint='Supprimez-les : manage.py shell -c "from reperes.accounts.models import User; '
                'User.objects.filter(is_demo=True).delete()"',
                id="reperes.E001",
            )
        ]
    return []
