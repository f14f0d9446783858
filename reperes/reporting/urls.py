"""Reports, aggregate submissions and the consolidation live under /rapports/. Each
sub-domain keeps its own routes module; all share the ``reporting`` namespace."""

from django.urls import include, path

app_name = "reporting"

urlpatterns = [
    path("", include("reperes.reporting.urls_reports")),
    path("remontees/", include("reperes.reporting.urls_submissions")),
    path("modeles/", include("reperes.reporting.urls_models")),
]
