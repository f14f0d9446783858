"""SIRET numbers (INSEE, Système d'identification du répertoire des établissements): 14 digits,
the 9 of the SIREN then the 5 of the NIC, whose last digit is a Luhn check digit computed over
the 14. One exception, published by INSEE: the establishments of La Poste (SIREN 356 000 000)
are numbered in sequence and their 14 digits may add up to a multiple of 5 instead of passing
the Luhn key: both are accepted for them.

Pure functions, no Django. Used for the SCDL « Subventions » open data (idAttribuant,
idBeneficiaire, décret n° 2017-779 du 5 mai 2017).
"""

from __future__ import annotations

LA_POSTE_SIREN = "356000000"


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum: from the right, every second digit doubled (minus 9 above 9); the
    sum is a multiple of 10."""
    if not digits or not digits.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise(text: str) -> str:
    """A SIRET as typed (« 123 456 789 00012 »), without its spaces."""
    return "".join(text.split())


def siret_error(text: str) -> str | None:
    """Why ``text`` is not a SIRET, in French; None when it is one."""
    value = normalise(text)
    if not value.isdigit():
        return "Un numéro SIRET ne contient que des chiffres (14 chiffres, espaces permis)."
    if len(value) != 14:
        return f"Un numéro SIRET compte 14 chiffres ; celui-ci en compte {len(value)}."
    if value.startswith(LA_POSTE_SIREN) and sum(int(c) for c in value) % 5 == 0:
        return None
    if not luhn_valid(value):
        return (
            "Ce numéro SIRET est invalide : sa clé de contrôle (formule de Luhn) ne correspond "
            "pas. Vérifiez qu'aucun chiffre n'a été mal recopié."
        )
    return None


def with_check_digit(first_13: str) -> str:
    """The 14-digit SIRET whose first 13 digits are ``first_13`` (tests and synthetic data)."""
    for last in "0123456789":
        if luhn_valid(first_13 + last):
            return first_13 + last
    raise AssertionError("unreachable: one digit always completes a Luhn number")
