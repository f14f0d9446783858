"""Import of a service's accompaniment table (seed 000 annex 2, « Outil d'évaluation des
accompagnements individualisés »: « ce tableau Excel », one row per accompaniment with the
typology of the public, the entry mode, the duration, the main problems and responses): the
columns of the table and what every stage of the import shares.

The import is pseudonymous: a youth is a code, never a name. Identity (name, first name,
address, phone — seed 001 art. 9) is only ever entered by hand, with the youth's consent, so a
file with an identity column is refused whole.

The stages, nothing written before the last: ``read.check_upload`` (the file itself: type,
size, zip bomb, macros, external links, formulas, headers, number of rows), ``rows`` (each row
mapped to values and checked, its errors in French), ``plan.build_plan`` (each row compared
with the database: created, updated, unchanged), ``write.apply_plan`` (everything in one
transaction, refused if any row has an error). Youths are found again by their code in the
service, accompaniments by ``import_key``, so importing the same file twice changes nothing
the second time."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date

from reperes.core.cells import Column
from reperes.fieldwork.enums import (
    Gender,
)
from reperes.fieldwork.youths.lists import choice_items_for
from reperes.fieldwork.youths.models import ChoiceItem
from reperes.partners.models import Service

MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_ENTRIES = 500
DATA_SHEET = "Accompagnements"
LISTS_SHEET = "Listes"
# Characters that make a spreadsheet cell a formula when the file is opened again
# (« injection de formule »); no column of the table starts with one of them.
FORMULA_PREFIXES = ("=", "+", "-", "@")
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$")


COLUMNS = (
    Column("code", "Code du jeune", True, "Code ou pseudonyme, avec au moins un chiffre"),
    Column("gender", "Genre", True, "F, G ou X (Fille, Garçon, Non précisé)"),
    Column("birth_year", "Année de naissance", help="Par exemple 2008"),
    Column("commune", "Commune", help="Nom ou code INSEE"),
    Column("quartier", "Quartier", help="Facultatif"),
    Column("situation", "Situation"),
    Column("started_on", "Date de début", True, "JJ/MM/AAAA"),
    Column("ended_on", "Date de fin", help="JJ/MM/AAAA, vide si en cours"),
    Column("entry_mode", "Mode d'entrée", True),
    Column("partner", "Partenaire orienteur", help="Facultatif"),
    Column("problems", "Problématiques", help="Séparées par « ; »"),
    Column("responses", "Réponses apportées", help="Séparées par « ; »"),
    Column("intensity", "Intensité"),
    Column("exit_reason", "Motif de fin", help="Obligatoire si une date de fin est saisie"),
)
HEADERS = {c.header: c for c in COLUMNS}
# Headers that announce nominative data (seed 001 art. 9) — refused whole, never read.
IDENTITY_WORDS = re.compile(
    r"\b(nom|noms|prenom|prenoms|adresse|telephone|tel|portable|mobile|courriel|mail|e-mail"
    r"|email|ne le|nee le|date de naissance|jour de naissance|lieu de naissance|nir|secu)\b"
)
GENDERS = {
    "f": Gender.GIRL,
    "fille": Gender.GIRL,
    "g": Gender.BOY,
    "garcon": Gender.BOY,
    "x": Gender.UNSTATED,
    "non precise": Gender.UNSTATED,
}
# The fields of a youth that a row sets; the row's code finds the youth again.
IMPORTED_YOUTH_FIELDS = ("gender", "birth_year", "commune_id", "quartier_id", "situation")
ACCOMPANIMENT_FIELDS = (
    "ended_on",
    "entry_mode",
    "orienting_partner_id",
    "intensity",
    "exit_reason",
)
FIELD_LABELS = {
    "gender": "genre",
    "birth_year": "année de naissance",
    "commune_id": "commune",
    "quartier_id": "quartier",
    "situation": "situation",
    "ended_on": "date de fin",
    "entry_mode": "mode d'entrée",
    "orienting_partner_id": "partenaire orienteur",
    "intensity": "intensité",
    "exit_reason": "motif de fin",
    "problems": "problématiques",
    "responses": "réponses apportées",
}


class ImportRefused(Exception):
    """The file as a whole cannot be imported; the message says why, in French."""


def fold(text: str) -> str:
    """Case, accents, apostrophes and spacing do not matter when matching a label."""
    text = text.replace("’", "'").replace("\u00a0", " ")
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def import_key(service_id: int, code: str, started_on: date) -> str:
    return hashlib.sha256(
        f"{service_id}\x1f{code}\x1f{started_on.isoformat()}".encode()
    ).hexdigest()


def choice_items(service: Service, kind: str) -> list[ChoiceItem]:
    """The list the service's current convention uses (its own, else the default one)."""
    return list(choice_items_for(service, kind))
