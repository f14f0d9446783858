"""How each computed date is computed, in words, and where the rule comes from (the « ? » beside
a deadline or an instalment's due date).

Nothing is computed again here: the rule is read from what dated the obligation — the clause
version whose source the obligation carries (``reperes.conventions.clauses``), the convention's
terms, the body's rhythm, the payment schedule — and said as the convention would say it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from reperes.conventions import catalogue, clauses
from reperes.conventions.dates import terms_of
from reperes.rules import due as due_rules


@dataclass(frozen=True)
class DateHelp:
    rule: str  # how the date is computed, in words
    source: str  # the convention and its article ("" when the source names none)


def _french(day: Any) -> str:
    from reperes.reporting.indicators import french_date

    return french_date(day)


def _versions(obligation: Any, cache: dict[int, Any] | None) -> dict[str, list[Any]]:
    convention = obligation.convention
    if cache is None:
        return clauses.versions(convention)
    if convention.pk not in cache:
        cache[convention.pk] = clauses.versions(convention)
    return cache[convention.pk]


def _bound(obligation: Any, history: list[Any]) -> Any:
    """The clause version that dated the obligation: the one whose source it carries (an
    amendment may have changed the article), else the latest."""
    same = [bound for bound in history if bound.source == obligation.source]
    return (same or history)[-1] if history else None


def for_obligation(obligation: Any, cache: dict[int, Any] | None = None) -> DateHelp:
    """``cache`` (by convention) spares a page listing many obligations from reading each
    convention's clauses more than once."""
    key = obligation.key
    source = obligation.source
    if key.startswith("clause:"):
        clause_key = key.split(":")[1]
        bound = _bound(obligation, _versions(obligation, cache).get(clause_key, []))
        if bound is not None:
            rule = due_rules.Due.from_params(bound.params.get("due") or {})
            text = f"Échéance fixée par la clause : {rule.describe()}"
            if rule.rule == due_rules.DAY_OF_YEAR and obligation.year:
                text += f", N étant l'année sur laquelle porte le document ({obligation.year})"
            return DateHelp(f"{text}.", bound.source)
    if key.startswith("evaluation:"):
        history = [
            b
            for versions in _versions(obligation, cache).values()
            for b in versions
            if b.kind == catalogue.EVALUATION
        ]
        bound = _bound(obligation, history)
        if bound is not None:
            before = int(bound.params.get("years_before_end") or 0)
            every = int(bound.params.get("every_years") or 0)
            text = (
                f"Au plus tard {before} an{'s' if before > 1 else ''} avant la fin de "
                "l'autorisation du service"
            )
            if every:
                text += (
                    f", et tous les {every} ans après la précédente évaluation si c'est plus tôt"
                )
            return DateHelp(f"{text}.", bound.source)
    if key.startswith("withdrawal:"):
        notice = terms_of(obligation.convention).withdrawal_notice
        renewal = key.split(":", 1)[1]
        text = f"Date de la reconduction tacite ({_french(date.fromisoformat(renewal))})"
        text += (
            f" moins le préavis de dénonciation ({notice})"
            if notice is not None
            else " moins le préavis de dénonciation"
        )
        return DateHelp(f"{text} : après ce jour, la convention se renouvelle.", source)
    if key.startswith("body:"):
        return DateHelp(
            "Date à laquelle la réunion suivante est due selon le rythme que la convention "
            "fixe à l'instance (le 31 décembre quand elle doit seulement se réunir dans l'année) ; "
            f"rythme : {source or 'non précisé'}.",
            "",
        )
    if key.startswith("instalment:"):
        from reperes.money.models import Instalment

        instalment = (
            Instalment.objects.filter(pk=key.split(":", 1)[1]).select_related("schedule").first()
        )
        if instalment is not None:
            return for_instalment(instalment)
    return DateHelp("Date enregistrée avec l'obligation.", source)


def for_instalment(instalment: Any) -> DateHelp:
    from reperes.money.enums import AdvanceCheck, InstalmentSlot, ScheduleKind

    schedule = instalment.schedule
    day = "1er" if schedule.due_day == 1 else str(schedule.due_day)
    if schedule.kind == ScheduleKind.MONTHLY:
        rule = (
            f"Dotation mensuelle : le {day} de chaque mois (le dernier jour du mois quand il n'a "
            "pas ce jour), un douzième de la dotation annuelle."
        )
    elif schedule.kind == ScheduleKind.PERIODIC:
        months = schedule.period_months or 12
        rule = (
            f"Versements à parts égales, un tous les {months} mois : le {day} du premier mois "
            "de chaque période."
        )
    elif schedule.kind == ScheduleKind.CALL_FOR_FUNDS:
        rule = "Versement en une fois, exigible à la date de l'appel de fonds."
    elif instalment.slot == InstalmentSlot.ADVANCE:
        check = (
            "1er janvier"
            if schedule.advance_check == AdvanceCheck.START_OF_YEAR
            else "31 mars (fin du premier trimestre)"
        )
        rule = f"Avance exigible le {check}, si le nombre d'ETP requis est en poste ce jour-là."
    else:
        rule = (
            "Solde exigible le 31 décembre de l'année, calculé sur la présence réelle des "
            "éducateurs rapportée à la présence prévue."
        )
    convention = clauses.convention_label(schedule.convention)
    article = schedule.article.strip()
    if article and not article.lower().startswith("art"):
        article = f"article {article}"
    source = f"Convention « {convention} », {article}" if article else ""
    return DateHelp(rule, source)
