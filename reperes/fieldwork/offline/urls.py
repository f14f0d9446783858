"""A street session recorded without network, sent once the phone is back online. Routes of the ``fieldwork`` namespace (see ../urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("seances/hors-ligne/", views.offline_page, name="session_offline"),
    path("seances/synchroniser/", views.session_sync, name="session_sync"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
