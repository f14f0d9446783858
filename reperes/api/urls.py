from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from reperes.fieldwork import api as fieldwork_api
from reperes.governance import api as governance_api
from reperes.money import api as money_api
from reperes.people import api as people_api
from reperes.reporting import api as reporting_api

from . import views
from .docs import ApiDocsView

router = DefaultRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("communes", views.CommuneViewSet, basename="commune")
router.register("services", views.ServiceViewSet, basename="service")
router.register("conventions", views.ConventionViewSet, basename="convention")
router.register("clause-kinds", views.ClauseKindViewSet, basename="clause-kind")

# Each domain app declares its own endpoints in reperes/<app>/api.py: register(router).
for app_api in (money_api, people_api, governance_api, fieldwork_api, reporting_api):
    app_api.register(router)

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
