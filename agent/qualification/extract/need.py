"""The pain, in a rep's words: "ils veulent remplacer leur CRM", "besoin de …", "leur problème
c'est …", "pain: …", "they need to …", "looking to …" — and "pas de besoin", "no need", "ils
sont satisfaits de leur outil actuel" (against).

The pain is the rep's own clause, without its lead-in ("ils veulent", "besoin de") and without
what belongs to another criterion ("… avant juin", "… pour 40 k€", "… le DAF signe").
Wishes ("ils veulent", "they want") speak of a need only where nothing else is said: "ils
veulent démarrer en juin" is a timing.
"""

from __future__ import annotations

import re

from agent.qualification.extract.status import status_of
from agent.qualification.extract.text import Span
from agent.qualification.facts import MAX_TEXT, BantStatus, Need

_STRONG = re.compile(
    r"\b(?:besoins?|needs?|needed|pains?|pain points?|problemes?|problems?|soucis?|douleurs?"
    r"|enjeux?|challenges?|issues? (?:is|are|with)|remplacer|replace|changer (?:de|leur)"
    r"|switch(?:ing)? from|migrer|migrate|moderniser|modernise|automatiser|automate"
    r"|galer\w*|struggl\w*|looking (?:to|for)|cherchent? (?:a|un|une|des))\b"
)
_WISH = re.compile(
    r"\b(?:veu(?:lent|t)|voudrai(?:en)?t|souhait\w*|aimerai(?:en)?t|wants?|would like|aim to"
    r"|objectifs?|goal)\b"
)
_LEAD_IN = re.compile(
    r"(?:(?:ils|elles|il|elle|on|nous|le client|they|we|he|she|the client)\s+)?(?:(?:ont|a|avons"
    r"|have|has|sont|are|is)\s+)?(?:(?:un|une|le|la|les|leur|leurs|notre|nos|gros|grosse|vrai"
    r"|vraie|real|big|main|the|their|our|a)\s+)*(?:besoins?|needs?|pains?|pain points?"
    r"|problemes?|problems?|soucis?|douleurs?|enjeux?|challenges?|issues?|objectifs?|goal"
    r"|veu(?:lent|t)|voudrai(?:en)?t|souhait\w*|aimerai(?:en)?t|wants?|would like|aim|looking"
    r"|cherchent?)(?:\s+principale?)?(?:\s*(?::|=|(?:c'est|ce sont|est|sont|is|are|de|d'|to|a"
    r"|for|que|qu'|that)\b)\s*)*"
)
# Words that join the pain to what comes around it: trimmed from its edges.
_JOINS = (
    r"et|and|mais|but|pour|for|car|because|donc|so|avec|with|d'ici|by|avant|before|en|in|dans"
    r"|within|sur|des|from|a|at|qui|who"
)
_LEADING = re.compile(rf"^(?:\W|\b(?:{_JOINS})\b)*")
_TRAILING = re.compile(rf"(?:\W|\b(?:{_JOINS})\b)*$")
_NEGATIVE = re.compile(
    r"\b(?:(?:pas|aucun|no|sans|without) (?:de |d'|real |vrai )?(?:besoin|need|pain)"
    r"|pas besoin|(?:don't|do not|doesn't|does not) need|n'en (?:ont|a) pas besoin"
    r"|satisfaits? (?:de|avec|par)|satisfied with|happy with|(?:pas|plus|not|no longer)"
    r" interesse\w*|not interested|(?:ca|cela) (?:leur|lui|nous) (?:va|convient)"
    r"|contents? de leur)"
)


def mentions_need(folded: str, *, alone: bool) -> bool:
    """Whether `folded` speaks of a need; a wish counts only when nothing else is said."""
    return bool(_STRONG.search(folded) or _NEGATIVE.search(folded)) or (
        alone and bool(_WISH.search(folded))
    )


def read_need(span: Span, *, others: list[tuple[int, int]], answering: bool) -> Need:
    """The need `span` speaks of; `others` are where other criteria are written in it (the
    pain stops there). Answering the need question, the whole text is the pain."""
    status = status_of(span.folded, negative=_NEGATIVE, default=BantStatus.confirmed)
    pain = None if status == BantStatus.negative else _pain(span, others, answering=answering)
    if pain is None and status == BantStatus.confirmed:
        status = BantStatus.unknown
    return Need(status=status, note=span.original(0)[:MAX_TEXT] or None, pain=pain)


def _pain(span: Span, others: list[tuple[int, int]], *, answering: bool) -> str | None:
    folded = span.folded
    cues = [m.start() for m in (_STRONG.search(folded), _WISH.search(folded)) if m is not None]
    if not cues and not answering:
        return None
    at = min(cues, default=0)
    start = max((end for _, end in others if end <= at), default=0)
    stop = min((begin for begin, _ in others if begin >= at), default=len(folded))
    for lead in _LEAD_IN.finditer(folded, start, stop):
        if lead.start() <= at < lead.end():
            start = lead.end()
            break
    head = _LEADING.match(folded, start, stop)
    start = head.end() if head else start
    tail = _TRAILING.search(folded, start, stop)
    stop = tail.start() if tail else stop
    return span.original(start, stop)[:MAX_TEXT] or None
