from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "reperes.people"
    verbose_name = "Personnel et effectifs"

    def ready(self) -> None:
        from reperes.partners import pages

        from . import partner_pages

        pages.on_service_page(partner_pages.service_staffing)
