"""The end of a convention (``fin-de-convention/``): requests, restitution, destruction, proof."""

from django.urls import path

from . import views_destruction as views

urlpatterns: list = [
    path("", views.destruction_list, name="destruction_list"),
    path("preuves-recues/", views.destruction_received, name="destruction_received"),
    path("<int:pk>/", views.destruction_detail, name="destruction_detail"),
    path("<int:pk>/restitution/", views.destruction_return, name="destruction_return"),
    path("<int:pk>/restitution.json", views.destruction_export, name="destruction_export"),
    path("<int:pk>/realiser/", views.destruction_perform, name="destruction_perform"),
    path("<int:pk>/preuve/", views.destruction_proof, name="destruction_proof"),
    path("<int:pk>/preuve.pdf", views.destruction_proof_pdf, name="destruction_proof_pdf"),
    path("<int:pk>/envoyer/", views.destruction_send, name="destruction_send"),
]
