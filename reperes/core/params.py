"""One way to read a query parameter: parsed, bounded, and refused in French.

Every page and API view reads its ``?parametre=`` through these helpers. A value that is
empty or absent gives the default; a malformed or out-of-range value raises
``BadParameter`` — a ``django.core.exceptions.BadRequest``, which Django turns into a 400
answered by ``reperes.core.views.bad_request`` with the French message — never a 500 from an
integer too large for the database, a year 0 or a date past the calendar.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import BadRequest

# The database ids are 64-bit (BigAutoField): a larger integer cannot name anything.
MAX_ID = 2**63 - 1
# Plausible years for a convention, a report or a budget; a wider value is a typo or a probe.
MIN_YEAR = 1900
MAX_YEAR = 2200
MIN_DATE = date(MIN_YEAR, 1, 1)
MAX_DATE = date(MAX_YEAR, 12, 31)
# A parameter longer than this is never a valid value (an id, a date, a choice).
MAX_LENGTH = 200
_DIGITS = re.compile(r"[0-9]+")
_SIGNED = re.compile(r"-?[0-9]{1,19}")


class BadParameter(BadRequest):
    """A query parameter that cannot be read; the message is shown to the user (French)."""

    def __init__(self, message: str, name: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.name = name


def _raw(params: Mapping[str, Any], name: str) -> str | None:
    """The parameter's text, stripped, or None when absent or empty."""
    value = params.get(name)
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if len(text) > MAX_LENGTH:
        raise BadParameter(f"Le paramètre « {name} » est trop long.", name)
    return text


def int_param(
    params: Mapping[str, Any],
    name: str,
    default: int | None = None,
    *,
    minimum: int = 0,
    maximum: int = MAX_ID,
) -> int | None:
    """A whole number between ``minimum`` and ``maximum``."""
    text = _raw(params, name)
    if text is None:
        return default
    if not _SIGNED.fullmatch(text):
        raise BadParameter(f"Le paramètre « {name} » doit être un nombre entier.", name)
    value = int(text)
    if not minimum <= value <= maximum:
        raise BadParameter(
            f"Le paramètre « {name} » doit être compris entre {minimum} et {maximum}.", name
        )
    return value


def id_param(params: Mapping[str, Any], name: str) -> int | None:
    """The identifier of an object (a positive integer a database can hold), or None."""
    text = _raw(params, name)
    if text is None:
        return None
    if not _DIGITS.fullmatch(text) or len(text) > 19 or not 1 <= int(text) <= MAX_ID:
        raise BadParameter(f"Le paramètre « {name} » n'est pas un identifiant valide.", name)
    return int(text)


def year_param(
    params: Mapping[str, Any], name: str = "annee", default: int | None = None
) -> int | None:
    """A year on four digits between 1900 and 2200."""
    text = _raw(params, name)
    if text is None:
        return default
    if not _DIGITS.fullmatch(text) or len(text) != 4 or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise BadParameter(
            f"Le paramètre « {name} » doit être une année sur quatre chiffres, "
            f"entre {MIN_YEAR} et {MAX_YEAR}.",
            name,
        )
    return int(text)


def parse_date(text: str, name: str) -> date:
    """``AAAA-MM-JJ`` between 1900 and 2200, else BadParameter."""
    try:
        value = date.fromisoformat(text)
    except ValueError:
        value = None
    if value is None or len(text) != 10 or not MIN_DATE <= value <= MAX_DATE:
        raise BadParameter(
            f"Le paramètre « {name} » doit être une date AAAA-MM-JJ entre "
            f"{MIN_DATE:%d/%m/%Y} et {MAX_DATE:%d/%m/%Y}.",
            name,
        )
    return value


def date_param(params: Mapping[str, Any], name: str, default: date | None = None) -> date | None:
    text = _raw(params, name)
    return default if text is None else parse_date(text, name)


def date_range_param(params: Mapping[str, Any], name: str = "periode") -> tuple[date, date] | None:
    """``AAAA-MM-JJ_AAAA-MM-JJ``: a start and an end, the end not before the start."""
    text = _raw(params, name)
    if text is None:
        return None
    start_text, separator, end_text = text.partition("_")
    if not separator:
        raise BadParameter(
            f"Le paramètre « {name} » doit être une période AAAA-MM-JJ_AAAA-MM-JJ.", name
        )
    start, end = parse_date(start_text, name), parse_date(end_text, name)
    if end < start:
        raise BadParameter(f"La période « {name} » finit avant de commencer.", name)
    return start, end


def choice_param(
    params: Mapping[str, Any], name: str, choices: Iterable[str], default: str = ""
) -> str:
    """One of ``choices`` (e.g. a TextChoices' values), else BadParameter."""
    text = _raw(params, name)
    if text is None:
        return default
    allowed = [str(c) for c in choices]
    if text not in allowed:
        raise BadParameter(f"La valeur du paramètre « {name} » n'est pas reconnue.", name)
    return text


def text_param(params: Mapping[str, Any], name: str, max_length: int = MAX_LENGTH) -> str:
    """Free text (a search), without control characters, at most ``max_length`` long."""
    value = params.get(name)
    text = "" if value is None else str(value).strip()
    if len(text) > max_length:
        raise BadParameter(f"Le paramètre « {name} » est trop long.", name)
    return "".join(c for c in text if c.isprintable())


def refuse_unknown(params: Mapping[str, Any], known: Iterable[str]) -> None:
    """A parameter the endpoint does not read is refused, never ignored: ``?year=`` on an
    endpoint that reads ``annee`` silently gave another year's figures."""
    allowed = sorted(known)
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        accepted = ", ".join(allowed) if allowed else "aucun"
        raise BadParameter(
            f"Paramètre inconnu : « {unknown[0]} ». Paramètres acceptés : {accepted}.", unknown[0]
        )
