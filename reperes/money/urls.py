"""Financements et versements."""

from django.urls import path

from . import views

app_name = "money"
urlpatterns = [
    path("convention/<int:pk>/", views.convention_money, name="convention"),
    path("convention/<int:pk>/taux/", views.evolution, name="evolution"),
    path("convention/<int:pk>/restitution/", views.restitution, name="restitution"),
    path("echeancier/<int:pk>/echeances/", views.generate, name="generate"),
    path("echeancier/<int:pk>/versement/", views.record_payment, name="payment"),
    path("echeancier/<int:pk>/appel-de-fonds/", views.call_create, name="call_create"),
    path("appel-de-fonds/<int:pk>/pdf/", views.call_pdf, name="call_pdf"),
    path("echeance/<int:pk>/avis-de-versement/", views.notice_pdf, name="notice_pdf"),
]
