from django.apps import AppConfig


class MoneyConfig(AppConfig):
    name = "reperes.money"
    verbose_name = "Financements et versements"
