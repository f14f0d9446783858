"""``manage.py load_demo``: the five seed conventions and the demo accounts, idempotently."""

from __future__ import annotations

import importlib
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reperes.demo import accounts, build
from reperes.demo.loader import DemoError, load_demo
from reperes.privacy.destruction import detect as detect_ended_conventions


def _load_app_demos() -> None:
    for name in build.ORDER:
        importlib.import_module(f"reperes.demo.build.{name}").load()


class Command(BaseCommand):
    help = (
        "Charge les cinq conventions de démonstration (sources publiques) et les comptes fictifs. "
        "Peut être relancée : ce qui existe déjà n'est pas dupliqué."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_ALLOWED:
            raise CommandError(
                "La démonstration est désactivée sur cette installation (REPERES_DEMO) : "
                "aucune donnée n'a été chargée."
            )
        try:
            with transaction.atomic():
                report = load_demo()
                _load_app_demos()
                # The conventions ended by today without a successor get their request of
                # destruction, as the daily job would. The demo is laid relative to today
                # (reperes.demo.timeline): its main conventions are in force, only those the
                # source ended long ago (Dijon, 2017, which binds no service) have ended.
                ended = detect_ended_conventions(notify=False)
        except DemoError as error:
            raise CommandError(str(error)) from error

        if report.changed:
            self.stdout.write(self.style.SUCCESS("Démonstration chargée :"))
            for line in report.lines():
                self.stdout.write(f"  {line}")
        else:
            self.stdout.write(self.style.SUCCESS("Démonstration déjà à jour : rien à modifier."))
        for destruction in ended:
            self.stdout.write(
                f"  Fin de convention sans successeur : {destruction.service.name}, "
                f"demande de restitution ou de destruction des données ouverte."
            )

        self.stdout.write("")
        self.stdout.write(f"Comptes de démonstration (mot de passe : {accounts.PASSWORD}) :")
        for account in accounts.ACCOUNTS:
            where = account.service or account.organisation
            self.stdout.write(
                f"  {account.email:<48} {account.full_name:<18} {account.role_label} — {where}"
            )
