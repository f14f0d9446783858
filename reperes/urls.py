from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("reperes.core.urls")),
    path("compte/", include("reperes.accounts.urls")),
    path("partenaires/", include("reperes.partners.urls")),
    path("conventions/", include("reperes.conventions.urls")),
    path("api/v1/", include("reperes.api.urls")),
    path("administration/", admin.site.urls),
]

handler404 = "reperes.core.views.not_found"
handler500 = "reperes.core.views.server_error"
