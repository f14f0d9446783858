"""Routes of the aggregate submissions and of the funder's consolidation (mounted at
/rapports/remontees/ in the ``reporting`` namespace, see urls.py). A submission is addressed
by its random public id; the consolidation by the funder organisation, ``?annee=2022``."""

from django.urls import path

from . import views_provenance
from . import views_submissions as views

urlpatterns = [
    path("", views.submission_list, name="submissions"),
    path("service/<int:pk>/nouvelle/", views.submission_create, name="submission_create"),
    path("<uuid:pk>/", views.submission_page, name="submission"),
    path("<uuid:pk>/modele.xlsx", views.submission_xlsx, name="submission_xlsx"),
    path("<uuid:pk>/televerser/", views.submission_upload, name="submission_upload"),
    path("<uuid:pk>/decision/", views.submission_decide, name="submission_decide"),
    path("<uuid:pk>/deverrouiller/", views.submission_unlock, name="submission_unlock"),
    path("consolidation/<int:pk>/", views.consolidation_page, name="consolidation"),
    path(
        "consolidation/<int:pk>/consolidation.xlsx",
        views.consolidation_xlsx,
        name="consolidation_xlsx",
    ),
    path(
        "consolidation/<int:pk>/provenance/",
        views_provenance.consolidation_provenance_page,
        name="consolidation_provenance",
    ),
    path(
        "consolidation/<int:pk>/consolidation.csv",
        views.consolidation_csv,
        name="consolidation_csv",
    ),
]
