"""``manage.py generate_fieldwork --service <id or name> --year 2026 --youths 300 --seed 42``:
one year of obviously synthetic field work for a service (demo, benchmarks).

Refused where the demo is not allowed (production). A year is added beside the service's
other years, which stay as they are; a year the service already has activity in is left alone
(running the same command twice writes nothing the second time), unless ``--replace`` says to
delete all the service's field records first. One transaction: on any error nothing is written.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from reperes.fieldwork import synthetic
from reperes.fieldwork.synthetic_tables import GenerationError
from reperes.partners.models import Service


def _service(value: str) -> Service:
    service = Service.objects.filter(name=value).first()
    if service is None and value.isdigit():
        service = Service.objects.filter(pk=int(value)).first()
    if service is None:
        raise CommandError(f"Aucun service « {value} » (nom exact ou identifiant numérique).")
    return service


def _share(value: str) -> float:
    share = float(value)
    if not 0 <= share <= 1:
        raise ValueError(value)
    return share


class Command(BaseCommand):
    help = (
        "Génère une année de données de terrain fictives pour un service (démonstration, "
        "mesures de performance). Même graine, mêmes données."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--service", required=True, help="Nom exact ou identifiant.")
        parser.add_argument("--year", type=int, required=True, help="Année, ex. 2026.")
        parser.add_argument("--youths", type=int, default=300, help="Nombre de jeunes.")
        parser.add_argument(
            "--seed", type=int, default=42, help="Graine (même graine, mêmes données)."
        )
        parser.add_argument(
            "--interventions", type=int, default=None, help="Nombre total d'interventions."
        )
        parser.add_argument(
            "--identities-share",
            type=_share,
            default=0.1,
            help="Part des jeunes dont l'identité (fictive) est saisie avec accord, de 0 à 1.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Efface d'abord TOUTES les données de terrain du service (jeunes, "
            "accompagnements, séances, actions, temps…, toutes années). Sans cette option, "
            "l'année s'ajoute aux autres, et une année déjà présente n'est pas réécrite.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_ALLOWED:
            raise CommandError(
                "Les données fictives sont désactivées sur cette installation (REPERES_DEMO) : "
                "rien n'a été écrit."
            )
        if options["youths"] < 1:
            raise CommandError("--youths doit être un entier positif.")
        service, year = _service(options["service"]), options["year"]
        try:
            with transaction.atomic():
                if options["replace"]:
                    cleared = synthetic.clear(service)
                    self.stdout.write("Effacé : " + ", ".join(cleared.lines()))
                elif synthetic.has_year_records(service, year):
                    self.stdout.write(
                        f"Le service « {service} » a déjà des données de terrain en {year} : "
                        "rien n'a été écrit (--replace efface toutes ses données de terrain "
                        "et régénère cette année)."
                    )
                    return
                summary = synthetic.generate(
                    service,
                    year=year,
                    youths=options["youths"],
                    seed=options["seed"],
                    interventions=options["interventions"],
                    identities_share=options["identities_share"],
                )
        except GenerationError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Données fictives générées pour « {service} » :"))
        for line in summary.lines():
            self.stdout.write(f"  {line}")
