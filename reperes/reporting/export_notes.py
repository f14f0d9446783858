"""What the page says about its figures, for the files that leave it (CSV, XLSX, ODS).

A figure downloaded without the page's warnings reads as certain: Arras's hours flagged as
implausible, a blank cell the service explained, a count withheld under statistical secrecy.
Each function returns ``(label, text)`` pairs, in the page's words, that ``exports`` writes
under the file's header.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import consolidation, secrecy

Notes = list[tuple[str, str]]


def table_notes(tables: Iterable[Any]) -> Notes:
    tables = list(tables)
    notes = [(f"Note — {t.title}", t.note) for t in tables if getattr(t, "note", "")]
    return notes + definition_notes(tables)


def definition_notes(tables: Iterable[Any]) -> Notes:
    """What each indicator counts and in which unit, once per file."""
    seen: dict[str, tuple[str, str]] = {}
    for table in tables:
        for label, unit, text in getattr(table, "definitions", ()):
            seen.setdefault(label, (unit, text))
    return [(f"Définition — {label} ({unit})", text) for label, (unit, text) in seen.items()]


def secrecy_note(*, exact: bool, policy: secrecy.Policy, withheld: bool) -> tuple[str, str]:
    """The notice of reporting/report.html."""
    small = f"les effectifs de 1 à {policy.threshold - 1}"
    if exact:
        return (
            "Secret statistique",
            f"Chiffres exacts du service, à ne pas diffuser : hors du service, {small} sont "
            f"masqués et les territoires de moins de {policy.zone_floor} personnes regroupés "
            "(secret statistique).",
        )
    text = (
        f"Chiffres diffusés sous secret statistique : aucun effectif de 1 à "
        f"{policy.threshold - 1}, aucun territoire de moins de {policy.zone_floor} personnes."
    )
    return ("Secret statistique", f"{text} {secrecy.LEGEND}" if withheld else text)


def report_notes(report: Any, *, exact: bool, policy: secrecy.Policy) -> Notes:
    withheld = any(secrecy.is_withheld(v) for t in report.tables for line in t.cells for v in line)
    return [
        secrecy_note(exact=exact, policy=policy, withheld=withheld),
        *table_notes(report.tables),
    ]


def consolidation_notes(result: Any, tables: Iterable[Any]) -> Notes:
    """The legend and the « Sources et contrôles » of reporting/submissions/consolidation.html,
    one line per service and per warning."""
    tables = list(tables)
    notes: Notes = [("Légende", f"NR : non renseigné. {secrecy.LEGEND}")]
    nowhere = consolidation.nr_everywhere(list(result.rows))
    if nowhere:
        notes.append(("Non renseigné", f"Aucun service n'a renseigné : {', '.join(nowhere)}."))
    notes += [("Avertissement", f.message) for f in result.identical]
    for row in result.rows:
        notes.append(("Source", f"{row.label} : {row.source}."))
        notes += [("Avertissement", f"{row.label} : {f.message}") for f in row.own_findings]
        if row.nr_own:
            notes.append(("Non renseigné", f"{row.label} : {', '.join(row.nr_own)}."))
        notes += [
            ("Note du service", f"{row.label} : case laissée NR, le service a écrit : « {note} ».")
            for note in row.notes.values()
        ]
    notes.append(
        (
            "Lecture",
            "Une ligne par service, le total en dernière ligne ; chaque chiffre vient de la "
            "remontée validée du service ou, à défaut, de ses saisies de terrain.",
        )
    )
    return notes + table_notes(tables)
