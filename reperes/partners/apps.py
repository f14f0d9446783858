from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "reperes.partners"
    verbose_name = "Partenaires et territoires"
