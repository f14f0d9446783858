"""The observatory of the Metz protocol (seed 003, fiche « Observatoire de données sociales »):
six IRIS of Metz with their populations, two series and a commented dashboard.

Everything here is synthetic: the IRIS names and contours are demonstration geometry (a grid
around the centre of Metz, **not** the official IGN / INSEE contours), and the figures are
invented. Two IRIS count fewer than 100 allocataires, so that the demo shows the merge; some
cells are under 5, so that it shows the withheld cells. Loaded through the same import actions
as a partner's files, so that loading twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from reperes.conventions.models import Convention
from reperes.observatory import actions
from reperes.observatory.enums import ValueKind, ZoneLevel
from reperes.observatory.models import Dashboard, DashboardItem, Series
from reperes.partners.models import Organisation

DATA = Path(__file__).resolve().parent.parent / "data" / "observatory"
CONTOURS = DATA / "metz_iris_demo.geojson"
CONTOUR_SOURCE = "Géométrie de démonstration, non officielle (grille autour du centre de Metz)"
CONVENTION = "Metz — protocole global CAF / Ville / CCAS"
PUBLISHER = "Caisse d'allocations familiales de la Moselle"

# The partner's files, as it would send them (invented figures): zones.csv (niveau ; code ; nom ;
# commune ; année ; population ; allocataires), then one file of values by series (code ; année ;
# valeur, and ; effectif for a rate).
ZONES = (DATA / "zones.csv").read_text(encoding="utf-8")
RSA = (DATA / "rsa.csv").read_text(encoding="utf-8")
SINGLE_PARENTS = (DATA / "familles_monoparentales.csv").read_text(encoding="utf-8")


def load() -> None:
    convention = Convention.objects.filter(short_title=CONVENTION).first()
    publisher = Organisation.objects.filter(name=PUBLISHER).first()
    if convention is None or publisher is None:
        return  # the Metz protocol is not in this demo
    actions.import_zones("zones.csv", ZONES.encode("utf-8"))
    actions.import_contours(CONTOURS.read_bytes(), ZoneLevel.IRIS, CONTOUR_SOURCE)
    specs = [
        (
            "Allocataires du RSA",
            "Foyers allocataires percevant le revenu de solidarité active au 31 décembre.",
            "allocataires",
            ValueKind.COUNT,
            RSA,
            "Le RSA se concentre à Borny et à la Patrotte ; les IRIS de moins de 100 "
            "allocataires sont regroupés (secret statistique).",
        ),
        (
            "Part des familles monoparentales",
            "Familles monoparentales parmi les allocataires avec enfant(s), en %.",
            "%",
            ValueKind.RATE,
            SINGLE_PARENTS,
            "Une famille allocataire sur trois est monoparentale dans les quartiers prioritaires.",
        ),
    ]
    dashboard, _ = Dashboard.objects.get_or_create(
        convention=convention,
        publisher=publisher,
        title="Observatoire social de Metz — IRIS (démonstration)",
        defaults={
            "comment": "Tableau de bord de démonstration du protocole global : chiffres "
            "inventés, contours de démonstration non officiels."
        },
    )
    for position, (name, definition, unit, kind, values, comment) in enumerate(specs):
        series, _ = Series.objects.get_or_create(
            convention=convention,
            publisher=publisher,
            name=name,
            level=ZoneLevel.IRIS,
            defaults={
                "definition": definition,
                "source": "CAF de la Moselle — données de démonstration (inventées)",
                "unit": unit,
                "kind": kind,
            },
        )
        actions.import_values(series, "valeurs.csv", values.encode("utf-8"))
        DashboardItem.objects.get_or_create(
            dashboard=dashboard,
            series=series,
            defaults={"position": position, "comment": comment, "map_year": 2023},
        )
