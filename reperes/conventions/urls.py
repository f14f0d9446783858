from django.urls import URLPattern, URLResolver, include, path

from . import views, views_clauses, views_consent, views_import, views_setup

app_name = "conventions"

# The guided set-up of a convention (views_setup), one step a page, under
# <int:pk>/mise-en-place/.
setup_steps = [
    path("parties/", views_setup.setup_parties, name="setup_parties"),
    path("periode/", views_setup.setup_terms, name="setup_terms"),
    path("financement/", views_setup.setup_money, name="setup_money"),
    path("clauses/", views_setup.setup_clauses, name="setup_clauses"),
    path("instances/", views_setup.setup_bodies, name="setup_bodies"),
    path("rapports/", views_setup.setup_reports, name="setup_reports"),
]

# One convention's pages, under <int:pk>/.
convention_patterns: list[URLPattern | URLResolver] = [
    path("", views.convention_detail, name="detail"),
    path("avenant/", views.convention_amend, name="amend"),
    path("signature/", views.convention_sign, name="sign"),
    path("evenement/", views.convention_event, name="event"),
    path("accord-operateur/", views_consent.convention_decide, name="decide"),
    path("document/", views.convention_upload, name="upload"),
    path("document/telecharger/", views.convention_document, name="document"),
    # Clauses: by amendment once signed or accepted, in place while a draft (views_clauses).
    path("clauses/avenant/", views_clauses.clause_amend, name="clause_amend"),
    path("clauses/projet/", views_clauses.clause_edit, name="clause_edit"),
    path("mise-en-place/", include(setup_steps)),
    path("apercu/", views_setup.setup_preview, name="setup_preview"),
]

urlpatterns = [
    path("", views.convention_list, name="list"),
    path("nouvelle/", views.convention_create, name="create"),
    path("<int:pk>/", include(convention_patterns)),
    path(
        "avenants/<int:pk>/accord-operateur/",
        views_consent.amendment_decide,
        name="amendment_decide",
    ),
    path("types/<int:pk>/", views.template_detail, name="template"),
    path("types/<int:pk>/decliner/", views.template_instantiate, name="instantiate"),
    # Many conventions with their clauses from a workbook (views_import).
    path("import/", views_import.import_conventions, name="import"),
    path("import/modele.xlsx", views_import.import_template, name="import_template"),
    path("mise-en-place/", views_setup.setup_start, name="setup_start"),
]
