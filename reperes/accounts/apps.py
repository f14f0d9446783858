from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "reperes.accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from . import checks  # noqa: F401
