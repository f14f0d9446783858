from django.apps import AppConfig


class ConventionsConfig(AppConfig):
    name = "reperes.conventions"
    verbose_name = "Conventions"

    def ready(self) -> None:
        from reperes.partners import pages

        from . import partner_pages

        pages.on_organisation_page(partner_pages.organisation_conventions)
        pages.on_service_page(partner_pages.service_conventions)
