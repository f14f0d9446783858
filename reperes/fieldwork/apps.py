from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reperes.fieldwork"
    verbose_name = "Travail de terrain"

    def ready(self) -> None:
        from .changes import connect

        connect()
