"""Amounts in words (``reperes.money.words``): the letters' examples and a round trip."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reperes.money.words import montant_en_lettres, nombre_en_lettres

D = Decimal


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1224.00", "mille deux cent vingt-quatre euros"),
        ("245000", "deux cent quarante-cinq mille euros"),
        ("147000.50", "cent quarante-sept mille euros et cinquante centimes"),
        ("735000", "sept cent trente-cinq mille euros"),
        ("7500", "sept mille cinq cents euros"),
        ("4738", "quatre mille sept cent trente-huit euros"),
        ("0", "zéro euro"),
        ("1", "un euro"),
        ("0.01", "un centime"),
        ("0.80", "quatre-vingts centimes"),
        ("21", "vingt et un euros"),
        ("71", "soixante et onze euros"),
        ("80", "quatre-vingts euros"),
        ("81", "quatre-vingt-un euros"),
        ("91", "quatre-vingt-onze euros"),
        ("99", "quatre-vingt-dix-neuf euros"),
        ("180", "cent quatre-vingts euros"),
        ("200", "deux cents euros"),
        ("201", "deux cent un euros"),
        ("1000", "mille euros"),
        ("80000", "quatre-vingt mille euros"),
        ("200000", "deux cent mille euros"),
        ("1000000", "un million d'euros"),
        ("200000000", "deux cents millions d'euros"),
        ("2000001", "deux millions un euros"),
        ("1000000000", "un milliard d'euros"),
    ],
)
def test_examples(amount, words):
    assert montant_en_lettres(D(amount)) == words


@pytest.mark.parametrize("bad", [D("-1"), D("1.005"), D("NaN"), D("1e12")])
def test_refuses_what_cannot_be_written(bad):
    with pytest.raises(ValueError):
        montant_en_lettres(bad)


def test_refuses_floats():
    with pytest.raises(TypeError):
        montant_en_lettres(12.5)  # type: ignore[arg-type]


# A reader of French numbers, independent of the writer, for the round trip.
VALUES = {
    "zéro": 0, "un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60,
}  # fmt: skip


def read(words: str) -> int:
    total, group = 0, 0
    for word in words.replace(" et ", " ").replace("-", " ").split():
        if word in ("cent", "cents"):
            group = (group or 1) * 100
        elif word == "mille":
            total += (group or 1) * 1000
            group = 0
        elif word.startswith("million") or word.startswith("milliard"):
            total += group * (10**6 if word.startswith("million") else 10**9)
            group = 0
        elif word in ("vingt", "vingts") and group % 100 == 4:
            group += 80 - 4  # quatre-vingt(s)
        else:
            group += VALUES[word]
    return total + group


@given(st.integers(min_value=0, max_value=999_999_999_999))
def test_round_trip(n):
    assert read(nombre_en_lettres(n)) == n


@given(st.integers(min_value=0, max_value=999_999_999_999))
def test_spelling_rules(n):
    words = nombre_en_lettres(n)
    if (n // 1000) % 1000 == 1:
        assert "un mille" not in words  # « mille », never « un mille »
    assert "cents mille" not in words
    assert "vingts mille" not in words
    assert "  " not in words
    assert words == words.strip()
    if n % 100 in (21, 31, 41, 51, 61, 71) and n % 1000 != 1:
        assert "et" in words.split()


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_amount_words_end_with_the_unit(euros, cents):
    words = montant_en_lettres(D(euros) + D(cents) / 100)
    if cents:
        assert words.endswith("centime" if cents == 1 else "centimes")
    else:
        assert words.endswith(("euro", "euros", "d'euros"))
