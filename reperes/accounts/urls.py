from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import oidc, second_factor, views

app_name = "accounts"

# The second factor, under second-facteur/: an account's own device, and the activation codes
# a service director or the platform administrator issues.
second_factor_patterns = [
    path("", second_factor.setup, name="second_factor_setup"),
    path("verification/", second_factor.verify, name="second_factor_verify"),
    path("activations/", views.activations, name="second_factor_activations"),
    path("activations/<int:pk>/", views.activation_issue, name="second_factor_activation_issue"),
]

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("connexion/fournisseur/", oidc.start, name="oidc_login"),
    path("connexion/fournisseur/retour/", oidc.callback, name="oidc_callback"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("profil/", views.profile, name="profile"),
    path("profil/mot-de-passe/", views.PasswordChangeView.as_view(), name="password_change"),
    path("profil/jetons/<int:pk>/revoquer/", views.token_revoke, name="token_revoke"),
    path("second-facteur/", include(second_factor_patterns)),
]
