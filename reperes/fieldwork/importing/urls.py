"""Import of the service's accompaniment table, under /terrain/import/ (seed 000 annex 2)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.import_start, name="import"),
    path("modele.xlsx", views.import_template, name="import_template"),
    path("apercu/", views.import_preview, name="import_preview"),
]
