"""Routes of the fieldwork namespace (see urls.py): the educator's home screen, street
sessions, the weekly time grid, collective actions, partners and observations."""

from django.urls import path

from . import views_offline
from . import views_street as views

urlpatterns = [
    path("", views.home, name="home"),
    path("seances/", views.session_list, name="session_list"),
    path("seances/nouvelle/", views.session_create, name="session_create"),
    path("seances/hors-ligne/", views_offline.offline_page, name="session_offline"),
    path("seances/synchroniser/", views_offline.session_sync, name="session_sync"),
    path("sw.js", views_offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", views_offline.manifest, name="manifest"),
    path("seances/<int:pk>/modifier/", views.session_edit, name="session_edit"),
    path("seances/<int:pk>/supprimer/", views.session_delete, name="session_delete"),
    path("temps/", views.time_week, name="time_week"),
    path("actions-collectives/", views.collective_list, name="collective_list"),
    path("actions-collectives/nouvelle/", views.collective_create, name="collective_create"),
    path("actions-collectives/<uuid:pk>/", views.collective_detail, name="collective_detail"),
    path("actions-collectives/<uuid:pk>/modifier/", views.collective_edit, name="collective_edit"),
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
