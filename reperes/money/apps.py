from django.apps import AppConfig


class MoneyConfig(AppConfig):
    name = "reperes.money"
    verbose_name = "Financements et versements"

    def ready(self) -> None:
        from reperes.conventions import preview
        from reperes.people import terms

        from . import convention_preview, people_terms, setup

        terms.presence_counts_under(people_terms.prorated_on_presence)
        preview.payments_from(convention_preview.planned_payments)
        setup.register()
