from django.urls import path

from . import views
from .content import ROLES

app_name = "help"
urlpatterns = [
    path("", views.index, name="index"),
    path("glossaire/", views.glossary, name="glossary"),
    path("indicateurs/", views.indicators, name="indicators"),
    # One page per role (/aide/educateur/, /aide/direction/…), each readable by every signed-in
    # account: a director reads what their educators are asked to do.
    *(
        path(f"{role.slug}/", views.role_page, {"slug": role.slug}, name=role.slug)
        for role in ROLES
    ),
]
