from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "reperes.demo"
    verbose_name = "Démonstration"
