"""Collective actions. Routes of the ``fieldwork`` namespace (see ../urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("actions-collectives/", views.collective_list, name="collective_list"),
    path("actions-collectives/nouvelle/", views.collective_create, name="collective_create"),
    path("actions-collectives/<uuid:pk>/", views.collective_detail, name="collective_detail"),
    path("actions-collectives/<uuid:pk>/modifier/", views.collective_edit, name="collective_edit"),
]
