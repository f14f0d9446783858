"""Personnel et effectifs: staffing table, staff register, prior approvals, documents."""

from django.urls import include, path

from . import views

app_name = "people"

# One service's staffing, under service/<int:pk>/.
service_patterns = [
    path("", views.service_staffing, name="service"),
    path("tableau/", views.staffing_set, name="staffing_set"),
    path("registre/ajouter/", views.staff_add, name="staff_add"),
    path("demandes/nouvelle/", views.request_add, name="request_add"),
    path("documents/deposer/", views.document_add, name="document_add"),
]

# The decision on a prior-approval request, under demande/<int:pk>/decision/.
decision_patterns = [
    path("", views.request_decide, name="request_decide"),
    path("telecharger/", views.request_decision_file, name="request_decision_file"),
]

urlpatterns = [
    path("", views.service_list, name="list"),
    path("service/<int:pk>/", include(service_patterns)),
    path("personne/<uuid:pk>/modifier/", views.staff_edit, name="staff_edit"),
    path("personne/<uuid:pk>/depart/", views.staff_close, name="staff_close"),
    path("demande/<int:pk>/decision/", include(decision_patterns)),
    path("document/<int:pk>/telecharger/", views.document_file, name="document_file"),
]
