"""SIREN and SIRET: normalisation and Luhn check digits (La Poste SIRETs excepted)."""

from __future__ import annotations

import re

LA_POSTE_SIREN = "356000000"
_SEPARATORS = re.compile(r"[\s.\-]")


def compact(value: str) -> str:
    """Drop spaces, dots and dashes: `552 100 554` → `552100554`."""
    return _SEPARATORS.sub("", value)


def luhn_ok(digits: str) -> bool:
    """Whether a string of digits passes the Luhn check."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if index & 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def is_valid_siren(value: str) -> bool:
    """A 9-digit SIREN with a valid check digit."""
    return len(value) == 9 and value.isdigit() and luhn_ok(value)


def is_valid_siret(value: str) -> bool:
    """A 14-digit SIRET with a valid check digit (La Poste's establishments use another rule)."""
    if len(value) != 14 or not value.isdigit():
        return False
    if value.startswith(LA_POSTE_SIREN):
        return sum(int(c) for c in value) % 5 == 0 or luhn_ok(value)
    return luhn_ok(value)
