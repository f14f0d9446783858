from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("", views.organisation_list, name="organisations"),
    path("<int:pk>/", views.organisation_detail, name="organisation"),
    path("services/", views.service_list, name="services"),
    path("services/<int:pk>/", views.service_detail, name="service"),
    path("territoires/", views.territory_list, name="territories"),
]
