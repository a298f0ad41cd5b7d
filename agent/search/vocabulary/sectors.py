"""Sector words and sales jargon, in French and English, mapped to NAF rév. 2 prefixes.

The table itself is data, in `sectors.toml` beside this module. Each entry lists the phrases that name a sector and the NAF prefixes (or, for very broad
words like "industrie", the NAF sections) it stands for. Plurals are matched automatically;
acronyms that are also ordinary words ("IT") are listed in `upper_phrases` and count only in
capitals; short forms that are also ordinary words ("info": information) are listed in
`company_phrases` and count only right after a word for companies ("PME info", "boîtes d'info");
accents, case, hyphens and apostrophes do not matter. Longer phrases win over shorter ones
("conseil en recrutement" beats "conseil"). Niche words we cannot map precisely
("cybersécurité", "IA") are deliberately absent so they stay in the free text and rank results.
Reps' own words ("restos", "agences immo", "BET") are kept apart in `rep_words.toml`, each
naming the sector it stands for; they are added to that sector's phrases here.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any


@dataclass(frozen=True, slots=True)
class Sector:
    """A sector: its name, NAF prefixes, NAF sections and the phrases that name it."""

    name: str
    naf: tuple[str, ...]
    phrases: tuple[str, ...]
    sections: tuple[str, ...] = ()
    upper_phrases: tuple[str, ...] = ()  # acronyms that are also words ("IT"): capitals only
    company_phrases: tuple[str, ...] = ()  # "info": only after "PME", "boîtes d'"…


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads(files(__package__).joinpath(name).read_text(encoding="utf-8"))


@cache
def sectors() -> tuple[Sector, ...]:
    """Every sector of `sectors.toml` with the reps' words of `rep_words.toml`, read once."""
    table = _read("sectors.toml")
    rep_words = _read("rep_words.toml")
    words: dict[str, list[str]] = {}
    upper_words: dict[str, list[str]] = {}
    for kind, grouped in (("words", words), ("upper_words", upper_words)):
        for phrase, sector in rep_words[kind].items():
            grouped.setdefault(sector, []).append(phrase)
    known = {entry["name"] for entry in table["sector"]}
    if unknown := (set(words) | set(upper_words)) - known:
        raise ValueError(f"rep_words.toml names sectors sectors.toml lacks: {sorted(unknown)}")
    return tuple(
        Sector(
            name=entry["name"],
            naf=tuple(entry["naf"]),
            phrases=(*entry["phrases"], *words.get(entry["name"], ())),
            sections=tuple(entry.get("sections", ())),
            upper_phrases=(
                *entry.get("upper_phrases", ()),
                *upper_words.get(entry["name"], ()),
            ),
            company_phrases=tuple(entry.get("company_phrases", ())),
        )
        for entry in table["sector"]
    )
