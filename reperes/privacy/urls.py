"""The privacy desk: the register of processing, incidents, rights requests (BRIEF §10)."""

from django.urls import include, path

from . import views_breaches, views_desk, views_register

app_name = "privacy"
urlpatterns: list = [
    path("", views_desk.desk, name="desk"),
    path("violations/", views_breaches.breach_list, name="breach_list"),
    path("violations/declarer/", views_breaches.breach_declare, name="breach_declare"),
    path("violations/<int:pk>/", views_breaches.breach_detail, name="breach_detail"),
    path("violations/<int:pk>/notifier/", views_breaches.breach_notify, name="breach_notify"),
    path("violations/<int:pk>/lettre/", views_breaches.breach_letter, name="breach_letter"),
    path("violations/<int:pk>/cloture/", views_breaches.breach_close, name="breach_close"),
    path(
        "violations/notifications-recues/",
        views_breaches.notifications_received,
        name="breach_received",
    ),
    path("demandes/", include("reperes.privacy.urls_rights")),
    path("fin-de-convention/", include("reperes.privacy.urls_destruction")),
    path("conservation/", include("reperes.privacy.urls_retention")),
    path("registre/", views_register.register_page, name="register"),
    path("registre.pdf", views_register.register_pdf, name="register_pdf"),
    path("aipd/", views_register.dpia_page, name="dpia"),
    path("aipd.pdf", views_register.dpia_pdf, name="dpia_pdf"),
    path("aipd/completer/", views_register.dpia_complete, name="dpia_complete"),
]
