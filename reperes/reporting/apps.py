from django.apps import AppConfig


class ReportingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reperes.reporting"
    verbose_name = "Rapports et consolidation"
