"""Text folding for matching: lower case, no accents, typographic quotes and dashes made plain.

Folding keeps a map from every folded character back to the original one, so the parser can
look at the user's capitalisation and hand back untouched words as free text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPECIAL = {
    "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss",
    "’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'",
    "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " ", "\n": " ", "\r": " ",
}  # fmt: skip
WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    special = _SPECIAL.get(char)
    if special is not None:
        return special
    decomposed = unicodedata.normalize("NFKD", char)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return plain or " "


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character."""
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = _fold_char(char)
        pieces.append(piece)
        origin.extend([index] * len(piece))
    return "".join(pieces), origin


def fold(text: str) -> str:
    """`Île-de-France` → `ile-de-france`."""
    return fold_with_map(text)[0]


def stem(word: str) -> str:
    """A folded word without its plural mark, the same on both sides of a lookup.

    `agences` → `agence`; `-ie`, `-ies` and `-y` all end in `i`, so `imprimeries`,
    `imprimerie`, `agencies` and `agency` meet (and `energy` meets `énergie`).
    """
    if len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    if len(word) > 3 and word.endswith("ie"):
        return word[:-1]
    if len(word) > 3 and word.endswith("y"):
        return word[:-1] + "i"
    return word


def phrase_key(phrase: str) -> tuple[str, ...]:
    """The lookup key of a phrase: its folded, stemmed words (hyphens and apostrophes split)."""
    return tuple(stem(word) for word in WORD.findall(fold(phrase)))
