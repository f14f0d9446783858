"""Field work lives under /terrain/. Each sub-domain keeps its own routes module; all share
the ``fieldwork`` namespace."""

from django.urls import include, path

app_name = "fieldwork"

urlpatterns = [
    path("", include("reperes.fieldwork.street.urls")),
    path("", include("reperes.fieldwork.offline.urls")),
    path("", include("reperes.fieldwork.time.urls")),
    path("", include("reperes.fieldwork.collective.urls")),
    path("", include("reperes.fieldwork.partners.urls")),
    path("jeunes/", include("reperes.fieldwork.youths.urls")),
    path("import/", include("reperes.fieldwork.importing.urls")),
]
