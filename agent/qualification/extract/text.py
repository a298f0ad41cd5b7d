"""The rep's message as the extractors read it: folded for matching (lower case, no accents,
plain quotes), original spelling for what is kept (a pain, a name, a label), cut into pieces.

A piece is a sentence's stretch between commas or a "mais"/"but" ("budget 40 k€", "validé
par le DAF"); a comma between digits ("1,2 M€") and a dot between digits ("40.000 €") do not
cut. `agent.qualification.extract.parse` decides which pieces speak of which criterion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.search.vocabulary.fold import fold_with_map

# A dot ends a sentence unless it sits between digits ("40.000 €") or after "M", "Mr", "Dr".
_SENTENCE = re.compile(r"[!?;…\n]+|(?<!\bM)(?<!\bMr)(?<!\bDr)(?<!\bMs)(?:(?<!\d)\.|\.(?!\d))")
_PIECE = re.compile(r"(?<!\d),|,(?!\d)|\s(?:mais|but)\s", re.IGNORECASE)
_EDGES = " \t,;:.!?…-–—\"'«»"


@dataclass(frozen=True)
class Span:
    """A text and its folded form, with the way back from one to the other."""

    text: str
    folded: str = field(init=False)
    _origin: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        folded, origin = fold_with_map(self.text)
        object.__setattr__(self, "folded", folded)
        object.__setattr__(self, "_origin", origin)

    def original(self, start: int, end: int | None = None) -> str:
        """The original spelling of the folded text's [start, end), trimmed."""
        end = len(self.folded) if end is None else end
        if start >= end:
            return ""
        return trim(self.text[self._origin[start] : self._origin[end - 1] + 1])

    def tail(self, start: int) -> str:
        """The original text from the folded text's `start` on."""
        return self.text[self._origin[start] :] if start < len(self.folded) else ""


def trim(text: str) -> str:
    """`text` on one line, without the punctuation and spaces at its edges."""
    return " ".join(text.split()).strip(_EDGES)


def pieces(text: str) -> list[list[tuple[int, int]]]:
    """The message's sentences, each as its pieces' [start, end) in `text` (blank ones left
    out)."""
    found = []
    for start, end in _split(_SENTENCE, text, 0, len(text)):
        parts = [part for part in _split(_PIECE, text, start, end) if trim(text[slice(*part)])]
        if parts:
            found.append(parts)
    return found


def _split(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[tuple[int, int]]:
    bounds = []
    for match in pattern.finditer(text, start, end):
        bounds.append((start, match.start()))
        start = match.end()
    return [*bounds, (start, end)]


def joined(text: str, parts: list[tuple[int, int]]) -> str:
    """The parts of `text`: neighbouring pieces as written (with their comma or "mais"),
    others joined by "…"."""
    merged: list[list[int]] = []
    for start, end in parts:
        if merged and _PIECE.fullmatch(text, merged[-1][1], start):
            merged[-1][1] = end
        else:
            merged.append([start, end])
    return " … ".join(trim(text[start:end]) for start, end in merged)
