"""Demo SIRENs and SIRETs: valid Luhn numbers, distinct by construction.

The 8-digit body of the i-th SIREN is an affine permutation of [30 000 000, 100 000 000): a
multiplier prime to the range's size makes distinct indexes give distinct bodies, and the
ninth digit is the Luhn check digit.
"""

from __future__ import annotations

from collections.abc import Iterator

from store.identifiers import luhn_ok

_LOW = 30_000_000
_SPAN = 70_000_000  # 2**7 * 5**7 * 7
_MULTIPLIER = 31_415_927  # prime to the span (neither 2, 5 nor 7 divides it)


def check_digit(body: str) -> str:
    """The digit that makes `body + digit` pass the Luhn check."""
    total = 0
    for index, char in enumerate(reversed(body)):
        value = ord(char) - 48
        if not index & 1:  # these digits are doubled once the check digit is appended
            value *= 2
            if value > 9:
                value -= 9
        total += value
    digit = str(-total % 10)
    assert luhn_ok(body + digit), body
    return digit


def siren_at(index: int, seed: int) -> str:
    """The `index`-th demo SIREN for `seed` (distinct for distinct indexes below 70 million)."""
    offset = (seed * 7_654_321 + 1_234_567) % _SPAN
    body = str(_LOW + (_MULTIPLIER * index + offset) % _SPAN)
    return body + check_digit(body)


def sirens(seed: int, start: int = 0) -> Iterator[str]:
    """Demo SIRENs for `seed`, from the `start`-th on."""
    index = start
    while True:
        yield siren_at(index, seed)
        index += 1


def head_office_siret(siren: str, establishment: int = 1) -> str:
    """A valid SIRET for an establishment number (`00010`-style NIC, Luhn-checked)."""
    body = f"{siren}{establishment:04d}"
    return body + check_digit(body)
