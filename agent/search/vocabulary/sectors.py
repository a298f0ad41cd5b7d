"""Sector words and sales jargon, in French and English, mapped to NAF rév. 2 prefixes.

The table itself is data, in `sectors.toml` beside this module. Each entry lists the phrases that name a sector and the NAF prefixes (or, for very broad
words like "industrie", the NAF sections) it stands for. Plurals are matched automatically;
acronyms that are also ordinary words ("IT") are listed in `upper_phrases` and count only in
capitals;
accents, case, hyphens and apostrophes do not matter. Longer phrases win over shorter ones
("conseil en recrutement" beats "conseil"). Niche words we cannot map precisely
("cybersécurité", "IA") are deliberately absent so they stay in the free text and rank results.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files


@dataclass(frozen=True, slots=True)
class Sector:
    """A sector: its name, NAF prefixes, NAF sections and the phrases that name it."""

    name: str
    naf: tuple[str, ...]
    phrases: tuple[str, ...]
    sections: tuple[str, ...] = ()
    upper_phrases: tuple[str, ...] = ()  # acronyms that are also words ("IT"): capitals only


@cache
def sectors() -> tuple[Sector, ...]:
    """Every sector of `sectors.toml`, read once."""
    table = tomllib.loads(files(__package__).joinpath("sectors.toml").read_text(encoding="utf-8"))
    return tuple(
        Sector(
            name=entry["name"],
            naf=tuple(entry["naf"]),
            phrases=tuple(entry["phrases"]),
            sections=tuple(entry.get("sections", ())),
            upper_phrases=tuple(entry.get("upper_phrases", ())),
        )
        for entry in table["sector"]
    )
