"""Field-work endpoints: each sub-domain registers its own."""

from rest_framework.routers import BaseRouter

from .collective import api as collective_api
from .partners import api as partners_api
from .street import api as street_api
from .youths import api as youths_api


def register(router: BaseRouter) -> None:
    youths_api.register(router)
    street_api.register(router)
    collective_api.register(router)
    partners_api.register(router)
