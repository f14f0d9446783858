"""French wording in one place: dates with « 1er », month names with « d'avril » / « de mai »,
real plurals (« 1 réunion », « 2 réunions »), and day counts (« dans 271 jours »). The templates
reach these through the ``french`` template library, loaded as a builtin (settings)."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.utils import dateformat

from reperes.rules.due import MONTH_NAMES

MONTHS = MONTH_NAMES  # one list of French month names (reperes.rules.due)

VOWELS = "aeiouyàâäéèêëîïôöùûüœh"


def day_number(day: date) -> str:
    """« 1er » for the first of the month, the number otherwise."""
    return "1er" if day.day == 1 else str(day.day)


def french_date(day: date, year: bool = True) -> str:
    """« 1er avril 2026 », « 15 septembre 2017 »; ``year=False``: « 1er avril »."""
    text = f"{day_number(day)} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


# An unescaped « j » (day of the month without leading zero) in a Django date format.
_DAY_TOKEN = re.compile(r"(?<!\\)j")


def format_date(value: date | datetime, fmt: str = "j F Y") -> str:
    """Django's ``date`` filter, with « 1er » for the first of the month wherever the format
    writes the day with ``j`` (« le 1er avril », never « le 1 avril »)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        from django.utils import timezone

        value = timezone.localtime(value)
    if value.day == 1:
        fmt = _DAY_TOKEN.sub(r"\\1\\e\\r", fmt)
    return dateformat.format(value, fmt)


def elide(word: str) -> bool:
    """Whether « de » / « le » elides before ``word`` (« d'avril », « d'août », « de mai »)."""
    return bool(word) and word[0].lower() in VOWELS


def de(word: str) -> str:
    """« d'avril », « d'octobre », « de mai », « de juin »."""
    return f"d'{word}" if elide(word) else f"de {word}"


def of_month(month: int | date, year: int | None = None) -> str:
    """« d'avril 2026 », « de mai » (``month`` is 1–12 or a date)."""
    if isinstance(month, date):
        year = month.year if year is None else year
        month = month.month
    name = MONTHS[month - 1]
    return de(f"{name} {year}" if year is not None else name)


def plural(count: int | float, singular: str, plural_form: str | None = None) -> str:
    """« 0 réunion », « 1 réunion », « 2 réunions »: in French, 0 and 1 take the singular."""
    word = singular if abs(count) < 2 else (plural_form or f"{singular}s")
    return f"{count} {word}"


def days_between(start: date, end: date) -> int:
    """Whole calendar days from ``start`` to ``end`` (negative when ``end`` is before)."""
    return (_local_day(end) - _local_day(start)).days


def _local_day(value: date) -> date:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            from django.utils import timezone

            value = timezone.localtime(value)
        return value.date()
    return value


def in_days(target: date, today: date) -> str:
    """« aujourd'hui », « demain », « hier », « dans 271 jours », « il y a 3 jours »."""
    days = days_between(today, target)
    if days == 0:
        return "aujourd'hui"
    if days == 1:
        return "demain"
    if days == -1:
        return "hier"
    if days > 0:
        return f"dans {plural(days, 'jour')}"
    return f"il y a {plural(-days, 'jour')}"


#: How a date is written in the spreadsheets services and Départements import.
CELL_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


def cell_date(value: object) -> date:
    """The date of a spreadsheet cell: a date (or date-time) as the reader gives it, or text
    in one of ``CELL_DATE_FORMATS``; ``ValueError`` in French otherwise."""
    if isinstance(value, datetime):
        value = value.date()
    elif isinstance(value, str):
        text = value.strip()
        for fmt in CELL_DATE_FORMATS:
            try:
                value = datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a day, no time)
                break
            except ValueError:
                continue
    if not isinstance(value, date):
        raise ValueError("une date est attendue (JJ/MM/AAAA).")
    return value
