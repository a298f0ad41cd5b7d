"""The state of one parse: the request, its folded form, what has been understood so far."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from store.search.query import Sort

from .vocabulary.fold import fold, fold_with_map
from .vocabulary.stopwords import is_filler

_SPLIT = re.compile(r"[\s,;:!?()\[\]{}\"«»<>|/*]+")
_EDGE = re.compile(r"^\W+|\W+$")
_ELISION = re.compile(r"^(?:d|j|qu|n|m|s|c|t)'", re.IGNORECASE)


@dataclass
class Found:
    """Filters read so far; the first reading of a bound wins."""

    naf: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    postcodes: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    legal_forms: list[str] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)
    signal_since: date | None = None
    headcount_min: int | None = None
    headcount_max: int | None = None
    created_after: date | None = None
    created_before: date | None = None
    max_age_years: int | None = None
    include_closed: bool = False
    limit: int | None = None
    sort: Sort | None = None
    identifier: str | None = None
    # Foreign places as typed ("en Belgique"): kept in the text for the search to set aside.
    foreign: list[str] = field(default_factory=list)
    # Where sector phrases were read (folded offsets): those words may also be a name.
    sector_spans: list[tuple[int, int]] = field(default_factory=list)


class Scan:
    """The request, its folded form, and which folded characters have been understood."""

    def __init__(self, text: str, today: date) -> None:
        self.text = text
        self.today = today
        self.folded, self.origin = fold_with_map(text)
        self.used = bytearray(len(self.folded))
        self.found = Found()

    def is_free(self, start: int, end: int) -> bool:
        return not any(self.used[start:end])

    def take(self, start: int, end: int) -> None:
        self.used[start:end] = b"\x01" * (end - start)

    def original(self, start: int, end: int) -> str:
        return self.text[self.origin[start] : self.origin[end - 1] + 1]

    def leftover(self, *, keep: list[tuple[int, int]] | None = None) -> str | None:
        """The words not understood (and those of the `keep` spans), in their original
        spelling, without filler words."""
        chars = list(self.text)
        kept = bytearray(len(self.folded))
        for start, end in keep or ():
            kept[start:end] = b"\x01" * (end - start)
        for index, used in enumerate(self.used):
            if used and not kept[index]:
                chars[self.origin[index]] = " "
        words = []
        for piece in _SPLIT.split("".join(chars)):
            word = _EDGE.sub("", piece)
            if not word:
                continue
            elided = _ELISION.sub("", word)
            folded = fold(elided)
            if not elided or is_filler(folded):
                continue
            words.append(elided if elided != word and not word[:1].isupper() else word)
        return " ".join(words) or None
