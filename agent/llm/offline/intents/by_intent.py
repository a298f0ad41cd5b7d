"""Sorting by the intent score right after signals, a scoring run or leads: "trie par
intention", "par score d'intention", "by intent", "les plus chaudes d'abord".

The leads on screen (or the leads just scored) come again, the highest intent of their company
first (`list_leads` with sort=intent); signals come again as they always do, the hottest
first; a scoring run about a few companies gives their signals. After a company search, the
search itself is sorted (`refine.py`), so this intent leaves it alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AIMessage

from agent.artifacts import LeadsArtifact, ScoresArtifact, SignalsArtifact
from agent.i18n import Language
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.followups import sort_in
from agent.llm.offline.intents.base import Plan, plan_or_unavailable
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult

LEADS = "list_leads"
SIGNALS = "find_signals"

# "par intention", "par score d'intention ?", "by intent score", "selon l'intention d'achat":
# the order alone, no verb
_BY_INTENT = re.compile(
    r"^\W*(?:(?:et|and|ok|bon|alors|maintenant|now|plutot|instead)[\s,]+)*"
    r"(?:(?:tri\w*|classe\w*|range\w*|ordonne\w*|sort\w*|order\w*)(?:[- ](?:les|la|le|them|it))?\s+)?"
    r"(?:par|by|selon|suivant|according\s+to)\s+(?:le\s+|la\s+|l'\s*|the\s+|leur\s+|their\s+)?"
    r"(?:score\s+d'\s*|niveau\s+d'\s*)?(?:intentions?|intensions?|intent)(?:\s+(?:d'achat|score|d'achats))?"
    r"(?:\s+(?:d'abord|first|decroissante?|descending|desc))?"
    r"(?:[\s,]+(?:stp|svp|please|merci))?\W*$"
)


def asks_for_intent_order(request: Request) -> bool:
    """Whether the request asks for the intent order ("trie par intention", "by intent")."""
    return request.has(_BY_INTENT) or sort_in(request.folded) == "intent"


class ByIntentIntent:
    """The leads or signals on screen again, the highest intent first."""

    name = "by_intent"
    tools: tuple[str, ...] = ()  # the leads' and the signals' intents write the answers

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `list_leads` (sort=intent) or `find_signals` call, or None."""
        if not asks_for_intent_order(Request(text)):
            return None
        match conversation.latest_artifact:
            case LeadsArtifact() as shown:
                return plan_or_unavailable(
                    conversation, LEADS, {**shown.filters(), "sort": "intent"}
                )
            case ScoresArtifact() as scored:
                return self._scored(scored, conversation)
            case SignalsArtifact():
                asked = _last_args(conversation, SIGNALS)
                return None if asked is None else plan_or_unavailable(conversation, SIGNALS, asked)
        return None

    @staticmethod
    def _scored(scored: ScoresArtifact, conversation: Conversation) -> Plan:
        """The leads a scoring run was about, by intent: a list's, the leads scored, or the
        signals of the few companies asked about."""
        if scored.scope == "companies":
            return plan_or_unavailable(conversation, SIGNALS, {"sirens": scored.sirens})
        args: dict[str, Any] = {"sort": "intent"}
        if scored.list_name:
            args["list_name"] = scored.list_name
        if scored.owner:
            args["owner"] = scored.owner
        return plan_or_unavailable(conversation, LEADS, args)

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """Never called: the answers belong to the tools' own intents."""
        return ""


def _last_args(conversation: Conversation, tool: str) -> dict[str, Any] | None:
    """The arguments of the latest call of `tool`."""
    for message in reversed(conversation.messages):
        if isinstance(message, AIMessage):
            for call in message.tool_calls:
                if call["name"] == tool:
                    return dict(call["args"])
    return None
