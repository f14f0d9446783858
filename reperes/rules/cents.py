"""Money to the cent: exact rounding, the largest-remainder split and French number formats.

The ground of ``allocation`` (seed 002 art. 6, seed 001 art. 8.1: shares "totals must balance to
the cent", BRIEF §3): amounts are ``Decimal`` with two places, every rounding is explicit
(half-up), a sum is split so that the parts add up to it exactly, and figures are written as
French readers write them.

Pure Python, no Django import.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

CENT = Decimal("0.01")
HALF_CENT = Decimal("0.005")
HUNDRED = Decimal(100)

#: French typography as in CLDR ``fr``: narrow no-break space between groups of thousands and
#: before "%", no-break space before "€".
THOUSANDS_SEPARATOR = "\u202f"
PERCENT_SPACE = "\u202f"
EURO_SPACE = "\u00a0"


# --- Numbers -----------------------------------------------------------------------------------


def exact_fraction(value: Decimal | int, what: str) -> Fraction:
    """The exact value of a ``Decimal`` or an ``int``; floats are refused (money is decimal)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{what} : un Decimal ou un entier est attendu, pas {value!r}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"{what} : valeur non finie ({value})")
    return Fraction(value)


def round_half_up(value: Decimal | Fraction | int, places: int = 2) -> Decimal:
    """``value`` rounded half away from zero to ``places`` decimals, exactly (no context
    precision involved): the usual rounding of French public accounting."""
    exact = Fraction(value)
    scaled = abs(exact) * 10**places
    units = math.floor(scaled + Fraction(1, 2))
    if exact < 0:
        units = -units
    return Decimal(units).scaleb(-places)


def round_cents(value: Decimal | Fraction | int) -> Decimal:
    """``value`` rounded half-up to the cent."""
    return round_half_up(value, 2)


def require_cents(value: Decimal, what: str) -> Fraction:
    exact = exact_fraction(value, what)
    if exact < 0:
        raise ValueError(f"{what} ne peut pas être négatif ({value}).")
    if (exact * 100).denominator != 1:
        raise ValueError(f"{what} doit être un nombre entier de centimes ({value}).")
    return exact


def _group(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.append(digits[-3:])
        digits = digits[:-3]
    groups.append(digits)
    return THOUSANDS_SEPARATOR.join(reversed(groups))


def _plain(value: Decimal) -> Decimal:
    """``value`` without trailing zeros and never in exponent notation (60.00 -> 60)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def format_decimal(value: Decimal | Fraction | int, places: int | None = 2) -> str:
    """French number: "1 224,50" (narrow no-break space between thousands, decimal comma).

    ``places=None`` writes a ``Decimal`` as stated, without trailing zeros ("16", "5,5");
    otherwise the value is rounded half-up to ``places`` decimals.
    """
    if places is not None:
        number = round_half_up(value, places)
    elif isinstance(value, Decimal):
        number = _plain(value)
    else:
        number = _plain(round_half_up(value, 6))
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _, decimals = text.partition(".")
    return f"{sign}{_group(whole)}" + (f",{decimals}" if decimals else "")


def format_eur(amount: Decimal | Fraction | int) -> str:
    """Euros in French: ``format_eur(Decimal("1224"))`` is "1 224,00 €" (rounded half-up to the
    cent; U+202F between thousands, U+00A0 before the sign)."""
    return f"{format_decimal(amount, 2)}{EURO_SPACE}€"


def format_percent(value: Decimal | Fraction | int, places: int | None = 2) -> str:
    """A percentage in French: ``format_percent(Decimal("16.32"))`` is "16,32 %" (U+202F before
    "%"); ``places=None`` keeps a stated figure as written ("16 %")."""
    return f"{format_decimal(value, places)}{PERCENT_SPACE}%"


def signed_percent(value: Decimal | Fraction, places: int | None = 2) -> str:
    text = format_percent(value, places)
    return text if text.startswith("-") else f"+{text}"


# --- Largest remainder -------------------------------------------------------------------------


def split_cents(total_cents: int, weights: Sequence[Fraction]) -> list[tuple[int, Fraction]]:
    """(cents, exact cents) of each part; see ``allocate``."""
    weight_sum = sum(weights, Fraction(0))
    exacts = [total_cents * weight / weight_sum for weight in weights]
    parts = [math.floor(exact) for exact in exacts]
    left = total_cents - sum(parts)
    # Largest fractional remainder first, ties in the order given (sorted() is stable).
    order = sorted(range(len(weights)), key=lambda i: parts[i] - exacts[i])
    for index in order[:left]:
        parts[index] += 1
    return list(zip(parts, exacts, strict=True))


def _weights(weights: Sequence[Decimal]) -> list[Fraction]:
    exact = [exact_fraction(weight, "Pondération") for weight in weights]
    if not exact:
        raise ValueError("Aucune part à répartir : la liste des pondérations est vide.")
    if any(weight < 0 for weight in exact):
        raise ValueError("Une pondération ne peut pas être négative.")
    if not any(exact):
        raise ValueError("Les pondérations sont toutes nulles : rien ne permet de répartir.")
    return exact


def allocate(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split ``total`` proportionally to ``weights``, exactly to the cent.

    Rule (largest-remainder method, also called Hamilton's): each part is first computed exactly
    (``total × weight / Σ weights``) and rounded *down* to the cent; the cents left over — fewer
    than the number of parts — then go one by one to the parts with the largest fractional
    remainders, ties broken by the order given (earlier first). Hence the parts sum exactly to
    ``total`` and each part is less than one cent away from its exact value; equal weights give
    parts that differ by at most one cent, the extra cents going to the first ones.

    ``total`` must be a non-negative whole number of cents; ``weights`` non-negative and not all
    zero. Violations raise ``ValueError`` with a French message.
    """
    total_exact = require_cents(total, "Le total à répartir")
    split = split_cents(int(total_exact * 100), _weights(weights))
    return [Decimal(cents).scaleb(-2) for cents, _ in split]
