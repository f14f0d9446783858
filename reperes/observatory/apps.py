from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reperes.observatory"
    verbose_name = "Observatoire de données sociales"
