from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "reperes.deadlines"
    verbose_name = "Échéances et calendrier"
