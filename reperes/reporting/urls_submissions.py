"""Routes of the aggregate submissions and of the funder's consolidation (mounted at
/rapports/remontees/ in the ``reporting`` namespace, see urls.py). A submission is addressed
by its random public id; the consolidation by the funder organisation, ``?annee=2022``."""

from django.urls import include, path

from . import views_provenance
from . import views_submissions as views

# One submission, under <uuid:pk>/.
submission_patterns = [
    path("", views.submission_page, name="submission"),
    path("modele.xlsx", views.submission_xlsx, name="submission_xlsx"),
    path("televerser/", views.submission_upload, name="submission_upload"),
    path("decision/", views.submission_decide, name="submission_decide"),
    path("deverrouiller/", views.submission_unlock, name="submission_unlock"),
]

# A funder's consolidation, under consolidation/<int:pk>/.
consolidation_patterns = [
    path("", views.consolidation_page, name="consolidation"),
    path("consolidation.xlsx", views.consolidation_xlsx, name="consolidation_xlsx"),
    path(
        "provenance/",
        views_provenance.consolidation_provenance_page,
        name="consolidation_provenance",
    ),
    path("consolidation.csv", views.consolidation_csv, name="consolidation_csv"),
]

urlpatterns = [
    path("", views.submission_list, name="submissions"),
    path("service/<int:pk>/nouvelle/", views.submission_create, name="submission_create"),
    path("<uuid:pk>/", include(submission_patterns)),
    path("consolidation/<int:pk>/", include(consolidation_patterns)),
]
