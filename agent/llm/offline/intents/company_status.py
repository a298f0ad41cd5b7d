"""Where a company stands: "où en est Altis Apps ?", "what's the status of the first one?",
"Synora, on en est où ?". The answer is its card, whose lists give each of its leads' stage,
owner and last reason, with a word when it is in no lead list (so it has no stage yet)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.artifacts import CompanyArtifact
from agent.i18n import Language, md, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.intents.base import Plan, TextReply, plan_or_unavailable
from agent.llm.offline.references import (
    find_reference,
    no_results_text,
    out_of_range_text,
    resolve_rows,
)
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult

TOOL = "get_company"
SEARCH = "search_companies"
# The note under the card (see `stage_note`); a card step of `CompanyIntent.follow` carries it
STAGE_NOTE = "stage:"

_LEAD_IN = r"^\W*(?:(?:ok|bon|alors|et|and|so|well|right|dis[- ]moi|tell\s+me)[\s,]+)*"
_ASKED_FIRST = re.compile(
    _LEAD_IN + r"(?:ou\s+(?:en\s+(?:est|sont)(?:[- ]on\s+avec|\s+on\s+avec)?|on\s+en\s+est\s+avec)"
    r"|on\s+en\s+est\s+ou\s+avec|ou\s+en\s+sommes[- ]nous\s+avec"
    r"|(?:c'est\s+quoi|quel(?:le)?\s+est)\s+(?:le\s+|l')(?:statut|etape)\s+(?:de\s+|du\s+|d')"
    r"|(?:what'?s|what\s+is)\s+(?:the\s+)?(?:status|stage)\s+(?:of|on|with|for)"
    r"|status\s+(?:of|on|for)|where\s+(?:are\s+we|do\s+we\s+stand|does\s+it\s+stand|are\s+things)"
    r"\s+(?:with|on)|how(?:'s|\s+is)\s+(?:it|the\s+deal)\s+going\s+with)"
    r"[\s-]*(?P<name>[^?!]+?)\W*$"
)
_ASKED_AFTER = re.compile(
    _LEAD_IN + r"(?P<name>[^?!,:]+?)\s*[,:]?\s+(?:on\s+en\s+est\s+ou|ou\s+on\s+en\s+est"
    r"|ou\s+en\s+est[- ]on|ca\s+en\s+est\s+ou|where\s+(?:are\s+we|do\s+we\s+stand)"
    r"|what'?s\s+(?:the|its|their)\s+status)\W*$"
)
# "où en est-elle ?", "where are we with it?": the company on screen
_PRONOUN = re.compile(
    r"^(?:elle|il|ils|elles|on|it|they|them|this\s+one|that\s+one|celle-ci|celui-ci|ce\s+lead"
    r"|this\s+lead|cette\s+(?:boite|entreprise|societe)|this\s+company)$"
)
# "où en est mon pipeline ?", "où en sont mes leads ?": other intents' words, not a name
_NOT_A_COMPANY = re.compile(
    r"^(?:(?:mes|mon|ma|nos|notre|my|our|the|le|la|les|l'|ce|cette|ces|this|these)\s*)?"
    r"(?:pipe(?:line)?|leads?|listes?|lists?|synchro\w*|sync\w*|crm|hubspot|pipedrive|salesforce"
    r"|prospection|objectifs?|targets?|chiffres?|numbers|deals?|affaires|exports?|recherches?"
    r"|search|qualifications?|imports?|relances?|quotas?|semaine|week|mois|month|trimestre"
    r"|quarter|equipe|team|commerciaux|reps?|sqls?|mqls?|opportunites?|opportunities)(?![\w])"
)


class CompanyStatusIntent:
    """One company's standing: its card, with its lead lists and stages."""

    name = "company_status"
    tools: tuple[str, ...] = ()  # the card is written by `CompanyIntent`

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `get_company` call (a search first for a name), a question back, or None."""
        request = Request(text)
        name = request.group(_ASKED_FIRST, "name") or request.group(_ASKED_AFTER, "name")
        if not name or _NOT_A_COMPANY.match(Request(name).folded):
            return None
        memo = {"notes": [STAGE_NOTE]}
        language = conversation.language
        if _PRONOUN.match(Request(name).folded):
            focus = conversation.focus_company
            if focus is None:
                return TextReply(t("offline.company.which", language))
            return plan_or_unavailable(conversation, TOOL, {"siren": focus[0]}, memo=memo)
        reference = find_reference(Request(name).folded)
        if reference is not None and reference.is_single:  # "what's the status of the first one?"
            rows = conversation.shown_rows
            chosen = resolve_rows(reference, rows)
            if chosen:
                return plan_or_unavailable(conversation, TOOL, {"siren": chosen[0][0]}, memo=memo)
            if not rows:
                return TextReply(no_results_text(language))
            return TextReply(out_of_range_text(reference, len(rows), language))
        then = {"then": "card_" + STAGE_NOTE, "name": name}
        return plan_or_unavailable(conversation, SEARCH, {"text": name, "limit": 10}, memo=then)

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """No tool of its own."""
        return ""


def stage_note(results: Sequence[ToolResult], language: Language) -> str:
    """Under a card asked for its standing: nothing when its lists show its leads' stages,
    else that it is in no lead list, so it has no stage yet."""
    card = next((r.artifact for r in results if isinstance(r.artifact, CompanyArtifact)), None)
    if card is None or card.leads:
        return ""
    return md("offline.company_status.no_lead", language, company=card.company.name)
