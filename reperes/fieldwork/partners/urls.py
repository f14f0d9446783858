"""The service's partner directory, partnership actions and observations of the territory. Routes of the ``fieldwork`` namespace (see ../urls.py)."""

from django.urls import include, path

from . import views

# The partnership actions, under partenaires/actions/.
partnership_patterns = [
    path("nouvelle/", views.partnership_create, name="partnership_create"),
    path("<int:pk>/modifier/", views.partnership_edit, name="partnership_edit"),
]

urlpatterns = [
    path("partenaires/", views.partner_list, name="partner_list"),
    path("partenaires/nouveau/", views.partner_create, name="partner_create"),
    path("partenaires/<int:pk>/modifier/", views.partner_edit, name="partner_edit"),
    path("partenaires/actions/", include(partnership_patterns)),
    path("observations/", views.observation_list, name="observation_list"),
    path("observations/nouvelle/", views.observation_create, name="observation_create"),
    path("observations/<int:pk>/modifier/", views.observation_edit, name="observation_edit"),
]
