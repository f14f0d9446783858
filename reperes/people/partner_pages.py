"""The link from a service's page to its staffing (``reperes.partners.pages``), registered by
``PeopleConfig.ready``."""

from __future__ import annotations

from typing import Any

from reperes.partners.models import Service

from .models import StaffedService


def service_staffing(user: Any, service: Service) -> dict[str, Any]:
    # The staffing pages are open to fewer people than the directory: link only where the same
    # access layer would open them (no link to a 404).
    visible = StaffedService.objects.visible_to(user).filter(pk=service.pk).exists()
    return {"staffing_visible": visible}
