"""The service's partner directory, partnership actions and observations of the territory. Routes of the ``fieldwork`` namespace (see ../urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("partenaires/", views.partner_list, name="partner_list"),
    path("partenaires/nouveau/", views.partner_create, name="partner_create"),
    path("partenaires/<int:pk>/modifier/", views.partner_edit, name="partner_edit"),
    path("partenaires/actions/nouvelle/", views.partnership_create, name="partnership_create"),
    path(
        "partenaires/actions/<int:pk>/modifier/",
        views.partnership_edit,
        name="partnership_edit",
    ),
    path("observations/", views.observation_list, name="observation_list"),
    path("observations/nouvelle/", views.observation_create, name="observation_create"),
    path("observations/<int:pk>/modifier/", views.observation_edit, name="observation_edit"),
]
