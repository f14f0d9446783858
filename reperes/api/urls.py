import importlib

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import views
from .docs import ApiDocsView

router = DefaultRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("communes", views.CommuneViewSet, basename="commune")
router.register("services", views.ServiceViewSet, basename="service")
router.register("conventions", views.ConventionViewSet, basename="convention")
router.register("clause-kinds", views.ClauseKindViewSet, basename="clause-kind")

# Each domain app registers its own endpoints in reperes/<app>/api.py: register(router).
for app in ("money", "people", "governance", "deadlines", "fieldwork", "reporting"):
    try:
        module = importlib.import_module(f"reperes.{app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"reperes.{app}.api":
            raise
        continue
    module.register(router)

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
