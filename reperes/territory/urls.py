"""Territoire : fiches-actions, diagnostics locaux, données ouvertes des subventions."""

from django.urls import path

from . import views

app_name = "territory"
urlpatterns = [
    path("convention/<int:pk>/fiches-actions/", views.convention_sheets, name="sheets"),
    path("convention/<int:pk>/fiches-actions/nouvelle/", views.sheet_create, name="sheet_create"),
    path("fiche-action/<int:pk>/", views.sheet_detail, name="sheet"),
    path("fiche-action/<int:pk>/modifier/", views.sheet_update, name="sheet_update"),
    path("reunion/<uuid:pk>/themes/", views.decide_themes, name="decide_themes"),
    path("diagnostics/", views.diagnostic_list, name="diagnostics"),
    path("diagnostic/<int:pk>/", views.diagnostic_detail, name="diagnostic"),
    path("diagnostic/<int:pk>/nouvelle-version/", views.version_create, name="version_create"),
    path("diagnostic/<int:pk>/comparer/", views.diagnostic_compare, name="compare"),
    path("diagnostic/version/<int:pk>/", views.version_detail, name="version"),
    path("diagnostic/version/<int:pk>/valider/", views.version_validate, name="version_validate"),
    path("subventions/", views.subsidies, name="subsidies"),
    path("subventions/scdl.csv", views.subsidies_csv, name="subsidies_csv"),
]
