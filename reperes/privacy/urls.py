"""The privacy desk: the register of processing, incidents, rights requests (BRIEF §10)."""

from django.urls import path  # noqa: F401  (routes are added by each part of the desk)

app_name = "privacy"
urlpatterns: list = []
