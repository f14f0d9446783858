"""Every commune the seeds name, with its official INSEE code.

Verified against the official list (Etalab « découpage administratif » 6.0.0); from the
project root, this prints OK when every code and name below is a current commune:

    (cd /tmp && npm install @etalab/decoupage-administratif)
    .venv/bin/python -c "from reperes.demo.seeds.communes import verify; \\
        verify('/tmp/node_modules/@etalab/decoupage-administratif/data/communes.json')"

(the package is a verification tool only: it is not a dependency of the project). Names are the
official ones; where a seed spells a commune differently, the seed's spelling is noted.
"""

import json
from pathlib import Path

from reperes.demo.spec import CommuneSpec

# Seed 000 — Meurthe-et-Moselle, « territoire de Longwy » (art. 2, « Pour l'Association »).
HERSERANGE = CommuneSpec("54261", "Herserange", "54")
LONGWY = CommuneSpec("54323", "Longwy", "54")
MONT_SAINT_MARTIN = CommuneSpec("54382", "Mont-Saint-Martin", "54")

# Seed 001 — Pas-de-Calais, table of the deliberation n° 2023-601 (art. 2).
ARRAS = CommuneSpec("62041", "Arras", "62")
BRUAY_LA_BUISSIERE = CommuneSpec(
    "62178", "Bruay-la-Buissière", "62"
)  # seed: « Bruay-La-Buissière »
HOUDAIN = CommuneSpec("62457", "Houdain", "62")
BOULOGNE_SUR_MER = CommuneSpec("62160", "Boulogne-sur-Mer", "62")  # seed: « Boulogne-Sur-Mer »
SAINT_MARTIN_BOULOGNE = CommuneSpec("62758", "Saint-Martin-Boulogne", "62")
CALAIS = CommuneSpec("62193", "Calais", "62")
ETAPLES = CommuneSpec("62318", "Étaples", "62")  # seed: « Etaples-Sur-Mer » (usual name)
BILLY_MONTIGNY = CommuneSpec("62133", "Billy-Montigny", "62")
HARNES = CommuneSpec("62413", "Harnes", "62")
SALLAUMINES = CommuneSpec("62771", "Sallaumines", "62")
LIEVIN = CommuneSpec("62510", "Liévin", "62")
LOOS_EN_GOHELLE = CommuneSpec("62528", "Loos-en-Gohelle", "62")  # seed: « Loos-En-Gohelle »
CARVIN = CommuneSpec("62215", "Carvin", "62")
COURRIERES = CommuneSpec("62250", "Courrières", "62")
LIBERCOURT = CommuneSpec("62907", "Libercourt", "62")
OIGNIES = CommuneSpec("62637", "Oignies", "62")

# Seed 002 — Côte-d'Or, Dijon Métropole and the four CCAS + Caisse des écoles.
DIJON = CommuneSpec("21231", "Dijon", "21")
CHENOVE = CommuneSpec("21166", "Chenôve", "21")  # seed preamble also writes « Chenôte »
LONGVIC = CommuneSpec("21355", "Longvic", "21")
QUETIGNY = CommuneSpec("21515", "Quetigny", "21")
TALANT = CommuneSpec("21617", "Talant", "21")

# Seed 003 — Moselle.
METZ = CommuneSpec("57463", "Metz", "57")

# Seed 004 — Drôme.
MONTELIMAR = CommuneSpec("26198", "Montélimar", "26")

ALL = (
    HERSERANGE, LONGWY, MONT_SAINT_MARTIN,
    ARRAS, BRUAY_LA_BUISSIERE, HOUDAIN, BOULOGNE_SUR_MER, SAINT_MARTIN_BOULOGNE, CALAIS,
    ETAPLES, BILLY_MONTIGNY, HARNES, SALLAUMINES, LIEVIN, LOOS_EN_GOHELLE, CARVIN,
    COURRIERES, LIBERCOURT, OIGNIES,
    DIJON, CHENOVE, LONGVIC, QUETIGNY, TALANT,
    METZ,
    MONTELIMAR,
)  # fmt: skip


def verify(path: str) -> None:
    """Compare ``ALL`` with the official list; print the mismatches, or OK."""
    official = {
        c["code"]: c["nom"]
        for c in json.loads(Path(path).read_text(encoding="utf-8"))
        if c["type"] == "commune-actuelle"
    }
    wrong = [c for c in ALL if official.get(c.insee_code) != c.name]
    print(wrong or "OK")  # noqa: T201
