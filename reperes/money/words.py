"""Amounts in words, in French, for letters (appel de fonds, avis de versement).

Traditional spelling (before the 1990 rectifications), applied consistently:

- hyphens only between tens and units below one hundred (« vingt-quatre », « quatre-vingt-dix »),
  « et » without hyphens for 21, 31, 41, 51, 61 and 71 (« vingt et un », « soixante et onze »),
  none for 81 and 91 (« quatre-vingt-un », « quatre-vingt-onze »);
- « cent » and « quatre-vingt » take an « s » when multiplied and ending the number (« deux
  cents », « quatre-vingts »), not when followed by another number nor by « mille », which is
  an invariable adjective (« deux cent mille »), but they do before « million » or « milliard »,
  which are nouns (« deux cents millions »);
- « mille » is invariable and never preceded by « un »; « million » and « milliard » agree;
- « euro » and « centime » agree (« un euro », « deux euros »); after « million(s) » or
  « milliard(s) » ending the number, « d'euros » (« un million d'euros »).

Examples: 1 224,00 € → « mille deux cent vingt-quatre euros »; 245 000 € → « deux cent
quarante-cinq mille euros »; 147 000,50 € → « cent quarante-sept mille euros et cinquante
centimes ». No Django import.
"""

from __future__ import annotations

from decimal import Decimal

UNITS = (
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
)
TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}

#: Largest amount written out: just under one thousand billion euros.
MAX_EUROS = 10**12 - 1


def _below_100(n: int) -> str:
    if n <= 16:
        return UNITS[n]
    if n < 20:
        return f"dix-{UNITS[n - 10]}"
    tens, unit = divmod(n, 10)
    if tens in (7, 9):
        # 70-79 and 90-99 count on from soixante and quatre-vingt: soixante-dix, -onze, …
        base = "soixante" if tens == 7 else "quatre-vingt"
        rest = n - (60 if tens == 7 else 80)
        joiner = " et " if n == 71 else "-"
        return f"{base}{joiner}{_below_100(rest)}"
    if tens == 8:
        return "quatre-vingts" if unit == 0 else f"quatre-vingt-{UNITS[unit]}"
    word = TENS[tens]
    if unit == 0:
        return word
    if unit == 1:
        return f"{word} et un"
    return f"{word}-{UNITS[unit]}"


def _below_1000(n: int) -> str:
    """1 ≤ n ≤ 999, with the plural « s » of « cents » and « quatre-vingts » when final."""
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        if hundreds == 1:
            parts.append("cent")
        else:
            parts.append(f"{UNITS[hundreds]} {'cents' if rest == 0 else 'cent'}")
    if rest:
        parts.append(_below_100(rest))
    return " ".join(parts)


def _drop_plural(words: str) -> str:
    """Before « mille », « cents » and « quatre-vingts » lose their « s »."""
    if words.endswith("cents"):
        return words[:-1]
    if words.endswith("quatre-vingts"):
        return words[:-1]
    return words


def nombre_en_lettres(n: int) -> str:
    """A whole number from 0 to 999 999 999 999 in French words (traditional spelling)."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"Un entier est attendu, pas {n!r}.")
    if n < 0:
        raise ValueError(f"Un nombre négatif ne s'écrit pas en toutes lettres ici ({n}).")
    if n > MAX_EUROS:
        raise ValueError(f"Nombre trop grand pour être écrit en toutes lettres ({n}).")
    if n == 0:
        return UNITS[0]
    billions, rest = divmod(n, 10**9)
    millions, rest = divmod(rest, 10**6)
    thousands, units = divmod(rest, 1000)
    parts = []
    if billions:
        parts.append(f"{_below_1000(billions)} milliard{'s' if billions > 1 else ''}")
    if millions:
        parts.append(f"{_below_1000(millions)} million{'s' if millions > 1 else ''}")
    if thousands:
        parts.append("mille" if thousands == 1 else f"{_drop_plural(_below_1000(thousands))} mille")
    if units:
        parts.append(_below_1000(units))
    return " ".join(parts)


def montant_en_lettres(amount: Decimal) -> str:
    """``amount`` euros in French words: « mille deux cent vingt-quatre euros », « cent
    quarante-sept mille euros et cinquante centimes », « cinquante centimes », « zéro euro ».

    ``amount`` must be a non-negative ``Decimal`` (or ``int``) in whole cents.
    """
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int):
        raise TypeError(f"Un montant Decimal est attendu, pas {amount!r}.")
    value = Decimal(amount)
    if not value.is_finite() or value < 0:
        raise ValueError(f"Un montant en lettres doit être positif ou nul ({amount}).")
    cents_total = value * 100
    if cents_total != cents_total.to_integral_value():
        raise ValueError(f"Le montant doit être un nombre entier de centimes ({amount}).")
    euros, cents = divmod(int(cents_total), 100)
    if euros > MAX_EUROS:
        raise ValueError(f"Montant trop grand pour être écrit en toutes lettres ({amount}).")
    cents_text = f"{nombre_en_lettres(cents)} centime{'s' if cents > 1 else ''}"
    if euros == 0 and cents:
        return cents_text
    words = nombre_en_lettres(euros)
    unit = "euros" if euros > 1 else "euro"
    if euros % 10**6 == 0 and euros >= 10**6:
        euros_text = f"{words} d'euros"
    else:
        euros_text = f"{words} {unit}"
    return f"{euros_text} et {cents_text}" if cents else euros_text


# --- Organisation names in a sentence -------------------------------------------------------

#: Definite article by the first word of an organisation's name (« le Département de la Drôme »,
#: « la Commune de Montélimar », « le CCAS de Chenôve »); names that are proper nouns (« Dijon
#: Métropole ») take none.
ARTICLES = {
    "département": "le ",
    "commune": "la ",
    "ville": "la ",
    "ccas": "le ",
    "centre": "le ",
    "caisse": "la ",
    "association": "l'",
    "service": "le ",
    "métropole": "la ",
    "communauté": "la ",
    "préfecture": "la ",
    "direction": "la ",
}


def avec_article(name: str) -> str:
    """« le Département de la Drôme », « l'Association Portes Z'Ouvertes », « Dijon Métropole »."""
    first = name.split(" ", 1)[0].lower()
    return f"{ARTICLES.get(first, '')}{name}"


def de_nom(name: str) -> str:
    """« du CCAS de Chenôve », « de la Commune de Montélimar », « de Dijon Métropole »."""
    text = avec_article(name)
    if text.startswith("le "):
        return f"du {text[3:]}"
    if text.startswith("l'"):
        return f"de {text}"
    return f"de {text}"
