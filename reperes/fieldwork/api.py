"""Field-work endpoints: each sub-domain registers its own (api_youths, api_street)."""

from rest_framework.routers import DefaultRouter

from . import api_street, api_youths


def register(router: DefaultRouter) -> None:
    api_youths.register(router)
    api_street.register(router)
