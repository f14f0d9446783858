"""Personnel et effectifs: staffing table, staff register, prior approvals, documents."""

from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.service_list, name="list"),
    path("service/<int:pk>/", views.service_staffing, name="service"),
    path("service/<int:pk>/tableau/", views.staffing_set, name="staffing_set"),
    path("service/<int:pk>/registre/ajouter/", views.staff_add, name="staff_add"),
    path("service/<int:pk>/demandes/nouvelle/", views.request_add, name="request_add"),
    path("service/<int:pk>/documents/deposer/", views.document_add, name="document_add"),
    path("personne/<uuid:pk>/modifier/", views.staff_edit, name="staff_edit"),
    path("personne/<uuid:pk>/depart/", views.staff_close, name="staff_close"),
    path("demande/<int:pk>/decision/", views.request_decide, name="request_decide"),
    path(
        "demande/<int:pk>/decision/telecharger/",
        views.request_decision_file,
        name="request_decision_file",
    ),
    path("document/<int:pk>/telecharger/", views.document_file, name="document_file"),
]
