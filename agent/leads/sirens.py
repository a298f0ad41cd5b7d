"""Turning what a user or model typed into SIRENs: spaces dropped, SIRETs cut to their SIREN."""

from __future__ import annotations

from collections.abc import Iterable

from agent.leads.errors import InvalidSiren
from store.identifiers import compact, is_valid_siren, is_valid_siret


def to_siren(value: str) -> str:
    """The SIREN in `value` (a SIREN or SIRET); raises `InvalidSiren` otherwise."""
    digits = compact(value.strip())
    if not digits.isdigit() or len(digits) not in (9, 14):
        raise InvalidSiren(value, "it should be 9 or 14 digits")
    if len(digits) == 14:
        if not is_valid_siret(digits):
            raise InvalidSiren(value, "the SIRET check digit is wrong")
        return digits[:9]
    if not is_valid_siren(digits):
        raise InvalidSiren(value, "the check digit is wrong")
    return digits


def to_sirens(values: Iterable[str]) -> list[str]:
    """SIRENs in the order given, each once; raises `InvalidSiren` on the first bad one."""
    return list(dict.fromkeys(to_siren(value) for value in values))
