from django.apps import AppConfig


class ReportingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reperes.reporting"
    verbose_name = "Rapports et consolidation"

    def ready(self) -> None:
        from reperes.conventions import catalogue

        from . import figures_store
        from .report_models import MODELS

        catalogue.use_report_models(MODELS)
        figures_store.connect()
