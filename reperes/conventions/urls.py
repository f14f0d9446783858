from django.urls import path

from . import views, views_clauses, views_consent, views_import, views_setup

app_name = "conventions"
urlpatterns = [
    path("", views.convention_list, name="list"),
    path("nouvelle/", views.convention_create, name="create"),
    path("<int:pk>/", views.convention_detail, name="detail"),
    path("<int:pk>/avenant/", views.convention_amend, name="amend"),
    path("<int:pk>/signature/", views.convention_sign, name="sign"),
    path("<int:pk>/evenement/", views.convention_event, name="event"),
    path("<int:pk>/accord-operateur/", views_consent.convention_decide, name="decide"),
    path(
        "avenants/<int:pk>/accord-operateur/",
        views_consent.amendment_decide,
        name="amendment_decide",
    ),
    path("<int:pk>/document/", views.convention_upload, name="upload"),
    path("<int:pk>/document/telecharger/", views.convention_document, name="document"),
    path("types/<int:pk>/", views.template_detail, name="template"),
    path("types/<int:pk>/decliner/", views.template_instantiate, name="instantiate"),
    # Many conventions with their clauses from a workbook (views_import).
    path("import/", views_import.import_conventions, name="import"),
    path("import/modele.xlsx", views_import.import_template, name="import_template"),
    # Clauses: by amendment once signed or accepted, in place while a draft (views_clauses).
    path("<int:pk>/clauses/avenant/", views_clauses.clause_amend, name="clause_amend"),
    path("<int:pk>/clauses/projet/", views_clauses.clause_edit, name="clause_edit"),
    # The guided set-up of a convention (views_setup).
    path("mise-en-place/", views_setup.setup_start, name="setup_start"),
    path("<int:pk>/mise-en-place/parties/", views_setup.setup_parties, name="setup_parties"),
    path("<int:pk>/mise-en-place/periode/", views_setup.setup_terms, name="setup_terms"),
    path("<int:pk>/mise-en-place/financement/", views_setup.setup_money, name="setup_money"),
    path("<int:pk>/mise-en-place/clauses/", views_setup.setup_clauses, name="setup_clauses"),
    path("<int:pk>/mise-en-place/instances/", views_setup.setup_bodies, name="setup_bodies"),
    path("<int:pk>/mise-en-place/rapports/", views_setup.setup_reports, name="setup_reports"),
    path("<int:pk>/apercu/", views_setup.setup_preview, name="setup_preview"),
]
