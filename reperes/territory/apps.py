from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "reperes.territory"
    verbose_name = "Territoire : fiches-actions, diagnostic local, données ouvertes"

    def ready(self) -> None:
        # The comité de pilotage's agenda lists the year's fiches-actions (governance asks its
        # registered providers; governance never imports this app).
        from reperes.governance import agenda

        from .agenda import sheets_on_agenda

        agenda.register(sheets_on_agenda)
