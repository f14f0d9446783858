from django.urls import path

from . import views

app_name = "observatory"

urlpatterns = [
    path("", views.home, name="home"),
    path("zones/", views.zones, name="zones"),
    path("zones/importer/", views.zones_import, name="zones_import"),
    path("zones/contours/", views.contours_import, name="contours_import"),
    path("series/nouvelle/", views.series_create, name="series_create"),
    path("series/depuis-reperes/", views.series_from_reperes, name="series_from_reperes"),
    path("series/<int:pk>/", views.series_detail, name="series"),
    path("series/<int:pk>/importer/", views.series_import, name="series_import"),
    path("series/<int:pk>/csv/", views.series_csv, name="series_csv"),
    path("tableaux/nouveau/", views.dashboard_create, name="dashboard_create"),
    path("tableaux/<int:pk>/", views.dashboard_detail, name="dashboard"),
    path("tableaux/<int:pk>/modifier/", views.dashboard_edit, name="dashboard_edit"),
    path("tableaux/<int:pk>/pdf/", views.dashboard_pdf, name="dashboard_pdf"),
]
