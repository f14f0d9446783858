"""Give the application's PostgreSQL role its privileges when it does not own the tables: all
it needs on the application's tables, but neither UPDATE, DELETE nor TRUNCATE on the audit and
access logs — it purges them through ``reperes_purge_log`` only (``reperes.core.logs``).

Run it as the owner of the tables (the role that runs the migrations), after each migration:

    DATABASE_URL=postgres://owner@…/reperes manage.py grant_app_role reperes_app

``--print`` writes the statements instead of running them (for a DBA).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from reperes.core.logs import app_role_grants


class Command(BaseCommand):
    help = "Droits du rôle PostgreSQL de l'application : journaux en lecture et ajout seulement."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("role", help="rôle PostgreSQL de l'application")
        parser.add_argument("--print", action="store_true", help="afficher sans exécuter")

    def handle(self, *args: Any, role: str, **options: Any) -> None:
        statements = app_role_grants(role)
        if options["print"]:
            self.stdout.write(";\n".join(statements) + ";")
            return
        if connection.vendor != "postgresql":
            raise CommandError("Les droits par rôle ne concernent que PostgreSQL.")
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"Droits accordés au rôle {role} ; journaux en lecture et ajout seuls.")
