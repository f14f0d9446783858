from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "reperes.people"
    verbose_name = "Personnel et effectifs"
