"""Personal data breaches, under ``/donnees-personnelles/violations/``: an incident is declared,
notified to the funders and closed here, by number; the funders' agents read the notifications
they received."""

from django.urls import path

from . import views_breaches as views

urlpatterns = [
    path("", views.breach_list, name="breach_list"),
    path("declarer/", views.breach_declare, name="breach_declare"),
    path("<int:pk>/", views.breach_detail, name="breach_detail"),
    path("<int:pk>/notifier/", views.breach_notify, name="breach_notify"),
    path("<int:pk>/lettre/", views.breach_letter, name="breach_letter"),
    path("<int:pk>/cloture/", views.breach_close, name="breach_close"),
    path("notifications-recues/", views.notifications_received, name="breach_received"),
]
