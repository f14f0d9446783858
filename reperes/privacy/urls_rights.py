"""The register of rights requests, under ``/protection-des-donnees/demandes/``; a request is
addressed by its random ``public_id``."""

from django.urls import path

from . import views_rights as views

urlpatterns = [
    path("", views.rights_list, name="rights_list"),
    path("nouvelle/", views.rights_new, name="rights_new"),
    path("<uuid:pk>/", views.rights_detail, name="rights_detail"),
    path("<uuid:pk>/prolonger/", views.rights_extend, name="rights_extend"),
    path("<uuid:pk>/decision/", views.rights_decide, name="rights_decide"),
    path("<uuid:pk>/envoi/", views.rights_sent, name="rights_sent"),
    path("<uuid:pk>/lettre/", views.rights_letter, name="rights_letter"),
    path("<uuid:pk>/donnees/", views.rights_export, name="rights_export"),
    path("<uuid:pk>/effacement/", views.rights_erase, name="rights_erase"),
    path("<uuid:pk>/certificat/", views.rights_certificate, name="rights_certificate"),
]
