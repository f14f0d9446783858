from django.contrib.auth import views as auth_views
from django.urls import path

from . import second_factor, views

app_name = "accounts"
urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("profil/", views.profile, name="profile"),
    path("second-facteur/", second_factor.setup, name="second_factor_setup"),
    path("second-facteur/verification/", second_factor.verify, name="second_factor_verify"),
]
