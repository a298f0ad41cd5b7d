"""All phrase vocabularies merged into one lookup table, keyed by folded, stemmed words.

The parser scans words left to right and takes the longest phrase found here; a phrase may
carry several readings ("Vienne": the department after "en", the city after "à"), each with
the rule that decides whether it applies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from .business_parks import BUSINESS_PARKS, park_city
from .fold import phrase_key
from .legal import LEGAL_WORDS, LEGAL_WORDS_UPPER_ONLY
from .places import (
    AREAS,
    CITIES,
    CITIES_NEEDING_CONTEXT,
    CITY_ALIASES,
    CITY_ALIASES_NEEDING_CONTEXT,
    CITY_BRANDS,
    CITY_DEMONYMS,
    DEPARTMENTS_NEEDING_CONTEXT,
    FORMER_REGIONS,
    REGION_ALIASES,
    REGION_UPPER_ONLY,
    city_variants,
    department_names,
    sirene_city,
)
from .sectors import Sector, sectors
from .signals import CLOSED_WORDS, SIGNAL_WORDS
from .sizes import SIZE_WORDS, SIZE_WORDS_UPPER_ONLY, SizeWord

Kind = Literal["sector", "region", "department", "city", "size", "legal", "closed", "signal"]
# any: always; upper: typed in capitals; lower: typed in lower case; place: after "en/dans
# le/du…" or capitalised mid-sentence; city: after "à/in/at…" or capitalised mid-sentence;
# city_strict: after "à/in/at…" only (see agent.search.vocabulary.places); after_company:
# right after a word for companies ("PME info", "boîtes d'info").
Rule = Literal["any", "upper", "lower", "place", "city", "city_strict", "after_company"]
Value = str | tuple[str, ...] | Sector | SizeWord  # a tuple: legal forms, or regions of an area


@dataclass(frozen=True, slots=True)
class Term:
    """One reading of a phrase: what it sets, and when it applies."""

    kind: Kind
    value: Value
    rule: Rule = "any"


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Phrase key → readings, and the longest key length."""

    terms: dict[tuple[str, ...], tuple[Term, ...]]
    longest: int


def _entries() -> Iterable[tuple[str, Term]]:
    for sector in sectors():
        for phrase in sector.phrases:
            yield phrase, Term("sector", sector)
        for phrase in sector.upper_phrases:
            yield phrase, Term("sector", sector, "upper")
        for phrase in sector.company_phrases:
            yield phrase, Term("sector", sector, "after_company")
    for region, aliases in REGION_ALIASES.items():
        for alias in aliases:
            yield alias, Term("region", region)
    for region, aliases in REGION_UPPER_ONLY.items():
        for alias in aliases:
            yield alias, Term("region", region, "upper")
    for regions, aliases in AREAS.items():
        for alias in aliases:
            yield alias, Term("region", regions)
    for departments, aliases in FORMER_REGIONS.items():
        for alias in aliases:
            yield alias, Term("department", departments)
    for code, names in department_names().items():
        rule: Rule = "place" if code in DEPARTMENTS_NEEDING_CONTEXT else "any"
        for name in names:
            yield name, Term("department", code, rule)
    # A capital alone does not make a city of a department's name ("ESN Vienne": the 86).
    department_keys = {phrase_key(n) for names in department_names().values() for n in names}
    for city in CITIES:
        if city in CITIES_NEEDING_CONTEXT:
            strict = city in CITY_BRANDS or phrase_key(city) in department_keys
            rule = "city_strict" if strict else "city"
        else:
            rule = "any"
        for variant in city_variants(city):
            yield variant, Term("city", sirene_city(city), rule)
        for alias in CITY_ALIASES.get(city, ()):
            alias_rule: Rule = "city_strict" if alias in CITY_ALIASES_NEEDING_CONTEXT else "any"
            yield alias, Term("city", sirene_city(city), alias_rule)
        for demonym in CITY_DEMONYMS.get(city, ()):
            yield demonym, Term("city", sirene_city(city), "lower")
    for park in BUSINESS_PARKS:
        yield park.name, Term("city", park_city(park), "city" if park.needs_context else "any")
        for alias in park.aliases:
            yield alias, Term("city", park_city(park))
    for size, phrases in SIZE_WORDS.items():
        for phrase in phrases:
            yield phrase, Term("size", size)
    for size, phrases in SIZE_WORDS_UPPER_ONLY.items():
        for phrase in phrases:
            yield phrase, Term("size", size, "upper")
    for prefixes, phrases in LEGAL_WORDS.items():
        for phrase in phrases:
            yield phrase, Term("legal", prefixes)
    for prefixes, phrases in LEGAL_WORDS_UPPER_ONLY.items():
        for phrase in phrases:
            yield phrase, Term("legal", prefixes, "upper")
    for phrase in CLOSED_WORDS:
        yield phrase, Term("closed", "closed")
    for signal, phrases in SIGNAL_WORDS.items():
        for phrase in phrases:
            yield phrase, Term("signal", signal)


@cache
def lexicon() -> Lexicon:
    """The merged lookup table, built on first use."""
    terms: dict[tuple[str, ...], list[Term]] = {}
    for phrase, term in _entries():
        key = phrase_key(phrase)
        readings = terms.setdefault(key, [])
        if term not in readings:
            readings.append(term)
    # Readings with a condition go first: "à Mâcon" is the city, "maçon" alone the trade;
    # and "à Vienne" is the city before "Vienne" (capitalised) is the department.
    order: dict[Rule, int] = {
        "city": 0, "city_strict": 0, "upper": 1, "lower": 1, "after_company": 1, "place": 2,
        "any": 3,
    }  # fmt: skip
    return Lexicon(
        terms={
            key: tuple(sorted(readings, key=lambda term: order[term.rule]))
            for key, readings in terms.items()
        },
        longest=max(len(key) for key in terms),
    )
