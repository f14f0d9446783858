"""The privacy desk: the register of processing, incidents, rights requests (BRIEF §10)."""

from django.urls import include, path

from . import views_desk, views_register

app_name = "privacy"
urlpatterns: list = [
    path("", views_desk.desk, name="desk"),
    path("violations/", include("reperes.privacy.urls_breaches")),
    path("demandes/", include("reperes.privacy.urls_rights")),
    path("fin-de-convention/", include("reperes.privacy.urls_destruction")),
    path("conservation/", include("reperes.privacy.urls_retention")),
    path("registre/", views_register.register_page, name="register"),
    path("registre.pdf", views_register.register_pdf, name="register_pdf"),
    path("aipd/", views_register.dpia_page, name="dpia"),
    path("aipd.pdf", views_register.dpia_pdf, name="dpia_pdf"),
    path("aipd/completer/", views_register.dpia_complete, name="dpia_complete"),
]
