"""Commune names as INSEE writes them, for SIRENE's spellings: "MERIGNAC" → "Mérignac",
"REZE" → "Rezé", "LYON 9EME" → "Lyon 9e", "LE HAVRE" → "Le Havre".

The names come from INSEE's *Code officiel géographique* (`communes.tsv.gz` beside this module,
~37,000 communes, arrondissements and former communes; rebuilt by `scripts/make_communes.py`).
A company is matched by its INSEE commune code first, then by its spelling within the
department of its postcode; a name found nowhere is title-cased the French way.
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from importlib.resources import files

from store.reference.geo import department_of
from store.text import fold

_ARRONDISSEMENT = re.compile(r"^(PARIS|LYON|MARSEILLE)\s+0?(\d{1,2})\s*(?:ER|E|EME|IEME)?$")
_SMALL_WORDS = frozenset(
    {"de", "du", "des", "la", "le", "les", "en", "sur", "sous", "lès", "lez", "et", "aux", "au"}
)
_ELIDED = re.compile(r"^([dl])'(.+)$", re.IGNORECASE)


def commune_key(name: str) -> str:
    """`Saint-Étienne`, `SAINT ETIENNE` → `SAINT ETIENNE`: the spelling-free form of a name."""
    plain = fold(name).upper().replace("-", " ").replace("'", " ").replace("’", " ")
    return " ".join(plain.split())


@cache
def commune_names() -> dict[str, str]:
    """INSEE commune code → name ("33281" → "Mérignac")."""
    raw = files(__package__).joinpath("communes.tsv.gz").read_bytes()
    table: dict[str, str] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        code, _, name = line.partition("\t")
        table[code] = name
    return table


@cache
def _by_spelling() -> dict[tuple[str | None, str], str]:
    """(department, key) → name, and (None, key) → name when the key names one commune only."""
    index: dict[tuple[str | None, str], str] = {}
    seen: dict[str, set[str]] = {}
    for code, name in commune_names().items():
        key = commune_key(name)
        index.setdefault((department_of(commune_code=code), key), name)
        seen.setdefault(key, set()).add(name)
    for key, names in seen.items():
        if len(names) == 1:
            index[(None, key)] = next(iter(names))
    return index


def commune_label(
    city: str | None, *, commune_code: str | None = None, postcode: str | None = None
) -> str | None:
    """A commune's name as people read it, from SIRENE's spelling and what else is known."""
    if commune_code and commune_code in commune_names():
        return commune_names()[commune_code]
    if not city or not city.strip():
        return None
    spelled = " ".join(city.split())
    arrondissement = _ARRONDISSEMENT.match(commune_key(spelled))
    if arrondissement:
        number = int(arrondissement[2])
        return f"{arrondissement[1].title()} {number}{'er' if number == 1 else 'e'}"
    key = commune_key(spelled)
    index = _by_spelling()
    found = index.get((department_of(postcode=postcode), key)) or index.get((None, key))
    if found:
        return found
    return title_case(spelled) if spelled.isupper() else spelled


def title_case(name: str) -> str:
    """`SAINT-JEAN-DE-LUZ` → `Saint-Jean-de-Luz`, `L'ISLE-ADAM` → `L'Isle-Adam` (no accents
    can be restored without the reference: this is the last resort)."""

    def word(piece: str, first: bool) -> str:
        lower = piece.lower()
        elided = _ELIDED.match(lower)
        if elided:
            head = elided[1] if not first else elided[1].upper()
            return f"{head}'{elided[2][:1].upper()}{elided[2][1:]}"
        if not first and lower in _SMALL_WORDS:
            return lower
        return lower[:1].upper() + lower[1:]

    out: list[str] = []
    for index, spaced in enumerate(name.split(" ")):
        parts = spaced.split("-")
        out.append(
            "-".join(word(part, first=index == 0 and i == 0) for i, part in enumerate(parts))
        )
    return " ".join(out)
