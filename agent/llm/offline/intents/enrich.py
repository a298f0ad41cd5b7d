"""Finding and verifying emails: "trouve l'email du DSI de la première", "enrichis les contacts
de cette liste", "find the CFO's email at Verilia", "vérifie les emails des décideurs de
Verilia", "enrichis-les avec un budget de 20 crédits". The same companies as the people
requests (a name, a SIREN, ranks, a list, a search), asked of `enrich_contacts`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.artifacts import ContactsArtifact, EnrichmentArtifact
from agent.enrichment.describe import summary_lines
from agent.i18n import Language, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.intents.base import Plan, ToolCallPlan
from agent.llm.offline.intents.decision_makers import DecisionMakersIntent, people_body
from agent.llm.offline.references import find_reference
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult

TOOL = "enrich_contacts"


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{pattern})(?![\w])")


_EMAILS = r"(?:e-?mails?|mails?|adresses?(?:\s+e-?mail)?|coordonnees|contact\s+details|emails?)"
_ENRICH = _words(
    r"enrichi\w*|enrich\w*|waterfall|dropcontact|hunter(?:\.io)?"
    rf"|(?:verifi\w*|verify|check\w*|controle\w*|valide\w*)\s+(?:\S+\s+){{0,3}}?{_EMAILS}"
    rf"|(?:trouve\w*|cherche\w*|retrouve\w*|recupere\w*|degote\w*|find|get|look\s+up|fetch"
    rf"|dig\s+up)(?:-moi|-me)?\s+(?:moi\s+|me\s+)?(?:\S+\s+){{0,2}}?(?:l'|d'|s')?{_EMAILS}"
)
# Requests other intents own: exports of the emails, sending them
_NOT_HERE = _words(r"export\w*|csv|excel|envo\w+|send\w*|ecri\w+|redige\w*|write")
# "enrichis-les", "trouve leurs e-mails", "their emails": every company on screen is meant
_ALL_SHOWN = _words(r"-les|les|leurs|them|their|ces|these|tous|toutes|all|chacune|each")
_BUDGET = re.compile(
    r"(?:,?\s*(?:avec|with|pour|for)\s+(?:un|a)\s+)?budget\s+(?:de\s+|of\s+|max\w*\s+)?"
    r"(?P<n>\d+(?:[.,]\d+)?)\s*(?:cr[ée]dits?|credits?|€|euros?)?",
    re.IGNORECASE,
)


class EnrichIntent(DecisionMakersIntent):
    """The people's emails found and verified through the providers."""

    name = "enrich"
    tool = TOOL
    tools = (TOOL,)
    steps = ("enrich", "enrich_rows")
    which = "enrich.offline.which"

    def wanted(
        self,
        text: str,
        request: Request,
        bare: Request,
        roles: list[str],
        conversation: Conversation,
    ) -> bool:
        """Whether the request asks to look emails up (not only to show the people known)."""
        return bare.has(_ENRICH) and not request.has(_NOT_HERE)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """The people's plan for the request without its budget, the budget added to it."""
        budget = _BUDGET.search(text)
        if budget is None:
            return super().match(text, conversation)
        found = super().match(text[: budget.start()] + " " + text[budget.end() :], conversation)
        if not isinstance(found, ToolCallPlan):
            return found
        return _with_budget(found, float(budget["n"].replace(",", ".")))

    def plan(
        self,
        text: str,
        request: Request,
        named_list: str | None,
        roles: list[str],
        conversation: Conversation,
    ) -> Plan:
        """The people's plan, with the roles last shown when the same people are meant
        ("enrichis-les" after "les DSI de Verilia")."""
        found = super().plan(text, request, named_list, roles, conversation)
        latest = conversation.latest_contacts
        if not roles and latest is not None and latest.roles and isinstance(found, ToolCallPlan):
            shown = (
                {"list_name": latest.list_name}
                if latest.list_name
                else {"sirens": [company.siren for company in latest.companies]}
            )
            if found.calls == ((TOOL, shown),):
                found = ToolCallPlan.one(TOOL, {**shown, "roles": list(latest.roles)}, found.memo)
        return found

    def target(self, request: Request, conversation: Conversation) -> dict[str, object] | None:
        """Whose emails: as for the people, else every company on screen ("enrichis-les")."""
        found = super().target(request, conversation)
        every: dict[str, object] = {"sirens": [siren for siren, _ in conversation.shown_rows]}
        if request.has(_ALL_SHOWN) or find_reference(request.folded) is not None:
            return found or (every if conversation.shown_rows else None)
        # Paid look-ups for a whole page only when asked so ("il est pas vérifié" is one person)
        return None if found == every else found

    def follow(
        self, step: object, results: Sequence[ToolResult], conversation: Conversation
    ) -> Plan | None:
        """The two-step plans of the people, then the budget the first step kept."""
        found = super().follow(step, results, conversation)
        budget = (conversation.memo_of_calls or {}).get("budget")
        if budget is None or not isinstance(found, ToolCallPlan):
            return found
        return _with_budget(found, float(budget))

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """What the run found, then the people company by company."""
        return "\n\n".join(enrichment_answer(result, language) for result in results)


def _with_budget(plan: ToolCallPlan, budget: float) -> ToolCallPlan:
    """The plan with the budget on its enrichment call, and kept for its next step."""
    calls = tuple(
        (name, {**args, "budget": budget} if name == TOOL else args) for name, args in plan.calls
    )
    return ToolCallPlan(calls=calls, memo={**plan.memo, "budget": budget} if plan.memo else None)


def enrichment_answer(result: ToolResult, language: Language) -> str:
    """The answer for one `enrich_contacts` result."""
    if result.is_error:
        return explain_error(result, language)
    artifact = result.artifact
    if not isinstance(artifact, EnrichmentArtifact):
        return plain_answer(result, language)
    if not artifact.summary.providers:
        return t("enrich.no_provider", language)
    people = ContactsArtifact(
        roles=artifact.roles, list_name=artifact.list_name, companies=artifact.companies
    )
    summary = " ".join(summary_lines(artifact.summary, language))
    if artifact.summary.contacts == 0:
        return summary + "\n\n" + t("enrich.nobody", language)
    return summary + "\n\n" + people_body(people, language)
