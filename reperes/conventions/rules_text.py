"""How Repères reads each date clause of a convention, written out for the convention page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from reperes.rules.delays import Delay

from .models import Convention, TermsFields


def _fmt(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "date inconnue"


# Each delay of the terms, when the convention states it: its heading and how it reads.
DELAY_READINGS: tuple[tuple[str, str, Callable[[Delay], str]], ...] = (
    (
        "withdrawal_notice",
        "Dénonciation",
        lambda notice: (
            "À tout moment, avec effet à réception."
            if notice.value == 0
            else f"Préavis de {notice} à compter de la réception de la lettre recommandée."
        ),
    ),
    (
        "formal_notice",
        "Mise en demeure",
        lambda formal: (
            f"La partie fautive dispose de {formal} après réception "
            "pour se conformer à ses obligations ; à défaut, la résiliation peut être notifiée."
        ),
    ),
    (
        "termination_delay",
        "Résiliation",
        lambda termination: (
            f"Prend effet {termination} après réception de la notification, "
            "compté de quantième à quantième, le jour de réception ne comptant pas."
        ),
    ),
)


def clause_readings(obj: TermsFields) -> list[tuple[str, str]]:
    readings: list[tuple[str, str]] = []
    term = obj.delay("term")
    start = (
        "à la signature"
        if obj.starts_at_signature
        else f"le {_fmt(obj.starts_on)}"
        if obj.starts_on
        else f"à une date non renseignée (« {obj.starts_on_text} »)"
        if obj.starts_on_text
        else "à une date non renseignée"
    )
    if obj.period_kind == "fixed":
        readings.append(("Période", f"Commence {start}, se termine le {_fmt(obj.ends_on)} inclus."))
    elif obj.period_kind == "term":
        readings.append(
            (
                "Période",
                f"Dure {term} à compter du début ({start}) ; le dernier jour "
                "est la veille du même quantième, comme « 3 ans, du 01/01/2023 au 31/12/2025 ».",
            )
        )
    else:
        limit = "sans limite" if obj.max_renewals is None else f"au plus {obj.max_renewals} fois"
        readings.append(
            (
                "Période",
                f"Première période de {term} commençant {start}, reconduite tacitement ({limit}).",
            )
        )
    for name, label, reading in DELAY_READINGS:
        delay = obj.delay(name)
        if delay is not None:
            readings.append((label, reading(delay)))
    readings.append(
        (
            "Computation des délais",
            "Code de procédure civile, art. 640 à 642 : le jour de l'acte ne compte pas ; "
            "un délai en mois expire le jour du même quantième (ou le dernier jour du mois) ; "
            + (
                "un délai qui expire un samedi, un dimanche ou un jour férié est prorogé au premier jour ouvrable suivant."
                if obj.delays_extendable
                else "ici, la convention exclut toute prorogation : le délai expire même un samedi, un dimanche ou un jour férié."
            ),
        )
    )
    if isinstance(obj, Convention) and (obj.follows_id or obj.follows_note):
        target = str(obj.follows) if obj.follows_id else obj.follows_note
        readings.append(
            (
                "Sort lié",
                f"Suit le sort de : {target}. Leur résiliation ou suspension s'applique à celle-ci.",
            )
        )
    return readings
