from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "reperes.governance"
    verbose_name = "Instances et réunions"
