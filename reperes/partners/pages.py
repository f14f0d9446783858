"""What the apps above partners add to a partner's page (its conventions, its staffing), read
through the one access layer. Those apps register a provider here when they start
(``AppConfig.ready``): partners, below them, never imports them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .models import Organisation, Service

Provider = Callable[[Any, Any], dict[str, Any]]

_ORGANISATION: list[Provider] = []
_SERVICE: list[Provider] = []


def on_organisation_page(provider: Provider) -> Provider:
    """Register ``provider(user, organisation) -> context``; usable as a decorator."""
    if provider not in _ORGANISATION:
        _ORGANISATION.append(provider)
    return provider


def on_service_page(provider: Provider) -> Provider:
    """Register ``provider(user, service) -> context``; usable as a decorator."""
    if provider not in _SERVICE:
        _SERVICE.append(provider)
    return provider


def organisation_context(user: Any, organisation: Organisation) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for provider in _ORGANISATION:
        context.update(provider(user, organisation))
    return context


def service_context(user: Any, service: Service) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for provider in _SERVICE:
        context.update(provider(user, service))
    return context
