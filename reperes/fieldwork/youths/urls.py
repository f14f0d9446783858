"""Youths, accompaniments, families and the service's lists, under /terrain/jeunes/.

Every record is addressed by its random ``public_id`` (``<uuid:pk>``), never by a sequential id.
Route names say what the ``pk`` is: ``youth_*`` a youth, ``accompaniment_*`` and
``intervention_*`` an accompaniment, ``family_*`` a family (tests/fieldwork/youths/test_access_log.py
relies on it to walk every route that opens a youth record).
"""

from django.urls import include, path

from . import views, views_accompaniments, views_families

# One youth's record, under <uuid:pk>/.
youth_patterns = [
    path("", views.youth_detail, name="youth_detail"),
    path("modifier/", views.youth_edit, name="youth_edit"),
    path("identite/", views.youth_identity, name="youth_identity"),
    path("identite/modifier/", views.youth_identity_edit, name="youth_identity_edit"),
    path("identite/effacer/", views.youth_identity_erase, name="youth_identity_erase"),
    path(
        "accompagnements/nouveau/",
        views_accompaniments.accompaniment_create,
        name="youth_accompaniment_create",
    ),
]

# One accompaniment, under accompagnements/<uuid:pk>/.
accompaniment_patterns = [
    path("", views_accompaniments.accompaniment_detail, name="accompaniment_detail"),
    path("modifier/", views_accompaniments.accompaniment_edit, name="accompaniment_edit"),
    path("terminer/", views_accompaniments.accompaniment_close, name="accompaniment_close"),
    path("interventions/ajouter/", views_accompaniments.intervention_add, name="intervention_add"),
]

# One family, under familles/<uuid:pk>/.
family_patterns = [
    path("", views_families.family_detail, name="family_detail"),
    path("modifier/", views_families.family_edit, name="family_edit"),
    path("rattacher/", views_families.family_link, name="family_link"),
]

urlpatterns = [
    path("", views.youth_list, name="youth_list"),
    path("nouveau/", views.youth_create, name="youth_create"),
    path("<uuid:pk>/", include(youth_patterns)),
    path("accompagnements/", views_accompaniments.accompaniment_list, name="accompaniment_list"),
    path("accompagnements/<uuid:pk>/", include(accompaniment_patterns)),
    path("familles/", views_families.family_list, name="family_list"),
    path("familles/nouvelle/", views_families.family_create, name="family_create"),
    path("familles/<uuid:pk>/", include(family_patterns)),
    path("listes/", views_families.lists_config, name="lists"),
]
