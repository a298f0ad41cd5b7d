"""A change at the top named as a buying signal: "companies with a new CEO in Nantes" asks for
companies that have the signal (a search), not for the people holding the role."""

from __future__ import annotations

import re

from agent.llm.offline.conversation import Conversation
from agent.llm.offline.request import Request
from agent.search.parse import parse_company_query


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{pattern})(?![\w])")


# A change at the top named as a buying signal: "new CEO", "nouveau DG", "nouvelle DAF"
_NEW_LEADER = _words(
    r"(?:new|nouvea\w*|nouvelle\w*)\s+(?:\w+\s+)?(?:ceo|pdg|p-dg|dg|dirigeant\w*|directeu\w+"
    r"|directrice\w*|president\w*|gerante?s?|cfo|daf|dsi|cto|cio|drh|patron\w*|boss|leaders?"
    r"|managing\s+director|head\s+of\s+\w+)"
)
_COMPANIES = _words(
    r"companies|firms|businesses|entreprises|societes|boites|ceux|celles|lesquelles"
)


def companies_with_a_new_leader(text: str, conversation: Conversation) -> bool:
    """Whether a new leader is the signal the companies searched for have ("companies with a
    new CEO in Nantes", "ESN qui ont un nouveau DG"), not the people asked for ("who is the
    new CEO of Verilia?")."""
    request = Request(text)
    if not request.has(_NEW_LEADER):
        return False
    reading = parse_company_query(text, today=conversation.today)
    placed = bool(reading.cities or reading.departments or reading.regions or reading.naf_codes)
    return "leadership_change" in reading.signal_kinds and (placed or request.has(_COMPANIES))


def without_new_leader(folded: str) -> str:
    """The folded request without its "new CEO" words, so that no role is read in them."""
    return _NEW_LEADER.sub(" ", folded)
