"""Routes of the report model editor (mounted at /rapports/modeles/ in the ``reporting``
namespace, see urls.py). A composed model is addressed by its number, a library model by its
code."""

from django.urls import path

from . import views_models as views

urlpatterns = [
    path("", views.model_list, name="models"),
    path("nouveau/", views.model_create, name="model_create"),
    path("copier/", views.model_copy, name="model_copy"),
    path("bibliotheque/<slug:pk>/", views.library_model, name="model_library"),
    path("<int:pk>/", views.model_page, name="model"),
    path("<int:pk>/modifier/", views.model_edit, name="model_edit"),
    path("<int:pk>/apercu/", views.model_preview, name="model_preview"),
    path("<int:pk>/enregistrer/", views.model_save_version, name="model_save_version"),
    path("<int:pk>/partage/", views.model_share, name="model_share"),
]
