from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "reperes.privacy"
    verbose_name = "Protection des données"
