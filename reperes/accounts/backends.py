from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    """Demo accounts cannot sign in where the demo is not allowed (production)."""

    def user_can_authenticate(self, user: Any) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEMO_ALLOWED:
            return False
        return super().user_can_authenticate(user)
