"""Finding and verifying emails: "trouve l'email du DSI de la première", "enrichis les contacts
de cette liste", "find the CFO's email at Verilia", "vérifie les emails des décideurs de
Verilia", "enrichis-les avec un budget de 20 crédits". The same companies as the people
requests (a name, a SIREN, ranks, a list, a search), asked of `enrich_contacts`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.artifacts import ContactsArtifact, EnrichmentArtifact
from agent.enrichment.describe import summary_lines
from agent.i18n import Language, md, t
from agent.i18n.labels import enum_label, source_label
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.emails_wanted import without_email_wish
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.intents.base import Plan, TextReply, ToolCallPlan
from agent.llm.offline.intents.decision_makers import DecisionMakersIntent
from agent.llm.offline.intents.people_answers import people_body
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
    rf"|dig\s+up)(?:-moi|-me)?\s+(?:moi\s+|me\s+)?(?:\S+\s+){{0,3}}?(?:l'|d'|s')?{_EMAILS}"
)
# Requests other intents own: exports of the emails, sending them
_NOT_HERE = _words(r"export\w*|csv|excel|envo\w+|send\w*|ecri\w+|redige\w*|write")
_OTHERS = _words(r"les\s+autres|(?:the\s+)?others|the\s+rest|le\s+reste|toutes\s+les\s+autres")
# "enrichis-les", "trouve leurs e-mails", "their emails": every company on screen is meant
_ALL_SHOWN = _words(r"-les|les|leurs|them|their|ces|these|tous|toutes|all|chacune|each")
_BUDGET = re.compile(
    r"(?:,?\s*(?:avec|with|pour|for)\s+(?:un|une|a)\s+)?(?:budget\s+(?:de\s+|of\s+|max\w*\s+)?"
    r"(?P<n>\d+(?:[.,]\d+)?)\s*(?:cr[ée]dits?|credits?|€|euros?)?"
    r"|(?P<m>\d+(?:[.,]\d+)?)[\s-]*(?:cr[ée]dits?|credits?|€|euros?)[\s-]+budget"
    r"|(?:mais\s+|but\s+)?(?:max(?:imum)?|au\s+plus|pas\s+plus\s+de|at\s+most|up\s+to)\s+"
    r"(?P<k>\d+(?:[.,]\d+)?)\s*(?:cr[ée]dits?|credits?|€|euros?))"
    r"(?:\s+(?:seulement|only|max(?:imum)?))?",
    re.IGNORECASE,
)


_PROVIDER = _words(r"(?P<provider>hunter|dropcontact)(?:\.io|\.com)?")
_KEYS = {"hunter": "HUNTER_API_KEY", "dropcontact": "DROPCONTACT_API_KEY"}


def _provider_not_used(request: Request, conversation: Conversation) -> TextReply | None:
    """After a run, a provider asked for by name that the run did not use (not configured):
    said plainly, with the key it needs, instead of running the same providers again."""
    latest = conversation.latest_enrichment
    named = _PROVIDER.search(request.folded)
    if latest is None or named is None:
        return None
    provider = named["provider"]
    used = latest.summary.providers
    if provider in used:
        return None
    return TextReply(
        md(
            "enrich.offline.provider_unused",
            conversation.language,
            provider=provider.capitalize(),
            key=_KEYS[provider],
            used=", ".join(used) or "—",
        )
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
        # "les DSI avec un email vérifié" shows the people known: nothing to look up
        return without_email_wish(bare).has(_ENRICH) and not request.has(_NOT_HERE)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A question about the run just made, the same run again with a budget, or the
        people's plan for the request without its budget, the budget added to it."""
        about_run = _about_the_run(text, conversation)
        if about_run is not None:
            return about_run
        unused = _provider_not_used(Request(text), conversation)
        if unused is not None:  # "et avec hunter ?" when Hunter took no part in the run
            return unused
        budget = _BUDGET.search(text)
        if budget is None:
            return super().match(text, conversation)
        found = super().match(text[: budget.start()] + " " + text[budget.end() :], conversation)
        if not isinstance(found, ToolCallPlan):
            return found
        return _with_budget(
            found, float((budget["n"] or budget["m"] or budget["k"]).replace(",", "."))
        )

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
        latest = conversation.latest_contacts
        if request.has(_OTHERS) and latest is not None and conversation.shown_rows:
            done = {company.siren for company in latest.companies}  # "et pour les autres aussi"
            others = [siren for siren, _ in conversation.shown_rows if siren not in done]
            if others:  # the same roles, at the other companies on screen
                return {"sirens": others, **({"roles": list(latest.roles)} if latest.roles else {})}
        if (
            latest is not None
            and request.has(_ALL_SHOWN)
            and find_reference(request.folded) is None
        ):
            # "find their emails" right after "the CFO of the second one": those people only
            if latest.list_name:
                return {"list_name": latest.list_name}
            return {"sirens": [company.siren for company in latest.companies]}
        found = super().target(request, conversation)
        if found is None and latest is not None and request.has(_ALL_SHOWN):
            # "trouve leurs e-mails" after the people of a company: those people
            if latest.list_name:
                return {"list_name": latest.list_name}
            return {"sirens": [company.siren for company in latest.companies]}
        every: dict[str, object] = {"sirens": [siren for siren, _ in conversation.shown_rows]}
        if request.has(_ALL_SHOWN) or find_reference(request.folded) is not None:
            return found or (every if conversation.shown_rows else None)
        # Paid look-ups for a whole page only when asked so ("il est pas vérifié" is one person);
        # one company on screen is the company in focus ("trouve l'email du DAF")
        return None if found == every and len(conversation.shown_rows) > 1 else found

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


# Questions about the run just made: its cost, what it found, whether an email is verified
_COST = _words(
    r"cout\w*|coute\w*|cost\w*|combien\s+(?:ca|cela)\s+(?:m'a\s+|a\s+)?(?:coute|fait)"
    r"|how\s+much|credits?\s+(?:depense|utilise|spent|used)\w*|depense\w*|spent|prix|price"
)
_FOUND = _words(
    r"(?:combien|how\s+many|nombre)\s+(?:d'|de\s+|of\s+)?(?:e-?mails?|mails?|adresses?|emails?)"
    r"|(?:combien|how\s+many)\s+(?:\w+\s+)?(?:sont|are|ont\s+ete|were|en\s+a)\s*(?:\w+\s+)?"
    r"(?:verifie\w*|verified|trouve\w*|found|valide\w*)"
    r"|pourquoi\s+(?:\w+\s+){0,3}?(?:verifie\w*|trouve\w*)|why\s+(?:\w+\s+){0,3}?(?:verified|found)"
    r"|(?:is\s+it|are\s+they|c'est|il\s+est|elle\s+est|ils\s+sont|sont-ils|est-il|est-ce)"
    r"\s+(?:\w+\s+)?(?:verifie\w*|verified|valide\w*|valid|bon\w*|good|ok)"
    r"|resultat\w*|result\w*|au\s+final|finalement|in\s+the\s+end|bilan"
)
_AGAIN = _words(r"refai\w*|refais-le|redo|again|relance\w*|recommence\w*|rerun|re-run|same")


def _about_the_run(text: str, conversation: Conversation) -> Plan | None:
    """After an enrichment: its cost, its counts, or the same run again with a budget."""
    run = conversation.latest_enrichment
    request = Request(text)
    if run is None or len(request.folded.split()) > 14:
        return None
    language = conversation.language
    budget = _BUDGET.search(text)
    if budget is not None and (request.has(_AGAIN) or _budget_alone(text, budget)):
        last = _last_call(conversation)
        if last is not None:
            amount = float((budget["n"] or budget["m"] or budget["k"]).replace(",", "."))
            return ToolCallPlan.one(TOOL, {**last, "budget": amount})
    if request.has(_COST):
        return TextReply(" ".join(summary_lines(run.summary, language)[1:]))
    if request.has(_FOUND):
        return TextReply(_state_of_the_run(run, language))
    return None


_FILLER_WORDS = frozenset(
    [
        "avec",
        "with",
        "un",
        "une",
        "a",
        "an",
        "budget",
        "max",
        "maximum",
        "et",
        "and",
        "ok",
        "okay",
        "alors",
        "so",
        "stp",
        "svp",
        "merci",
        "please",
        "seulement",
        "only",
        "de",
        "of",
        "pour",
        "for",
        "mais",
        "but",
        "plutot",
        "instead",
    ]
)


def _budget_alone(text: str, budget: re.Match[str]) -> bool:
    """ "avec un budget de 10 crédits max" right after a run: the budget is all it says."""
    rest = Request(text[: budget.start()] + " " + text[budget.end() :]).folded
    return all(word in _FILLER_WORDS for word in re.findall(r"[a-z]+", rest))


def _state_of_the_run(run: EnrichmentArtifact, language: Language) -> str:
    """What the run left: one person's email and status, or the counts."""
    people = [c for company in run.companies for c in company.contacts]
    if len(people) == 1:
        person = people[0]
        if not person.email:
            return t("enrich.offline.one_none", language, name=person.name)
        status = enum_label("email_status", person.email_status, language)
        source = source_label(person.email_source, language)
        return md("enrich.offline.one", language, name=person.name, email=person.email,
                  status=status, source=source)  # fmt: skip
    return summary_lines(run.summary, language)[0]


def _last_call(conversation: Conversation) -> dict[str, object] | None:
    """The arguments of the last `enrich_contacts` call."""
    for message in reversed(conversation.messages):
        for call in reversed(getattr(message, "tool_calls", None) or []):
            if call["name"] == TOOL:
                return {k: v for k, v in call["args"].items() if k != "budget"}
    return None


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
    if artifact.summary.contacts == 0:  # nobody holds the roles asked: say so, offer the others
        return _nobody_in_role(artifact, people, language)
    summary = " ".join(summary_lines(artifact.summary, language))
    return summary + "\n\n" + people_body(people, language)


def _nobody_in_role(
    artifact: EnrichmentArtifact, people: ContactsArtifact, language: Language
) -> str:
    """No one holds the roles asked, so no email was looked up: said, then the people known
    there offered instead (never "everything was known or cached")."""
    roles = ", ".join(t(f"labels.role.{key}", language) for key in artifact.roles)
    names = [company.name for company in artifact.companies if not company.suppressed]
    if not artifact.others and len(people.companies) == 1:
        return people_body(people, language) + " " + t("enrich.no_one_asked", language)
    head = md(
        "enrich.offline.nobody_in_role",
        language,
        roles=roles or "—",
        companies=", ".join(names[:5]) or "—",
        count=len(names),
    )
    parts: list[str] = [head]
    for company in artifact.others:
        parts.append(people_body(ContactsArtifact(companies=[company], asked=1), language))
    if artifact.others:
        parts.append(t("enrich.offline.others_offered", language))
    return "\n\n".join(parts)
