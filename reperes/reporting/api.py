"""Reporting endpoints: each sub-domain registers its own (api_reports, api_submissions)."""

import importlib

from rest_framework.routers import DefaultRouter


def register(router: DefaultRouter) -> None:
    for name in ("api_reports", "api_submissions"):
        try:
            module = importlib.import_module(f"reperes.reporting.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"reperes.reporting.{name}":
                raise
            continue
        module.register(router)
