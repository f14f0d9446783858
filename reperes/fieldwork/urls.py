"""Field work lives under /terrain/. Each sub-domain keeps its own routes module; all share
the ``fieldwork`` namespace."""

from django.urls import include, path

app_name = "fieldwork"

urlpatterns = [
    path("", include("reperes.fieldwork.urls_street")),
    path("jeunes/", include("reperes.fieldwork.urls_youths")),
    path("import/", include("reperes.fieldwork.urls_import")),
]
