from django.apps import AppConfig


class HelpConfig(AppConfig):
    name = "reperes.help"
    label = "help"
    verbose_name = "Aide"
