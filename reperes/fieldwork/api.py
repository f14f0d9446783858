"""Field-work endpoints: each sub-domain registers its own (api_youths, api_street)."""

import importlib

from rest_framework.routers import DefaultRouter


def register(router: DefaultRouter) -> None:
    for name in ("api_youths", "api_street"):
        try:
            module = importlib.import_module(f"reperes.fieldwork.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"reperes.fieldwork.{name}":
                raise
            continue
        module.register(router)
