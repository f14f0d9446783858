"""Reporting endpoints: each sub-domain registers its own (api_reports, api_submissions)."""

from rest_framework.routers import DefaultRouter

from . import api_reports, api_submissions


def register(router: DefaultRouter) -> None:
    api_reports.register(router)
    api_submissions.register(router)
