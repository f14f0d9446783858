"""The retention page and legal holds, under ``/donnees-personnelles/conservation/``; a hold is
put on a record addressed by its random ``public_id``."""

from django.urls import path

from . import views_retention as views

urlpatterns = [
    path("", views.retention_page, name="retention"),
    path("geler/<uuid:pk>/", views.retention_hold, name="retention_hold"),
    path("gels/<int:pk>/lever/", views.retention_lift, name="retention_lift"),
]
