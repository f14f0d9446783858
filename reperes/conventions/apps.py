from django.apps import AppConfig


class ConventionsConfig(AppConfig):
    name = "reperes.conventions"
    verbose_name = "Conventions"
