from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "reperes.governance"
    verbose_name = "Instances et réunions"

    def ready(self) -> None:
        from reperes.conventions import clauses

        from . import convention_meetings, setup

        clauses.meetings_from(convention_meetings.meeting_days_by_body)
        setup.register()
