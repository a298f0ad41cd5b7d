"""A request as the intents read it: folded for matching, original spelling for extraction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from agent.search.vocabulary.fold import fold_with_map

_QUOTED = re.compile(r"(?<!\w)[\"'«“‘]\s*(?P<q>[^\"'«»“”‘’]+?)\s*[\"'»”’](?!\w)")
_TRAILING = re.compile(r"[\s?!.,;:…]+$")


@dataclass(frozen=True)
class Request:
    """The text of the last human message."""

    text: str

    @cached_property
    def _folded(self) -> tuple[str, list[int]]:
        return fold_with_map(self.text)

    @property
    def folded(self) -> str:
        """Lower case, no accents, plain quotes: what the patterns match against."""
        return self._folded[0]

    def has(self, pattern: re.Pattern[str]) -> bool:
        """Whether the pattern occurs in the folded text."""
        return pattern.search(self.folded) is not None

    def original(self, start: int, end: int) -> str:
        """The original spelling of a span of the folded text."""
        if start >= end:
            return ""
        origin = self._folded[1]
        return self.text[origin[start] : origin[end - 1] + 1]

    def group(self, pattern: re.Pattern[str], name: str) -> str | None:
        """A named group of the first match, in its original spelling, trimmed."""
        match = pattern.search(self.folded)
        if match is None or match.group(name) is None:
            return None
        return clean(self.original(match.start(name), match.end(name))) or None

    def quoted(self) -> str | None:
        """The first quoted phrase ('ESN Lyon', « ESN Lyon »), if any."""
        match = _QUOTED.search(self.text)
        return match["q"].strip() if match else None


_POLITE = re.compile(
    r"(?i)[\s,]+(?:stp|svp|s'il\s+(?:te|vous)\s+pla[iî]t|please|pls|merci|thanks|thx)\W*$"
)


_ALSO = re.compile(
    r"(?i)[\s,]+(?:aussi|[ée]galement|too|also|as\s+well|itou|maintenant|now|actuellement|currently"
    r"|aujourd'hui|today|en\s+ce\s+moment|right\s+now|d[ée]j[àa]|already)\W*$"
)


def clean(value: str) -> str:
    """A name without trailing punctuation, politeness or "aussi", surrounding quotes or
    spaces ("la liste Webinar Q4 aussi" → "Webinar Q4")."""
    value = _ALSO.sub("", _POLITE.sub("", _TRAILING.sub("", value)))
    return _TRAILING.sub("", value).strip().strip("\"'«»“”‘’").strip()
