from django.contrib import admin
from django.urls import include, path

from reperes.core import urls as core_urls
from reperes.home import views as home

# The home page reads every app, so it lives above them (reperes/home/), not in ``core``; it
# keeps its name « core:home », beside core's own routes.
core_routes = [path("", home.home, name="home"), *core_urls.urlpatterns]

urlpatterns = [
    path("", include((core_routes, core_urls.app_name))),
    path("compte/", include("reperes.accounts.urls")),
    path("partenaires/", include("reperes.partners.urls")),
    path("conventions/", include("reperes.conventions.urls")),
    path("financements/", include("reperes.money.urls")),
    path("personnel/", include("reperes.people.urls")),
    path("instances/", include("reperes.governance.urls")),
    path("echeances/", include("reperes.deadlines.urls")),
    path("terrain/", include("reperes.fieldwork.urls")),
    path("rapports/", include("reperes.reporting.urls")),
    path("aide/", include("reperes.help.urls")),
    path("observatoire/", include("reperes.observatory.urls")),
    path("territoire/", include("reperes.territory.urls")),
    path("donnees-personnelles/", include("reperes.privacy.urls")),
    path("api/v1/", include("reperes.api.urls")),
    path("administration/", admin.site.urls),
]

handler400 = "reperes.core.views.bad_request"
handler404 = "reperes.core.views.not_found"
handler500 = "reperes.core.views.server_error"
