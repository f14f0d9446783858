"""Routes of the reports (mounted at /rapports/ in the ``reporting`` namespace, see urls.py).

A report is opened on a service; the model and the period are query parameters
(``?modele=bilan-annuel&periode=2024``) so that every format has the same address but its
suffix.
"""

from django.urls import path

from . import views_provenance, views_publication_files, views_publications
from . import views_reports as views

urlpatterns = [
    path("", views.home, name="home"),
    path("service/<int:pk>/", views.report_page, name="report"),
    path("service/<int:pk>/parties-redigees/", views.report_narratives, name="report_narratives"),
    path("service/<int:pk>/publier/", views_publications.report_publish, name="report_publish"),
    path("service/<int:pk>/provenance/", views_provenance.provenance_page, name="provenance"),
    path("service/<int:pk>/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("service/<int:pk>/rapport.xlsx", views.report_xlsx, name="report_xlsx"),
    path("service/<int:pk>/rapport.ods", views.report_ods, name="report_ods"),
    path("service/<int:pk>/rapport.csv", views.report_csv, name="report_csv"),
    # Where the PDF or XLSX of a publication stands while the task worker makes it.
    path("service/<int:pk>/fichier/", views_publication_files.file_status, name="report_file"),
]
