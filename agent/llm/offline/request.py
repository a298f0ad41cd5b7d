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


# A question: a question mark, or a question word first ("ok qu'est-ce qui manque", "why"); "do it
# anyway" is an order
_QUESTION = re.compile(
    r"\?\s*$|^\W*(?:(?:ok|okay|bon|alors|et|mais|so|and|but|well)[\s,]+)*"
    r"(?:qu'est[- ]?ce|qu'est\s+ce|est[- ]ce\s+que|quoi|que|qui|pourquoi|comment|combien|quel(?:le)?s?"
    r"|lequel|laquelle|lesquel(?:le)?s|quand(?!\s+meme)|what(?:'s)?|why|how|which|who(?:'s)?|where|when"
    r"|do(?!\s+(?:it|that|this|so)(?![\w]))|does|did|is|are|can|could|should|would)(?![\w'])"
)
# A short acknowledgement or a pause: "ok", "merci", "on arrête là, je reprends demain"
_ACKNOWLEDGEMENT = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|bon|bien|d'accord|daccord|dac|entendu|compris|parfait|super|top|nickel"
    r"|genial|cool|great|perfect|nice|got\s+it|noted|alright|fine|merci|thanks|thank\s+you|thx|ca\s+marche"
    r"|vu|je\s+vois|i\s+see|hmm+|euh|ah|oh)(?:[\s,!.]+|$))+"
    r"(?:(?:on\s+arrete|arretons|on\s+s'arrete|on\s+en\s+reste|stop|pause|let'?s\s+stop|je\s+reprends"
    r"|on\s+reprend|on\s+verra|see\s+you|a\s+demain|a\s+plus|bye)(?:[\s,.!]+[\w' ,.!]*)?)?\W*$"
    r"|^\W*(?:on\s+arrete|arretons|on\s+s'arrete|on\s+en\s+reste|let'?s\s+stop|that'?s\s+all)"
    r"(?:\s+(?:la|ici|here|there|now|pour\s+l'instant|pour\s+aujourd'hui|for\s+(?:now|today)))?"
    r"(?:[\s,.;!]+(?:je|on|we|i'?ll)\s+(?:reprend\w*|continue\w*|verra|resume|pick\s+(?:it\s+)?up)"
    r"(?:\s+[\w' ]+)?)?\W*$"
)


# Dropping what was asked, whatever follows ("ok laisse", "laisse tomber alors", "forget it"):
# never a reason, never a name.
_CANCEL = re.compile(
    r"^\W*(?:(?:ok|okay|bon|alors|bah|ben|d'accord|daccord|dac|euh|ah|oh|non|no|nan)[\s,.!]+)*"
    r"(?:annule\w*|cancel\w*|laisse(?:[- ](?:le|la|les|tomber)|\s+comme\s+(?:ca|ça))?|oublie\w*"
    r"|never\s*mind|forget\s+(?:it|that)|leave\s+it|drop\s+it|skip\s+it)(?![\w'])"
)


def is_question(request: Request) -> bool:
    """Whether the message asks something ("ok qu'est-ce qui manque ?", "et en gagné ?")."""
    return request.has(_QUESTION)


def is_acknowledgement(request: Request) -> bool:
    """Whether the message only acknowledges or pauses ("ok", "merci", "on arrête là, je
    reprends demain")."""
    return request.has(_ACKNOWLEDGEMENT)


def is_cancellation(request: Request) -> bool:
    """Whether the message drops what Filon asked about ("ok laisse", "laisse tomber alors",
    "forget it"): never a reason, a name or an answer."""
    return request.has(_CANCEL)


def is_statement(request: Request) -> bool:
    """Whether the message states something: neither a question nor a short acknowledgement.
    Only a statement can be the reason of a stage move or the answer that writes data."""
    return not is_question(request) and not is_acknowledgement(request)
