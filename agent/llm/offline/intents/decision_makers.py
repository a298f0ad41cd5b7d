"""Who to talk to: "qui sont les décideurs ?", "trouve l'email du DSI de la première", "the CFO
of Verilia", "les décideurs de la liste ESN Lyon", "les DSI des ESN à Lyon", "et le DAF ?"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.artifacts import (
    CompaniesArtifact,
    LeadsArtifact,
)
from agent.contacts import roles_in
from agent.i18n import Language, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.emails_wanted import email_wanted, without_email_wish
from agent.llm.offline.intents.base import Plan, TextReply, ToolCallPlan, plan_or_unavailable
from agent.llm.offline.intents.lead_lists import list_name
from agent.llm.offline.intents.leads import without_contact_for
from agent.llm.offline.intents.lists import known_list_in
from agent.llm.offline.intents.people_answers import people_answer
from agent.llm.offline.intents.refine import query_args
from agent.llm.offline.intents.scope import CAPABILITIES
from agent.llm.offline.intents.search import SEARCH_VERB
from agent.llm.offline.intents.stages import moves_a_stage
from agent.llm.offline.leaders import companies_with_a_new_leader, without_new_leader
from agent.llm.offline.references import (
    EARLIER_ROWS_NOTE,
    find_reference,
    rank_in_earlier_rows,
    resolve_rows,
)
from agent.llm.offline.request import Request, clean
from agent.llm.offline.results import ToolResult
from agent.search.parse import parse_company_query
from store.text import fold

TOOL = "find_decision_makers"
SEARCH = "search_companies"
LEADS = "list_leads"


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{pattern})(?![\w])")


# Asking about people, whatever their role
_PEOPLE = _words(
    r"decideu\w*|decision[- ]?makers?|decisionnaires?|dirigeant\w*|interlocut\w*|contacts?"
    r"|qui\s+(?:\w+\s+){0,3}?(?:contacter|appeler|joindre|solliciter|prospecter|cibler)"
    r"|qui\s+(?:j'|je\s+|on\s+|tu\s+|il\s+faut\s+)?(?:appelle|contacte|joins|cible|vise)\w*"
    r"|a\s+qui\s+(?:\w+\s+){0,2}?(?:parler|ecrire"
    r"|m'adresser|s'adresser)|who\s+(?:to|should\s+i|do\s+i|can\s+i)\s+(?:contact|call|reach|talk\s+to"
    r"|email|approach|target)|qui\s+(?:dirige|gere|est\s+a\s+la\s+tete|travaille)|who\s+(?:runs|manages"
    r"|leads|heads|works)|personnes?\s+(?:a|chez|de|du)|people\s+(?:at|there|in\s+charge)"
    r"|key\s+people|equipe\s+dirigeante|management\s+team|org(?:anization)?\s*chart|organigramme"
    r"|who\s+else|qui\s+d'autre|anyone\s+else|quelqu'un\s+d'autre|les\s+autres\s+(?:personnes|gens)"
)
# A title that names a role on its own ("le DSI", "the CFOs", "le directeur commercial")
_TITLE = _words(
    r"(?:dsi|daf|drh|cfo|cto|ceo|cio|coo|cmo)s|dsi|daf|drh|rrh|raf|rssi|cfo|cto|ceo|cio|coo|cmo|cso|ciso|chro|pdg|p-dg|dg|gerante?s?|patron\w*"
    r"|boss|fondat\w+|co-?fondat\w+|founders?|co-?founders?|directeu\w+|directrice\w*|directors?"
    r"|head\s+of\s+\w+|vp\s+\w+|chief\s+\w+|acheteu\w+|juristes?|president\w*|managing\s+director"
    r"|responsables?\s+(?!de\s+(?:ce|cette)\s|du\s+lead|des\s+leads|de\s+la\s+liste)\w+"
)
# "son email ?", "leur téléphone ?": a way to reach the people of the company on screen
_REACH = _words(
    r"(?:son|sa|ses|leur|leurs|its|their|his|her)\s+(?:e-?mails?|mails?|adresses?\s+e-?mail"
    r"|telephones?|tel|numeros?|portables?|phones?|linkedin)"
)
# "son 06 perso", "her personal email": Filon holds professional details only
_PERSONAL = _words(
    r"(?:0[67]|portables?|mobiles?|tel|telephones?|numeros?|mails?|e-?mails?|adresses?)\s+"
    r"(?:perso|personnel(?:le)?s?|prive(?:e)?s?)"
    r"|(?:personal|private|home)\s+(?:phones?|mobiles?|cells?|numbers?|e-?mails?|address(?:es)?)"
)
PROFESSIONAL_ONLY = "offline.people_professional_only"
# "son mail ?", "her phone?": the one person just shown
_ONE_PERSON = _words(r"(?:son|sa|his|her)\s+\w+")
# Requests other intents own: enrichment (not the people known), exports, the reps' pipeline
_NOT_HERE = _words(
    r"enrichi\w*|enrich\w*|verifi\w*|verify\w*|waterfall|export\w*|csv|excel|telecharg\w*"
    r"|pipeline|par\s+commercia\w*|(?:quel|which|chaque|each)\s+(?:commercia\w*|rep|reps)"
    r"|mes\s+contacts|nouveaux\s+e-?mails|new\s+emails"
)
_LIST_SCOPE = _words(
    r"(?:de|dans|of|in|for|sur|across|pour|from)\s+(?:la|ma|cette|the|my|this|ta|that)\s+(?:liste|list)"
    r"|(?:de|dans|of|in|for|sur|across|pour|from)\s+(?:la\s+|the\s+)?(?:liste|list)\s+\S"
    r"|(?:of|in|for|from|across)\s+(?:my|our|the|this|that)\s+(?:\S+\s+){1,5}?list"
    r"|(?:cette|la|ma|this|the|my)\s+(?:liste|list)\s*:"
    r"|(?:enrichi\w*|enrich\w*|verifi\w*|verify)\s+(?:la|ma|cette|the|my|this)\s+(?:liste|list)"
)
# A list acted upon by name: its words are the list's, not roles ("my Nantes IT list")
_LIST_ACTION = _words(
    r"(?:ajoute\w*|rajoute\w*|mets|add|put|save|supprime\w*|efface\w*|delete\w*|remove\w*"
    r"|retire\w*|enleve\w*|renomme\w*|rename\w*|donne|give|hand|transfer\w*|transfere\w*"
    r"|r?e?assign\w*|r?e?attribue\w*|rends|redonne|exporte?\w*)\b.*\b(?:liste|list)"
)
_OF_NAME = re.compile(
    r"(?:(?<![\w])(?:de|du|of|for|chez|at)\s+|(?<![\w])d')(?P<name>[A-Z0-9][^?!]*?)\s*[?!.]*$"
)
_AT_NAME = re.compile(r"(?<![\w])(?:chez|at)\s+(?P<name>[^?!]+?)\s*[?!.]*$")
_RUNS_NAME = re.compile(
    r"(?<![\w])(?:qui\s+dirige|who\s+runs|who\s+manages|who\s+heads|qui\s+gere)\s+(?P<name>[^?!]+?)\s*[?!.]*$",
    re.IGNORECASE,
)
_NOT_A_NAME = _words(
    r"eux|elle|elles|lui|them|it|this|that|these|those|ces|cette|ce|cet|la|le|les|l'|leur|leurs"
    r"|cette\s+\w+|ces\s+\w+|chacune|chacun|each|every|toutes?|tous|all|la\s+boite|the\s+company"
    r"|l'entreprise|la\s+societe|ma\s+liste|la\s+liste|this\s+list|my\s+list|la-bas|there|eux|chez\s+eux"
)
_EACH = _words(
    r"chacune|chacun|each(?:\s+of\s+them)?|every\s+one|pour\s+toutes|for\s+all"
    r"|ces\s+(?:entreprises|societes|boites|resultats|comptes|prospects|leads)|these\s+companies"
    r"|leurs|their"
)


def _new_search(text: str, request: Request, conversation: Conversation) -> bool:
    """Whether a request that names no person is a new company search: "trouve des cabinets
    comptables à Nantes" holds a role word ("comptables") but asks for companies."""
    return (
        request.has(SEARCH_VERB) and parse_company_query(text, today=conversation.today).has_filters
    )


class DecisionMakersIntent:
    """The people to talk to at a company, at several, or across a lead list."""

    name = "decision_makers"
    tool = TOOL
    tools = (TOOL,)
    steps = ("people", "people_rows")  # the memo's `then` of its two-step plans
    which = "people.which"

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `find_decision_makers` call (or a search, then that call), a question back, or
        None when the request is not about people at companies."""
        if not conversation.has_tool(self.tool):
            return None
        request = Request(text)
        if moves_a_stage(request):
            return None  # "repasse-la en MQL, ils ont un nouveau DSI": a stage move
        named_list = _list_named(request) if request.has(_LIST_SCOPE) else None
        # Names are not requests: "ajoute-les à la liste 'Décideurs ESN'", "la liste Lyon IT",
        # "add it to my Cabinets comptables Gironde list", "delete my Nantes IT list"
        acted_on = _list_named(request) if request.has(_LIST_ACTION) else None
        bare = Request(_without(text, named_list, acted_on, request.quoted()))
        if companies_with_a_new_leader(text, conversation):
            # "companies with a new CEO in Nantes": a signal of the companies searched, not people
            bare = Request(without_new_leader(bare.folded))
        roles = [role.key for role in roles_in(bare.text)]
        if not self.wanted(text, request, bare, roles, conversation):
            return None
        found = self.plan(text, request, named_list, roles, conversation)
        if request.has(_PERSONAL) and isinstance(found, ToolCallPlan) and found.memo is None:
            # "le 06 perso du gérant": what is held is professional, said with the people
            return ToolCallPlan(calls=found.calls, memo={"notes": [PROFESSIONAL_ONLY]})
        return found

    def wanted(
        self,
        text: str,
        request: Request,
        bare: Request,
        roles: list[str],
        conversation: Conversation,
    ) -> bool:
        """Whether the request is about the people known at companies."""
        about_people = bare.has(_PEOPLE) or bare.has(_TITLE) or bare.has(_REACH)
        follow_up = (
            bool(roles)
            and conversation.latest_contacts is not None
            and len(text.split()) <= 8
            and not _new_search(text, request, conversation)
        )
        return (
            (about_people or follow_up)
            # "avec un email vérifié" narrows the people; it asks for no verification
            and not without_email_wish(request).has(_NOT_HERE)
            and not _another_capability(request, conversation)
            and not without_contact_for(request)
        )

    def plan(
        self,
        text: str,
        request: Request,
        named_list: str | None,
        roles: list[str],
        conversation: Conversation,
    ) -> Plan:
        """The call for the companies the request points at, a search first, or a question."""
        latest = conversation.latest_contacts
        if not roles and latest is not None and latest.people == 1 and request.has(_ONE_PERSON):
            roles = list(latest.roles)  # "son mail ?" after "et la présidente ?": her again
        args: dict[str, object] = {"roles": roles} if roles else {}
        email = email_wanted(request) if self.tool == TOOL else None
        if email is not None:  # "les DSI de la liste ESN Lyon avec un email vérifié"
            args["email"] = email
        search_then, rows_then = self.steps
        ranked = self._ranked_in_list(request, conversation, named_list)
        if ranked is not None:  # "l'email du DG de la 1ère boîte de ma liste ESN Lyon"
            memo = {**ranked[1], "then": rows_then, **args}
            return ToolCallPlan.one(LEADS, ranked[0], memo=memo)
        earlier = rank_in_earlier_rows(
            find_reference(request.folded), conversation.rows_before_an_empty_search
        )
        if earlier:  # "the second one" after a search that found nothing: the page before's
            memo = {"notes": [EARLIER_ROWS_NOTE]}
            return ToolCallPlan.one(self.tool, {"sirens": [earlier[0][0]], **args}, memo=memo)
        target = self.target(request, conversation)
        if target is not None:
            return ToolCallPlan.one(self.tool, {**target, **args})
        reading = parse_company_query(text, today=conversation.today)
        if reading.has_filters:  # "les DSI des ESN à Lyon": the search first, then its people
            query = query_args(reading.model_copy(update={"text": None, "name": None, "limit": 10}))
            memo = {"then": search_then, **args}
            return plan_or_unavailable(conversation, SEARCH, query, memo=memo)
        return TextReply(t(self.which, conversation.language))

    def target(self, request: Request, conversation: Conversation) -> dict[str, object] | None:
        """Whose people (see `_target`)."""
        return self._target(request, conversation)

    @staticmethod
    def _ranked_in_list(
        request: Request, conversation: Conversation, named: str | None
    ) -> tuple[dict[str, object], dict[str, object]] | None:
        """(list_leads arguments, memo) for "la 1ère boîte de ma liste X": the list's first
        leads are fetched, then the people of the ones pointed at."""
        name = named or (conversation.focus_list if request.has(_LIST_SCOPE) else None)
        if name is None or not conversation.has_tool(LEADS):
            return None
        reference = find_reference(request.folded.replace(fold(name).lower(), " "))
        if reference is None or reference.kind == "all":
            return None
        if reference.kind == "first":
            positions = list(range(1, reference.count + 1))
        else:
            positions = [p for p in reference.positions if p >= 1]
        if not positions:
            return None
        return {"list_name": name, "limit": max(positions)}, {"positions": positions}

    def _target(self, request: Request, conversation: Conversation) -> dict[str, object] | None:
        """Whose people: a list, ranks of the rows on screen, a SIREN, a name, the companies on
        screen, the one company last looked at; None when the request does not say."""
        if request.has(_LIST_SCOPE):
            named = _list_named(request) or conversation.focus_list
            if named:
                return {"list_name": named}
        reference = find_reference(request.folded)
        rows = conversation.shown_rows
        if reference is not None and reference.kind != "all" and rows:
            chosen = resolve_rows(reference, rows)
            if chosen:
                return {"sirens": [siren for siren, _ in chosen]}
        digits = _IDENTIFIER.findall(request.text)
        if digits:  # "le DSI de 552100554", "les e-mails des contacts de 552100554, 732829320"
            return {"sirens": list(dict.fromkeys(digits))}
        name = _company_name(request)
        if name is not None:
            known = known_list_in(Request(name), conversation)
            if known is not None and Request(known).folded.strip() == Request(name).folded.strip():
                return {"list_name": known}  # "les contacts de BTP Bretagne": that list
            return {"company": name}
        previous = conversation.latest_contacts
        if previous is not None and not request.has(_EACH):  # "et le DAF ?": the same companies
            if previous.list_name:
                return {"list_name": previous.list_name}
            return {"sirens": [company.siren for company in previous.companies]}
        focus = conversation.focus_company
        if focus is not None and not request.has(_EACH):
            return {"sirens": [focus[0]]}
        if rows and (reference is not None or request.has(_EACH) or conversation.company_on_screen):
            return {"sirens": [siren for siren, _ in rows]}
        return None

    def follow(
        self, step: object, results: Sequence[ToolResult], conversation: Conversation
    ) -> Plan | None:
        """After the search of "les DSI des ESN à Lyon" (`then: people`), the people of the
        companies found."""
        memo = conversation.memo_of_calls or {}
        roles = memo.get("roles") or []
        wanted_args: dict[str, object] = {"roles": roles} if roles else {}
        if memo.get("email") in ("any", "verified"):
            wanted_args["email"] = memo["email"]
        search_then, rows_then = self.steps
        if step == rows_then:  # the list's first leads are in: the people of those asked
            leads = next(
                (r.artifact for r in results if isinstance(r.artifact, LeadsArtifact)), None
            )
            rows = [lead.siren for lead in leads.leads] if leads is not None else []
            wanted = [rows[p - 1] for p in memo.get("positions") or [] if 1 <= p <= len(rows)]
            if not wanted:
                return None  # the list's answer says it is empty or unknown
            return ToolCallPlan.one(self.tool, {"sirens": wanted, **wanted_args})
        if step != search_then:
            return None
        found = next(
            (r.artifact for r in results if isinstance(r.artifact, CompaniesArtifact)), None
        )
        if found is None or not found.companies:
            return None  # nothing found: the search's answer says so
        args: dict[str, object] = {"sirens": [company.siren for company in found.companies]}
        shown, total = len(found.companies), found.total
        notes = {"notes": [f"first_of:{shown}:{total}"]} if total > shown else None
        return ToolCallPlan.one(self.tool, {**args, **wanted_args}, notes)

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """The people found, company by company."""
        return "\n\n".join(people_answer(result, language) for result in results)


_IDENTIFIER = re.compile(r"(?<!\d)\d{3}[ .]?\d{3}[ .]?\d{3}(?:[ .]?\d{5})?(?!\d)")
_POINTING = re.compile(r"(?<![\w])(?:that|this|cette|ce|the|ma|my|la|celle-ci|celle-la)(?![\w])")


def _list_named(request: Request) -> str | None:
    """The list a request names, unless what reads as a name is the request itself ("the
    decision makers across that list")."""
    name = list_name(request)
    if name is None or name == request.quoted():
        return name  # a quoted name is the list's, whatever its words
    folded = fold(name).lower()
    if _PEOPLE.search(folded) or _TITLE.search(folded) or _POINTING.search(folded):
        return None
    return name


def _without(text: str, *names: str | None) -> str:
    """The request without the names it gives ("les décideurs de la liste Lyon IT": not IT)."""
    for name in names:
        if name:
            text = text.replace(name, " ")
    return text


def _another_capability(request: Request, conversation: Conversation) -> bool:
    """Whether the request asks for something else Filon lacks (writing or sending an email,
    booking a meeting…) that merely names a person: the honest-scope answer is due."""
    return any(
        capability.key not in ("enrichment", "decision_makers")
        and not conversation.has_tool(capability.tool)
        and request.has(capability.pattern)
        for capability in CAPABILITIES
    )


def _company_name(request: Request) -> str | None:
    """A company named in the request: "le DSI de Verilia", "l'email du DAF de Verilia",
    "contacts chez verilia", "qui dirige Numérique Conseil ?" — not a search ("les DAF des ESN
    de Lyon de plus de 100 salariés": a place and a size are not a name)."""
    for pattern in (_RUNS_NAME, _OF_NAME, _AT_NAME):
        for start in (m.start() for m in _NAME_STARTS.finditer(request.text)):
            match = pattern.search(request.text, start)
            if match is None:
                continue
            name = clean(_TAIL.split(match["name"], maxsplit=1)[0])
            if _a_company_name(name):
                return name
    return None


# What follows a name and is the question's, not the name's: "Vitane il a un mail valide ?"
_TAIL = re.compile(
    r"\s+(?:il|elle|ils|elles|it|they|he|she|c'est|est-ce|a-t-il|a-t-elle|has|have|does|do"
    r"|svp|stp|please|pls)(?:\s|$)",
    re.IGNORECASE,
)


_NAME_STARTS = re.compile(
    r"(?<![\w])(?:(?:de|du|of|for|chez|at|qui|who)(?![\w])|d['’])", re.IGNORECASE
)


def _a_company_name(name: str) -> bool:
    folded = fold(name).lower()
    if not name or _NOT_A_NAME.fullmatch(folded) or roles_in(name) or find_reference(folded):
        return False
    if _PEOPLE.search(folded) or _TITLE.search(folded):
        return False
    reading = parse_company_query(name)
    if reading.headcount_min or reading.headcount_max:
        return False  # "… de plus de 100 salariés": a search
    first = parse_company_query(name.split()[0])  # "Lyon de …" is a place; "Numérique Conseil
    if not (first.cities or first.departments or first.regions):  # Lyon" is a name
        return True
    # "Paris Labs": a place, then a word that is neither a sector nor a filter: a name
    return bool(reading.text) and not (reading.naf_codes or reading.sections)
