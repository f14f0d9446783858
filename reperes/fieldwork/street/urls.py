"""The educator's home screen and street sessions (seed 000 annex 1). Routes of the ``fieldwork`` namespace (see ../urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("seances/", views.session_list, name="session_list"),
    path("seances/nouvelle/", views.session_create, name="session_create"),
    path("seances/<int:pk>/modifier/", views.session_edit, name="session_edit"),
    path("seances/<int:pk>/supprimer/", views.session_delete, name="session_delete"),
]
