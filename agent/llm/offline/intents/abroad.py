"""Places outside France: "ESN à Bruxelles", "et en Belgique ?", "what about London?". Filon
searches the French register (SIRENE) only, so it says so instead of searching the place's
name as free text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.i18n import Language, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.intents.base import Plan, TextReply
from agent.llm.offline.intents.refine import query_args
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult
from agent.search.parse import parse_company_query

# Countries and their main business cities (folded), as reps name them; none is a French
# commune a rep would search (Luxembourg is left out: a Paris garden, and a Meuse hamlet).
_ABROAD = (
    r"belgique|belgium|bruxelles|brussels|anvers|antwerp|liege|gand|ghent|namur|charleroi"
    r"|suisse|switzerland|geneve|geneva|lausanne|zurich|bale|basel|berne|bern"
    r"|allemagne|germany|berlin|munich|munchen|francfort|frankfurt|hambourg|hamburg|cologne"
    r"|espagne|spain|madrid|barcelone|barcelona|seville|valence\s+en\s+espagne"
    r"|italie|italy|milan|milano|rome|roma|turin|torino"
    r"|royaume-uni|united\s+kingdom|uk|angleterre|england|londres|london|manchester|ecosse|scotland"
    r"|irlande|ireland|dublin|pays-bas|netherlands|holland|hollande|amsterdam|rotterdam"
    r"|portugal|lisbonne|lisbon|porto|maroc|morocco|casablanca|tunisie|tunisia|tunis|algerie"
    r"|algeria|alger|canada|quebec|montreal|toronto|etats-unis|usa|united\s+states|new\s+york"
    r"|san\s+francisco|autriche|austria|vienne\s+en\s+autriche|pologne|poland|varsovie|warsaw"
)
_PLACE = re.compile(
    rf"(?<![\w])(?:a|au|aux|en|dans|sur|in|at|near|pres\s+de|vers|about|et|and)\s+"
    rf"(?:le\s+|la\s+|les\s+|l'|the\s+)?(?P<place>{_ABROAD})(?![\w-])"
)


ABROAD_QUERY = "abroad_query"  # the memo key: what was sought, without the foreign place


def _what_was_sought(request: Request, conversation: Conversation) -> dict[str, Any]:
    """The search asked without its foreign place ("ESN à Bruxelles" → ESN), or the one
    declined before ("et en Suisse ?"): what "et à Lille alors" searches next."""
    rest = _PLACE.sub(" ", request.folded)
    reading = parse_company_query(rest, today=conversation.today)
    if reading.naf_codes or reading.sections or reading.headcount_min or reading.categories:
        return query_args(reading.model_copy(update={"text": None, "name": None, "limit": 10}))
    earlier = conversation.abroad_query
    return dict(earlier) if earlier else {}


class AbroadIntent:
    """A search or a follow-up in a place outside France: said plainly, no search run."""

    name = "abroad"
    tools: tuple[str, ...] = ()

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """The honest answer when the request names a foreign place; None otherwise."""
        request = Request(text)
        place = request.group(_PLACE, "place")
        if place is None:
            return None
        return TextReply(
            t("offline.abroad", conversation.language, place=place),
            memo={ABROAD_QUERY: _what_was_sought(request, conversation)},
        )

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """Never asked: this intent answers directly."""
        return ""
