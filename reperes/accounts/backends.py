from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    """Demo accounts cannot sign in where the demo is not allowed (production)."""

    def user_can_authenticate(self, user: Any) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEMO_ALLOWED:
            return False
        return super().user_can_authenticate(user)

    def get_user(self, user_id: Any) -> Any:
        """The signed-in account of each request, with its organisation and service read in
        the same query: every page shows the organisation, and the access layer reads the
        service (``core.access.staff_service_id``)."""
        users = get_user_model()._default_manager.select_related("organisation", "service")
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
