"""The weekly time grid. Routes of the ``fieldwork`` namespace (see ../urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("temps/", views.time_week, name="time_week"),
]
