"""Instances et réunions."""

from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("", views.body_list, name="list"),
    path("convention/<int:pk>/", views.convention_governance, name="convention"),
    path("convention/<int:pk>/nouvelle/", views.body_create, name="body_create"),
    path("<int:pk>/", views.body_detail, name="body"),
    path("<int:pk>/modifier/", views.body_update, name="body_update"),
    path("<int:pk>/planifier/", views.meeting_create, name="plan"),
    path("reunion/<uuid:pk>/", views.meeting_detail, name="meeting"),
    path("reunion/<uuid:pk>/agenda.ics", views.meeting_ics, name="ics"),
    path("reunion/<uuid:pk>/inviter/", views.meeting_invite, name="invite"),
    path("reunion/<uuid:pk>/presences/", views.meeting_attendance, name="attendance"),
    path("reunion/<uuid:pk>/compte-rendu/", views.meeting_minutes, name="minutes"),
    path("reunion/<uuid:pk>/compte-rendu/telecharger/", views.minutes_file, name="minutes_file"),
    path("reunion/<uuid:pk>/annuler/", views.meeting_cancel, name="cancel"),
    path("reunion/<uuid:pk>/documents/ajouter/", views.document_add, name="document_add"),
    path("document/<int:pk>/reception/", views.document_receive, name="document_receive"),
    path("document/<int:pk>/telecharger/", views.document_file, name="document_file"),
]
