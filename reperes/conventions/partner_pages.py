"""The conventions a partner's page lists (``reperes.partners.pages``), registered by
``ConventionsConfig.ready``: those the reader may see, through ``visible_to``."""

from __future__ import annotations

from typing import Any

from reperes.partners.models import Organisation, Service

from .models import Convention, Party


def organisation_conventions(user: Any, organisation: Organisation) -> dict[str, Any]:
    shared = Convention.objects.visible_to(user).filter(
        pk__in=Party.objects.filter(organisation=organisation).values("convention")
    )
    return {"conventions": shared}


def service_conventions(user: Any, service: Service) -> dict[str, Any]:
    return {"conventions": Convention.objects.visible_to(user).filter(service=service)}
