from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "reperes.core"
    verbose_name = "Socle"
