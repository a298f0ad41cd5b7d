"""Company names, acronyms and web domains composed from word lists
("Numérique Conseil Lyon", "Groupe Dupont Bâtiment", "Alpes Data Services")."""

from __future__ import annotations

import random
import re
import unicodedata
from functools import cache

from store.demo.names import (
    BRAND_ENDINGS,
    BRAND_ROOTS,
    LAST_NAMES,
    NAME_PREFIXES,
    NAME_SUFFIXES,
)
from store.demo.places import REGION_WORDS, City

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SMALL_WORDS = {"de", "du", "des", "la", "le", "les", "et", "en", "d", "l", "&"}


def ascii_fold(text: str) -> str:
    """`Numérique Œuvre` → `Numerique OEuvre`: accents dropped, ligatures spelt out."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


@cache
def slug(text: str, separator: str = "-") -> str:
    """A lowercase ASCII slug: `Groupe Dupont Bâtiment` → `groupe-dupont-batiment`."""
    return _NOT_SLUG.sub(separator, ascii_fold(text).lower()).strip(separator)


def brand(rng: random.Random) -> str:
    """An invented brand name such as `Novalys`."""
    return rng.choice(BRAND_ROOTS) + rng.choice(BRAND_ENDINGS)


def company_name(
    rng: random.Random, activity_words: tuple[str, ...], city: City, region: str
) -> str:
    """A plausible French company name from words naming the activity, and a place."""
    words = rng.choice(activity_words)
    surname = rng.choice(LAST_NAMES)
    pattern = rng.randrange(8)
    if pattern == 0:
        return f"{words} {city.name}"
    if pattern == 1:
        return f"{rng.choice(NAME_PREFIXES)} {surname} {words}"
    if pattern == 2:
        return f"{rng.choice(REGION_WORDS[region])} {words}"
    if pattern == 3:
        return f"{surname} {rng.choice(NAME_SUFFIXES)}"
    if pattern == 4:
        return f"{surname} {words}"
    return f"{brand(rng)} {words}" if pattern < 7 else brand(rng)


def acronym(name: str) -> str | None:
    """Initials of the significant words (`Numérique Conseil Lyon` → `NCL`), if at least two."""
    words = [w for w in re.split(r"[\s\-']+", ascii_fold(name)) if w]
    initials = "".join(w[0].upper() for w in words if w.lower() not in _SMALL_WORDS)
    return initials if 2 <= len(initials) <= 5 else None


def domain_for(name: str, tld: str, taken: set[str]) -> str:
    """A web domain for a name, distinct from those already `taken` (which it joins)."""
    base = slug(name, "")[:24] or "entreprise"
    candidate = f"{base}.{tld}"
    number = 2
    while candidate in taken:
        candidate = f"{base}{number}.{tld}"
        number += 1
    taken.add(candidate)
    return candidate
