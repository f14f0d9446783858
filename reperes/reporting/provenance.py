"""Where a figure comes from: the records behind one cell of a live report (issue 16, « Every
figure traceable »).

A report table says what its cells count in its ``origin`` (``ReportTable.origin``, one of the
shapes below); :func:`provenance` returns, for one cell, the records that the indicator engine
(``reporting/indicators.py``, ``compute``) counted in it — the same period overlaps, the same age
band at the period's last day, the same place rules — with the weight each one carries (1 for
a youth or an action, its count for an anonymous tally, its hours for a time entry, its FTE for
a staff member). The weights add up to the cell: the tests check it against ``compute``.

Youths appear under their pseudonym only: no query of ``provenance_records`` reads an identity
field (the encrypted name, first name, address, phone of ``Youth``).

Origins:

- ``{"kind": "distribution", "distribution": NAME, "row_dimension": DIM, "row_codes": [...],
  "column_dimension": DIM | None, "column_codes": [...]}``
- ``{"kind": "values", "codes": [...]}`` — catalogue codes or the engine's extra figures;
- ``{"kind": "time", "codes": [...]}`` — hours (column 0) and their share (column 1);
- ``{"kind": "actions", "action_pks": [...], "by": "age_band" | "place", "column_codes": [...]}``
- ``{"kind": "sessions", "rows": [[session_kind, place] | None, ...]}`` — number (column 0) and
  hours (column 1);
- ``{"kind": "labels", "list": "problems" | "responses", "labels": [...]}``

A code ``None`` in ``row_codes``/``column_codes`` (a total) is « all ».

The queries per origin kind live in :mod:`reperes.reporting.provenance_records`; this module
holds the public API, the resolution of a cell to its query and the definitions in words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reperes.fieldwork.enums import PAS_DE_CALAIS_COLUMN, TimeCategory

from .catalogue import BY_CODE, PROBLEM_LABELS
from .indicators import Number, Period, Scope
from .provenance_records import DIMENSION_NAMES, Record, RecordSource, UnknownCell, dimension_label

__all__ = ["Provenance", "Record", "UnknownCell", "definition", "provenance"]


@dataclass(frozen=True)
class Provenance:
    """What one cell counts: the definition in words, its unit, the filters of its row and
    column, the period and the records (their weights add up to the cell)."""

    definition: str
    unit: str
    filters: tuple[str, ...]
    period: Period
    records: tuple[Record, ...]
    note: str = ""

    @property
    def total(self) -> Number:
        return sum((r.weight for r in self.records), 0)


# ---------------------------------------------------------------- definitions

_DEFINITIONS = {
    "contacts": (
        "Contacts comptés dans les séances de travail de rue et de présence sociale de la "
        "période (des rencontres : un jeune vu trois fois compte trois fois).",
        "rencontres",
    ),
    "youths.first_met": (
        "Jeunes enregistrés par le service dont la première rencontre tombe dans la période.",
        "personnes",
    ),
    "sessions": ("Séances de travail de rue et de présence sociale de la période.", "séances"),
    "sessions.hours": (
        "Durée des séances de travail de rue et de présence sociale de la période.",
        "heures",
    ),
    "accompaniments.new": (
        "Accompagnements commencés pendant la période.",
        "accompagnements",
    ),
    "youths.acted_with": (
        "Jeunes distincts accompagnés avec qui une action (entretien, démarche…) a été "
        "enregistrée pendant la période.",
        "personnes",
    ),
    "youths.in_relation": (
        "Jeunes distincts en relation avec l'équipe : rencontrés pour la première fois dans la "
        "période, accompagnés pendant la période ou participants d'une action collective de la "
        "période.",
        "personnes",
    ),
    "partnership.actions": ("Actions menées avec des partenaires pendant la période.", "actions"),
    "partnership.hours": ("Heures des actions menées avec des partenaires.", "heures"),
    "problems": (
        "Jeunes distincts accompagnés pendant la période dont un accompagnement porte cette "
        "problématique (un jeune peut en avoir plusieurs).",
        "personnes",
    ),
    "responses": (
        "Jeunes distincts accompagnés pendant la période dont un accompagnement porte cette "
        "réponse (un jeune peut en avoir plusieurs).",
        "personnes",
    ),
    "partnership": (
        "Actions menées avec des partenaires pendant la période, par nature de partenaire "
        "(une action avec des partenaires de deux natures compte dans chacune).",
        "actions",
    ),
    "participants": (
        "Participants de l'action : les jeunes enregistrés comme participants (âge au dernier "
        "jour de la période) et les participants comptés anonymement.",
        "personnes",
    ),
}
_DISTRIBUTION_CODE = {
    "met": "youths.met",
    "accompanied": "youths.accompanied",
    "accompaniments": "accompaniments",
    "collective_categories": "collective.actions",
    "session_hours": "sessions.hours",
    "time": "time",
}


def definition(code: str) -> tuple[str, str]:
    """The definition in words and the unit of a catalogue code, an extra figure or a
    distribution."""
    code = _DISTRIBUTION_CODE.get(code, code)
    indicator = BY_CODE.get(code)
    if indicator is not None:
        unit = indicator.unit
        return getattr(indicator, "definition", "") or indicator.label, getattr(
            unit, "label", str(unit)
        )
    return _DEFINITIONS.get(code, ("", ""))


# ---------------------------------------------------------------- values


def _value_records(source: RecordSource, code: str) -> list[Record]:
    """The records behind one catalogue code or extra figure."""
    head, _, tail = code.partition(".")
    rest = tail.split(".")
    simple: dict[str, Callable[[], list[Record]]] = {
        "youths.met": source.in_relation,
        "contacts": lambda: source.contacts({}),
        "youths.first_met": lambda: source.first_met({}),
        "sessions": lambda: source.sessions({}, hours=False),
        "sessions.hours": lambda: source.sessions({}, hours=True),
        "youths.accompanied": lambda: source.accompanied({}),
        "accompaniments": lambda: source.accompaniments({}),
        "accompaniments.new": lambda: source.accompaniments({"new": "1"}),
        "youths.acted_with": source.acted_with,
        "youths.in_relation": source.in_relation,
        "collective.actions": lambda: source.actions(None),
        "collective.families": lambda: source.actions(None, families=True),
        "collective.youths": lambda: source.participants(None, None, None, distinct=True),
        "partnership.actions": lambda: source.partnership(None),
        "partnership.hours": lambda: source.partnership(None, hours=True),
        "families.known": lambda: source.families(engaged=False),
        "families.engaged": lambda: source.families(engaged=True),
        "time": lambda: source.time(None),
        "hours": lambda: source.time(None),
        "staff.fte": lambda: source.staff(None),
    }
    if code in simple:
        return simple[code]()
    if head == "youths" and rest[0] == "met" and len(rest) == 2:
        return source.in_relation({"gender": rest[1]})
    if head == "youths" and rest[0] == "accompanied" and len(rest) == 2:
        return source.accompanied({"gender": rest[1]})
    if head == "youths" and rest[0] == "situation" and len(rest) == 2:
        return source.accompanied({"situation": rest[1]})
    if head == "accompaniments" and rest[0] == "duration" and len(rest) == 2:
        return source.accompaniments({"duration": rest[1]})
    if head == "problems" and tail in PROBLEM_LABELS:
        return source.labelled("problems", PROBLEM_LABELS[tail])
    if head == "time" and tail in {c.value for c in TimeCategory}:
        return source.time([tail])
    if head == "hours":
        items = [c.value for c, column in PAS_DE_CALAIS_COLUMN.items() if column.value == tail]
        return source.time(items)
    if head == "staff" and rest[0] == "fte" and len(rest) == 2:
        return source.staff(rest[1])
    raise UnknownCell(f"Aucune définition pour « {code} ».")


# ---------------------------------------------------------------- cells


def _pick(codes: list[Any], index: int, what: str) -> Any:
    if not 0 <= index < len(codes):
        raise UnknownCell(f"Cette {what} n'existe pas dans le tableau.")
    return codes[index]


def _distribution(
    source: RecordSource, origin: dict[str, Any], row: int, column: int
) -> Provenance:
    name = origin["distribution"]
    where: dict[str, str | None] = {
        origin["row_dimension"]: _pick(list(origin["row_codes"]), row, "ligne")
    }
    if origin.get("column_dimension"):
        where[origin["column_dimension"]] = _pick(list(origin["column_codes"]), column, "colonne")
    elif column != 0:
        raise UnknownCell("Cette colonne n'existe pas dans le tableau.")
    makers: dict[str, Callable[[], list[Record]]] = {
        "met": lambda: source.in_relation(where),
        "contacts": lambda: source.contacts(where),
        "accompanied": lambda: source.accompanied(where),
        "accompaniments": lambda: source.accompaniments(where),
        "problems": lambda: source.labelled("problems", where.get("label")),
        "responses": lambda: source.labelled("responses", where.get("label")),
        "collective_categories": lambda: source.actions(where.get("category")),
        "partnership": lambda: source.partnership(where.get("partner_kind"), by_kind=True),
        "sessions": lambda: source.sessions(where, hours=False),
        "session_hours": lambda: source.sessions(where, hours=True),
        "time": lambda: source.time(None if (item := where.get("time")) is None else [item]),
    }
    if name not in makers:
        raise UnknownCell(f"Répartition inconnue : « {name} ».")
    text, unit = definition(name)
    return Provenance(text, unit, _filters(where), source.period, tuple(makers[name]()))


def _filters(where: dict[str, str | None], places: dict[str, str] | None = None) -> tuple:
    return tuple(
        f"{DIMENSION_NAMES.get(d, d)} : {dimension_label(d, code, places)}"
        for d, code in where.items()
        if code is not None
    )


def provenance(
    scope: Scope,
    period: Period,
    origin: dict[str, Any],
    row: int,
    column: int,
    place_labels: dict[str, str] | None = None,
) -> Provenance:
    """The definition, the period and the records behind the cell (``row``, ``column``) of a
    table whose cells count what ``origin`` says."""
    source = RecordSource(scope, period)
    kind = origin.get("kind")
    if kind == "distribution":
        found = _distribution(source, origin, row, column)
        if place_labels and "place" in (origin["row_dimension"], origin.get("column_dimension")):
            where = {origin["row_dimension"]: origin["row_codes"][row]}
            if origin.get("column_dimension"):
                where[origin["column_dimension"]] = origin["column_codes"][column]
            found = Provenance(
                found.definition,
                found.unit,
                _filters(where, place_labels),
                found.period,
                found.records,
            )
        return found
    if kind == "values":
        # One code per row, or per column in a one-row grid (``"by": "column"``).
        index, other = (column, row) if origin.get("by") == "column" else (row, column)
        if other != 0:
            raise UnknownCell("Ce chiffre n'existe pas dans le tableau.")
        code = _pick(list(origin["codes"]), index, "case")
        text, unit = definition(code)
        return Provenance(text, unit, (), period, tuple(_value_records(source, code)))
    if kind == "time":
        code = _pick(list(origin["codes"]), row, "ligne")
        if column not in (0, 1):
            raise UnknownCell("Cette colonne n'existe pas dans le tableau.")
        text, unit = definition("time" if code is None else f"time.{code}")
        note = (
            "Cette colonne rapporte ces heures au total des heures saisies de la période."
            if column == 1
            else ""
        )
        where = {"time": code}
        records = source.time(None if code is None else [code])
        return Provenance(text, unit, _filters(where), period, tuple(records), note)
    if kind == "actions":
        pk = _pick(list(origin["action_pks"]), row, "ligne")
        by = origin["by"]
        code = _pick(list(origin["column_codes"]), column, "colonne")
        text, unit = _DEFINITIONS["participants"]
        return Provenance(
            text,
            unit,
            _filters({by: code}, place_labels),
            period,
            tuple(source.participants(pk, by, code)),
        )
    if kind == "sessions":
        pair = _pick(list(origin["rows"]), row, "ligne")
        if column not in (0, 1):
            raise UnknownCell("Cette colonne n'existe pas dans le tableau.")
        where = {} if pair is None else {"session_kind": pair[0], "place": pair[1]}
        name = "sessions" if column == 0 else "sessions.hours"
        text, unit = definition(name)
        records = source.sessions(where, hours=column == 1)
        return Provenance(text, unit, _filters(where, place_labels), period, tuple(records))
    if kind == "labels":
        label = _pick(list(origin["labels"]), row, "ligne")
        if column != 0:
            raise UnknownCell("Cette colonne n'existe pas dans le tableau.")
        name = origin["list"]
        if name not in ("problems", "responses"):
            raise UnknownCell("Liste inconnue.")
        text, unit = definition(name)
        return Provenance(
            text, unit, _filters({"label": label}), period, tuple(source.labelled(name, label))
        )
    raise UnknownCell("Ce tableau ne dit pas ce que comptent ses cases.")
