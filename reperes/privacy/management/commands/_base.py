"""What the privacy commands share (a module whose name starts with ``_`` is no command):
their options declared as data, and the reminder jobs."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from django.core.management.base import BaseCommand, CommandParser


def required_path(help: str) -> dict[str, Any]:
    """An option naming a file or a folder, which the command cannot do without."""
    return {"required": True, "type": Path, "help": help}


def flag(help: str) -> dict[str, Any]:
    """An option without a value: present or not."""
    return {"action": "store_true", "help": help}


class OptionsCommand(BaseCommand):
    """A command whose ``arguments`` map each option to the keywords of ``add_argument``."""

    arguments: ClassVar[Mapping[str, Mapping[str, Any]]] = {}

    def add_arguments(self, parser: CommandParser) -> None:
        for name, keywords in self.arguments.items():
            parser.add_argument(name, **keywords)


class RemindersCommand(BaseCommand):
    """A reminder job (cron or systemd timer): sends the reminders due and says how many."""

    def send(self) -> int:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        sent = self.send()
        self.stdout.write(f"{sent} rappel(s) envoyé(s).")
