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

# niveau ; code ; nom ; commune ; année ; population ; allocataires (invented figures)
ZONES = """niveau;code;nom;commune;année;population;allocataires
commune;57463;Metz;;2022;118489;21350
commune;57463;Metz;;2023;119207;21480
iris;574630101;Centre — Cathédrale (démo);57463;2022;2410;410
iris;574630101;Centre — Cathédrale (démo);57463;2023;2398;402
iris;574630102;Centre — Gare (démo);57463;2022;1980;350
iris;574630102;Centre — Gare (démo);57463;2023;2011;361
iris;574630103;Sablon Nord (démo);57463;2022;620;62
iris;574630103;Sablon Nord (démo);57463;2023;615;58
iris;574630201;Borny Est (démo);57463;2022;3120;890
iris;574630201;Borny Est (démo);57463;2023;3160;905
iris;574630202;Borny Ouest (démo);57463;2022;540;71
iris;574630202;Borny Ouest (démo);57463;2023;555;74
iris;574630203;Patrotte (démo);57463;2022;2760;780
iris;574630203;Patrotte (démo);57463;2023;2790;796
"""

RSA = """code;année;valeur
574630101;2022;48
574630101;2023;51
574630102;2022;37
574630102;2023;3
574630103;2022;9
574630103;2023;11
574630201;2022;212
574630201;2023;224
574630202;2022;14
574630202;2023;12
574630203;2022;187
574630203;2023;2
"""

SINGLE_PARENTS = """code;année;valeur;effectif
574630101;2022;18,5;76
574630101;2023;19,2;77
574630102;2022;21,0;74
574630102;2023;20,4;4
574630103;2022;24,2;15
574630103;2023;25,9;15
574630201;2022;31,4;279
574630201;2023;32,0;290
574630202;2022;28,2;20
574630202;2023;27,0;20
574630203;2022;33,6;262
574630203;2023;34,1;271
"""


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
