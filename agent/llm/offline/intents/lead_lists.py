"""Lead lists from earlier results: "ajoute les 10 premières à une liste 'ESN Lyon'".

"crée une liste X" → `create_lead_list` {name, sirens}; "ajoute … à la liste X" →
`add_to_list` {list_name, sirens}. When unsure, `create_lead_list`: it adds to an existing
list of that name rather than making a second one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.artifacts import CompaniesArtifact, LeadListArtifact
from agent.i18n import Language, md, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.homonyms import which_homonym
from agent.llm.offline.intents.base import Plan, TextReply, ToolCallPlan, plan_or_unavailable
from agent.llm.offline.intents.company import IDENTIFIER
from agent.llm.offline.intents.refine import previous_query, query_args
from agent.llm.offline.names import capitalised_name
from agent.llm.offline.references import (
    find_reference,
    no_results_text,
    out_of_range_text,
    resolve,
)
from agent.llm.offline.request import Request, clean
from agent.llm.offline.results import ToolResult
from agent.search.parse import parse_company_query
from store.search.query import CompanyQuery
from store.text import fold

CREATE = "create_lead_list"
SEARCH = "search_companies"
MAX_PAGE = 100  # the search tool's own cap on one page
CONFIRM_ABOVE = 1_000  # more companies than this: the rep confirms first (the tools agree)
MAX_WHOLE_SET = 10_000  # more than this: narrow the search
ADD = "add_to_list"
NAMED_UP_TO = 10  # leads added: named in the answer when this many or fewer
_LIST = r"(?:liste|list)"
_CREATE = re.compile(
    r"(?<![\w])(?:cree(?:r|z)?(?:-(?:moi|la|les|en))?|create|nouvelle\s+liste|new\s+list|enregistre\w*"
    r"|sauvegarde\w*|fais[- ]en\s+une\s+liste|fais[- ]moi\s+une\s+liste|make\s+(?:it|them|these)\s+(?:into\s+)?a\s+list"
    r"|turn\s+(?:them|these|it)\s+into\s+a\s+list"
    r"|save|garde\w*|make\s+a\s+list|fais\s+une\s+liste|start\s+a\s+list)(?![\w])"
)
_ADD = re.compile(
    r"(?<![\w])(?:ajoute\w*|rajoute\w*|mets|mettre|met|place\w*|add|put|insere\w*|include)"
    r"(?![\w])"
    r"|^\W*(?:toutes|tous|all(?:\s+of\s+them)?|les\s+\d+|the\s+\d+)\s+(?:dans|in|into|to|a|sur)\s"
)
# "ajoute-la à BTP Bretagne", "add it to Lyon IT": the company in focus into a named list
_IT_INTO = re.compile(
    r"^\W*(?:ajoute\w*|rajoute\w*|mets|met|place\w*|add|put)[- ](?:la|le|l'|it)\s+"
    r"(?:a|au|dans|sur|to|into|in)\s+(?P<name>[^?!.]+?)\W*$"
)
# A single pronoun: one company, never a whole search
_ONE_OF_THEM = re.compile(
    r"(?<![\w])(?:ajoute|rajoute|mets|place|enregistre|sauvegarde)(?:-|\s+)(?:la|le)"
    r"(?=\s+(?:a|dans|sur|to|in)\s)|(?<![\w])(?:ajoute|rajoute|mets|place)-(?:la|le)(?![\w])"
    r"|(?<![\w])(?:avec|with)\s+(?:elle|lui|celle-ci|celle-la|celui-ci|celui-la|it|this\s+one)\W*$"
    r"|(?<![\w])(?:add|put|save)\s+it(?![\w])|(?<![\w])(?:cette|this)\s+(?:entreprise|societe|boite|company|one)(?![\w])"
)
_LIST_WORD = re.compile(rf"(?<![\w]){_LIST}(?![\w])")
_EXISTING = re.compile(
    rf"(?<![\w])(?:a|dans|sur|to|into|in|onto)\s+(?:la|ma|notre|the|my|our)\s+(?:[^\s]+\s+){{0,4}}?"
    rf"{_LIST}(?![\w])"
)
_ARTICLE = r"(?:la|ma|notre|une|nouvelle|cette|the|my|our|a|new|this)"
_END = (
    r"(?=\s*[,;]|\s+(?:en|au\s+format|as|to|in)\s+(?:csv|excel|xlsx)(?![\w])"
    r"|\s+(?:que|only|seulement|uniquement|juste)\s+(?:les|the)\s"
    # "la liste X elle a combien de leads ?": the question after the name is not the name's
    r"|\s+(?:elle|il|ils|elles|c'est|combien|how\s+many|qui|quel\w*|contient|contains"
    r"|a-t-elle|compte-t-elle)(?![\w])"
    r"|\s+(?:avec|with|contenant|containing|from|a\s+partir|stp|svp|please|merci"
    r"|(?:en|au\s+stade|at|in|stage)\s+(?:new|mql|sql|won|lost|gagne|perdu)"
    r"|(?:de|d'|of|for|by|a|to|pour)\s*"
    r"[a-z][a-z-]*\.[a-z][a-z-]*)(?![\w])|\s*[?!]|\s*$)"
)
_NAMES = (
    # "liste Relance webinar : combien de leads j'ai en MQL ?": the list named first
    re.compile(rf"^\W*{_LIST}\s+(?P<name>[^:?!]+?)\s*:\s*\S"),
    # "…, nom : ETI Isère", "name: Lyon IT", "this list: SaaS IDF": the name given as such
    re.compile(rf"(?<![\w])(?:nom|name|{_LIST})\s*:\s*(?P<name>\S.*?){_END}"),
    # "crée une liste vide qui s'appelle Test salon", "a list called X": the name after the verb
    re.compile(
        rf"(?<![\w]){_LIST}\s+(?:\w+\s+){{0,2}}?(?:qui\s+s'appelle(?:ra)?|s'appelant|appelee|nommee"
        rf"|intitulee|called|named|titled)\s+(?P<name>\S.*?){_END}"
    ),
    re.compile(
        rf"(?<![\w]){_ARTICLE}\s+{_LIST}\s+(?:(?:appelee|nommee|intitulee|called|named|titled)"
        rf"\s+|:\s*)?(?P<name>(?!avec|with|de\s|of\s|d')\S.*?){_END}"
    ),
    # "Bruno's Compta 44 list": a possessive before the name
    re.compile(
        r"(?<![\w])(?!(?:what|that|it|there|here|who|where|let|he|she|how|this)'s)[a-z][a-z-]{1,20}'s"
        rf"\s+(?P<name>\S.*?)\s+{_LIST}(?![\w])"
    ),
    re.compile(  # the last article before "list": "the won leads of the ESN Lyon list"
        rf".*(?<![\w])(?:the|my|our|his|her|their|la|ma|sa|leur)\s+(?P<name>\S.*?)\s+{_LIST}(?![\w])"
    ),
)


# "the first 3 to a list": a rank and a preposition, not a name
_NOT_A_LIST_NAME = re.compile(
    r"^(?:first|premi\w*|last|derni\w*|\d+|les?|la|the|tous|toutes|all|them|these|ces)\b"
    r"|^(?:en|in|as|au|to)\s+(?:csv|excel|xlsx|format)\b"
    r"|\b(?:to|a|an|une|un|dans|in|into)$"
    # "retire-la de la liste": "de la" is no name, only the words before "liste"
    r"|^(?:de|du|des|of|from)(?:\s+(?:la|le|les|l'|the|ma|mon|my|cette|this))?$"
    # "combien de leads dans cette liste maintenant ?": when, not which
    r"|^(?:maintenant|now|actuellement|currently|aujourd'hui|today|alors|donc|then|du\s+coup"
    r"|en\s+ce\s+moment|right\s+now|at\s+the\s+moment|stp|svp|please|la|ci|encore|still"
    r"|au\s+total|en\s+tout|in\s+total|so\s+far|pour\s+l'instant)$"
)


# "ajoute Giraud Sanitaire et Lineris Démolition à la liste BTP Bretagne", "add Venys to my
# Cabinets comptables Gironde list": companies named before the list
_NAMED_INTO = re.compile(
    r"^\W*(?:(?:ok|bon|alors|et|and|so|puis|then)[\s,]+)?(?:ajoute\w*|rajoute\w*|add|put|mets|met|place\w*)"
    r"\s+(?:aussi\s+|also\s+|egalement\s+)?(?P<names>[^\s-].*?)\s+(?:aussi\s+|also\s+|too\s+)?"
    r"(?:a|au|dans|sur|to|into|in|onto)\s+(?:(?:la|ma|notre|the|my|our|cette|this)\s+)?"
    r"(?:(?:\S+\s+){0,5}?(?:liste|list)(?![\w])|(?:liste|list)\s)"
)
_NOT_NAMES = re.compile(
    r"^(?:les?|la|l'|tous|toutes|tout|ces|cette|cet|ce|celles?|ceux|celui|them|it|these|those|this"
    r"|that|all|everything|every|the|un|une|des|ca|cela|eux|elles?|leur|leurs|mes|my|nos|our)(?![\w])"
    r"|(?<![\w])(?:resultats?|results?|entreprises|societes|companies|boites|leads|prospects)(?![\w])"
)
# "Giraud et Fils", "Dupont & Associés": the end of one name, not a second company
_PARTNERS = re.compile(
    r"^(?:cie|compagnie|co|fils|filles|freres|soeurs|associes|associees|partenaires|partners|sons"
    r"|brothers)\b"
)
_AND = re.compile(r"\s*(?:,|;|&|\bet\b|\band\b|\bplus\b)\s*")
# "ajoute les à BTP Bretagne" after a search: the results on screen, into a list named without
# the word "liste" (created when no list has that name)
_THEM_INTO = re.compile(
    r"^\W*(?:(?:ok|bon|alors|et|and|so|puis|then)[\s,]+)?(?:ajoute|rajoute|mets|met|place|add|put|save)"
    r"(?:[- ]les(?:\s+(?:toutes|tous))?|\s+(?:them(?:\s+all)?|all\s+of\s+them|these|those|them\s+too)"
    # "ajoute les 2 premières à SaaS Île-de-France", "add the first 3 to Lyon IT": ranks shown
    r"|\s+(?:les|the|ces)\s+(?:\d{1,3}|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|two|three"
    r"|four|five|six|seven|eight|nine|ten)\s+(?:premi\w+|first|dernier\w*|last)"
    r"|\s+(?:the\s+)?(?:first|top)\s+\d{1,3})"
    r"\s+(?:aussi\s+|also\s+)?(?:a|au|dans|sur|to|into|in)\s+(?P<name>[^?!.]+?)\W*$"
)


# "dedans", "into it", "dans cette liste": the list just worked with
_INTO_IT = re.compile(
    r"(?<![\w])(?:la-?\s?dedans|dedans|(?:dans|a|sur)\s+(?:cette|celle-ci|ma\s+nouvelle)\s*(?:liste)?"
    r"|(?:into|in|to)\s+(?:it|there|this\s+list|that\s+list|the\s+new\s+list))(?![\w])"
)
# What is left of "à la liste", "to my list" once the list's name is taken out
_LIST_WORDS = re.compile(
    r"(?<![\w])(?:(?:a|au|dans|sur|to|into|in)\s+)?(?:(?:la|ma|une|notre|the|my|our|a)\s+)?"
    r"(?:liste|list)(?![\w])"
)


def named_companies(request: Request) -> list[str]:
    """The companies a request adds by name ("ajoute venys à ma liste …"), as written; none
    when it points at results instead ("ajoute les 3 premières à la liste …")."""
    found = _NAMED_INTO.search(request.folded)
    if found is None:
        return []
    folded = found["names"]
    if (
        _NOT_NAMES.search(folded)
        or find_reference(folded) is not None
        or IDENTIFIER.search(folded)
        or request.has(_ONE_OF_THEM)
    ):
        return []
    names = request.original(found.start("names"), found.end("names"))
    parts = [clean(part) for part in _AND.split(names)]
    if any(_PARTNERS.match(fold(part).lower()) for part in parts[1:]):
        parts = [clean(part) for part in re.split(r"\s*[,;]\s*", names)]  # "Giraud et Fils"
    return [part for part in parts if len(re.sub(r"[^a-z]", "", fold(part).lower())) >= 3]


def _known_list_in(request: Request, conversation: Conversation) -> str | None:
    """ "ajoute-la à ESN Lyon": a list the conversation knows, named without "liste"."""
    found = [
        name
        for name in conversation.known_lists
        if re.search(
            rf"(?:a|au|dans|sur|to|into|in)\s+{re.escape(Request(name).folded.strip())}(?![\w])",
            request.folded,
        )
    ]
    return max(found, key=len) if found else None


_AND_TOO = re.compile(
    r"^\W*(?:(?:ok|bon|alors)[\s,]+)?(?:et|and|plus|puis|then)\s+(?P<name>\S.*?)"
    r"(?:\s+(?:aussi|too|also|egalement|itou|pendant\s+qu'on\s+y\s+est))?\W*$"
)

# "ajoute Novane Audit et Conseil aussi", "add Venys too": with the verb, only with "aussi"
_ADD_TOO = re.compile(
    r"^\W*(?:(?:ok|bon|alors|et|and)[\s,]+)*(?:r?ajoute\w*|add|mets|put)(?:[- ]moi|\s+me)?\s+"
    r"(?P<name>\S.*?)\s+(?:aussi|too|also|egalement|as\s+well|itou)\W*$"
)


def _latest_addition(conversation: Conversation) -> str | None:
    """The list companies were just added to (the latest tool call was that addition)."""
    for message in reversed(conversation.messages):
        calls = getattr(message, "tool_calls", None) or []
        if not calls:
            continue
        last = calls[-1]
        if last["name"] in (ADD, CREATE):
            return str(last["args"].get("list_name") or last["args"].get("name") or "") or None
        return None
    return None


def list_name(request: Request) -> str | None:
    """The list's name: quoted, or after "liste"/"list" (called …), or "the X list"."""
    quoted = request.quoted()
    if quoted:
        return quoted
    for pattern in _NAMES:
        name = request.group(pattern, "name")
        if name and not _NOT_A_LIST_NAME.search(Request(name).folded):
            return clean(name)
    return None


def _implied_list(request: Request, conversation: Conversation) -> str | None:
    """The list last worked with, when the request adds companies pointed at ("ajoute aussi la
    6e", "add it too") without naming a list."""
    if not request.has(_ADD) or conversation.focus_list is None:
        return None
    reference = find_reference(request.folded)
    pointed = (reference is not None and reference.kind != "all") or request.has(_ONE_OF_THEM)
    return conversation.focus_list if pointed else None


class LeadListIntent:
    """Create a lead list, or add companies to one, from the last search results."""

    name = "lead_list"
    tools = (CREATE, ADD)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `create_lead_list` / `add_to_list` call, a question back, or None."""
        request = Request(text)
        another = self._another_one(request, conversation)
        if another is not None:  # "et Expertise Bordeaux aussi" right after an addition
            return another
        searched = self._search_into(request, conversation)
        if searched is not None:  # "ajoute les ESN de Lille de plus de 20 salariés dedans"
            return searched
        named = request.group(_IT_INTO, "name")
        focus = conversation.focus_company
        if named and not request.has(_LIST_WORD):
            if focus is None:  # "ajoute-la à BTP Bretagne" with no company on screen: which?
                return TextReply(t("offline.lists.which_company", conversation.language))
            # "ajoute la à BTP Bretagne" after a company's card: that company, that list
            return plan_or_unavailable(
                conversation, ADD, {"list_name": named, "sirens": [focus[0]]}
            )
        them_into = request.group(_THEM_INTO, "name")
        if them_into and not request.has(_LIST_WORD) and conversation.previous_search:
            # "ajoute les à BTP Bretagne": added to that list, or a list made with that name
            into = _known_list_in(request, conversation) or _unquoted(them_into)
            members = self._members(request, conversation, tool=CREATE)
            if isinstance(members, TextReply):
                return members
            return plan_or_unavailable(conversation, CREATE, {"name": into, **members})
        creating = request.has(_CREATE)
        known = None if request.has(_LIST_WORD) else _known_list_in(request, conversation)
        if known is None and not creating and not request.has(_LIST_WORD):
            known = _implied_list(request, conversation)  # "ajoute aussi la 6e": the list in use
        if not ((creating or request.has(_ADD)) and (request.has(_LIST_WORD) or known)):
            return None
        language = conversation.language
        tool = ADD if known or (not creating and request.has(_EXISTING)) else CREATE
        name = list_name(request) or known
        names = named_companies(request) if name and tool == ADD else []
        if names and conversation.has_tool(SEARCH):
            # "ajoute venys à ma liste X": each company found by its name, then added
            calls = tuple((SEARCH, {"text": company, "limit": 10}) for company in names)
            found: dict[str, Any] = {"then": "named_members", "tool": tool, "list": name}
            return ToolCallPlan(calls=calls, memo={**found, "names": names})
        beyond = self._first_beyond_page(request, conversation)
        if beyond is not None and name:
            # "ajoute les 20 premières …" with 10 on screen: fetch the first 20, then add them
            fetch: dict[str, Any] = {"then": "list_members", "tool": tool, "list": name}
            return plan_or_unavailable(conversation, SEARCH, beyond, memo=fetch)
        members = self._members(request, conversation, tool=tool)
        if isinstance(members, TextReply):
            return members
        if not name:
            # the name comes next: create_lead_list adds to the list when it exists already
            pending = {"kind": "list_name", "tool": CREATE, "args": members}
            return TextReply(missing_name_text(language), memo={"pending": pending})
        key = "name" if tool == CREATE else "list_name"
        args = {key: name, **members}
        search = conversation.previous_search
        if "query" in args and search is not None and search.total > CONFIRM_ABOVE:
            call = {"name": tool, "args": args}
            memo = {"pending": {"kind": "confirm", "calls": [call]}}
            question = md("offline.lists.confirm_many", language, count=search.total, name=name)
            return TextReply(question, memo=memo)
        return plan_or_unavailable(conversation, tool, args)

    @staticmethod
    def _another_one(request: Request, conversation: Conversation) -> Plan | None:
        """ "et Expertise Bordeaux aussi", "and Venys too" right after companies were added to
        a list: that company too, found by its name, then added to the same list."""
        found = _ADD_TOO.match(request.folded) or _AND_TOO.match(request.folded)
        added = _latest_addition(conversation)
        if found is None or added is None or not conversation.has_tool(SEARCH):
            return None
        name = capitalised_name(request.original(found.start("name"), found.end("name")))
        if name is None:
            return None
        memo = {"then": "named_members", "tool": ADD, "list": added, "names": [name]}
        return ToolCallPlan.one(SEARCH, {"text": name, "limit": 10}, memo=memo)

    @staticmethod
    def _search_into(request: Request, conversation: Conversation) -> Plan | None:
        """ "ajoute les ESN de Lille de plus de 20 salariés dedans" right after a list was made,
        "add SaaS companies in Lyon to my list X": the request is itself a search; search
        first, then add every match (`then: search_members`). None when not such a request."""
        if not request.has(_ADD) or not conversation.has_tool(SEARCH):
            return None
        into = list_name(request) or _known_list_in(request, conversation)
        tool = CREATE if into and not _known_list_in(request, conversation) else ADD
        if into is None and request.has(_INTO_IT):
            into, tool = conversation.focus_list, ADD
            if into is None:  # "ajoute les ESN de Lille dedans" with no list worked with
                return TextReply(t("offline.lists.which", conversation.language))
        if into is None or named_companies(request) or find_reference(request.folded):
            return None
        rest = _INTO_IT.sub(" ", _ADD.sub(" ", request.folded.replace(fold(into).lower(), " ")))
        rest = _LIST_WORDS.sub(" ", rest)
        reading = parse_company_query(rest, today=conversation.today)
        if not reading.has_filters:
            return None
        update = {"text": None, "name": None, "offset": 0, "limit": 10}
        query = query_args(reading.model_copy(update=update))
        memo = {"then": "search_members", "tool": tool, "list": into}
        return plan_or_unavailable(conversation, SEARCH, query, memo=memo)

    @classmethod
    def _add_searched(
        cls, results: Sequence[ToolResult], memo: dict[str, Any], conversation: Conversation
    ) -> Plan | None:
        """Every match of the search just run, added to the list; the rep confirms first above
        `CONFIRM_ABOVE` matches; None when nothing matched (the search's answer says so)."""
        found = next(
            (r.artifact for r in results if isinstance(r.artifact, CompaniesArtifact)), None
        )
        if found is None or not found.companies:
            return None
        tool = str(memo.get("tool") or ADD)
        key = "name" if tool == CREATE else "list_name"
        name = str(memo.get("list") or "")
        language = conversation.language
        if (refused := _too_many(found, language)) is not None:
            return refused
        members: dict[str, Any] = {"sirens": [company.siren for company in found.companies]}
        if found.total > len(found.companies) and cls._takes_query(conversation, tool):
            whole = query_args(CompanyQuery.model_validate(found.query))
            whole.pop("limit", None)
            whole.pop("offset", None)
            members = {"query": whole}
        args = {key: name, **members}
        if found.total > CONFIRM_ABOVE:
            call = {"name": tool, "args": args}
            question = md("offline.lists.confirm_many", language, count=found.total, name=name)
            return TextReply(question, memo={"pending": {"kind": "confirm", "calls": [call]}})
        return plan_or_unavailable(conversation, tool, args)

    def _members(
        self, request: Request, conversation: Conversation, *, tool: str
    ) -> dict[str, Any] | TextReply:
        """Which companies: SIRENs named or pointed at, or every match of the last search."""
        named = [re.sub(r"\D", "", m["siren"]) for m in IDENTIFIER.finditer(request.folded)]
        if named:
            return {"sirens": list(dict.fromkeys(named))}
        language = conversation.language
        if request.has(_ONE_OF_THEM):  # "ajoute-la", "add it": the one company last looked at
            focus = conversation.focus_company
            if focus is not None:
                return {"sirens": [focus[0]]}
            return TextReply(t("offline.lists.which_company", language))
        search = conversation.previous_search
        companies = conversation.previous_companies
        reference = find_reference(request.folded)
        exported = conversation.exported_query
        if exported is not None and reference is None and self._takes_query(conversation, tool):
            # "ajoute-les à une liste" after "refais la même chose à Roubaix" (an export): the
            # companies exported, not those of the search before it
            return {"query": {k: v for k, v in exported.items() if k not in ("limit", "offset")}}
        if reference is None and search is None and tool == CREATE:
            return {"sirens": []}  # "crée une liste X" before any search: an empty list
        if search is not None and search.total == 0:  # "crée une liste avec tout ça" after 0 found
            return TextReply(t("offline.lists.nothing_found", language))
        if search is None or not companies:
            return TextReply(no_results_text(language))
        if reference is not None and reference.kind != "all":
            chosen = resolve(reference, companies)
            if not chosen:
                return TextReply(out_of_range_text(reference, len(companies), language))
            return {"sirens": [company.siren for company in chosen]}
        if search.total <= len(companies) or not self._takes_query(conversation, tool):
            return {"sirens": [company.siren for company in companies]}
        if (refused := _too_many(search, language)) is not None:
            return refused
        query = previous_query(conversation)
        if query is None:
            return {"sirens": [company.siren for company in companies]}
        whole = query_args(query.model_copy(update={"offset": 0}))
        whole.pop("limit", None)
        whole.pop("offset", None)
        return {"query": whole}

    @staticmethod
    def _first_beyond_page(request: Request, conversation: Conversation) -> dict[str, Any] | None:
        """The search arguments for "les N premières" when N passes the rows on screen but
        not the search's matches; None otherwise."""
        reference = find_reference(request.folded)
        search = conversation.previous_search
        shown = len(conversation.previous_companies)
        if reference is None or reference.kind != "first" or search is None:
            return None
        if not shown < reference.count <= MAX_PAGE or search.total <= shown:
            return None
        query = previous_query(conversation)
        if query is None:
            return None
        return query_args(query.model_copy(update={"offset": 0, "limit": reference.count}))

    def follow(
        self, step: object, results: Sequence[ToolResult], conversation: Conversation
    ) -> Plan | None:
        """After fetching the first N of a search (`then: list_members`), add them; after
        searching companies by name (`then: named_members`), add them when each name is one
        company (else the searches answer and the rep picks)."""
        memo = conversation.memo_of_calls or {}
        if step == "named_members":
            return self._add_named(results, memo, conversation)
        if step == "search_members":
            return self._add_searched(results, memo, conversation)
        if step != "list_members":
            return None
        found = next(
            (r.artifact for r in results if isinstance(r.artifact, CompaniesArtifact)), None
        )
        if found is None or not found.companies:
            return None
        tool = str(memo.get("tool") or CREATE)
        key = "name" if tool == CREATE else "list_name"
        sirens = [company.siren for company in found.companies]
        return plan_or_unavailable(conversation, tool, {key: memo.get("list"), "sirens": sirens})

    @staticmethod
    def _add_named(
        results: Sequence[ToolResult], memo: dict[str, Any], conversation: Conversation
    ) -> Plan | None:
        """The companies named, one per search, added to the list; None when a name is no
        company or several (the search results show them)."""
        searched = [r.artifact for r in results if isinstance(r.artifact, CompaniesArtifact)]
        names = [str(name) for name in memo.get("names") or []]
        if len(searched) != len(names):
            return None
        sirens: list[str] = []
        tool = str(memo.get("tool") or ADD)
        key = "name" if tool == CREATE else "list_name"
        for wanted, found in zip(names, searched, strict=True):
            folded = fold(wanted).lower().strip()
            named = [c for c in found.companies if fold(c.name).lower().strip() == folded]
            if len(found.companies) == 1:
                named = list(found.companies)
            leads = [c for c in named if c.siren in found.leads]
            if len(named) > 1 and len(leads) == 1:
                named = leads
            if len(named) > 1 and len(names) == 1:  # "et Expertise Bordeaux aussi": which one?
                call = {"name": tool, "args": {key: memo.get("list")}}
                return which_homonym(named, call, conversation)
            if len(named) != 1:
                return None
            sirens.append(named[0].siren)
        args = {key: memo.get("list"), "sirens": list(dict.fromkeys(sirens))}
        return plan_or_unavailable(conversation, tool, args)

    @staticmethod
    def _takes_query(conversation: Conversation, tool: str) -> bool:
        return "query" in conversation.tools.get(tool, {}).get("properties", {})

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """The list's name and how many leads were added, already there or skipped."""
        return "\n\n".join(lead_list_answer(result, language) for result in results)


def _unquoted(name: str) -> str:
    return clean(name).strip("\"'«»“”‘’ ")


def missing_name_text(language: Language) -> str:
    """Asked when a list is requested without a name."""
    return t("offline.lists.missing_name", language)


def lead_list_answer(result: ToolResult, language: Language) -> str:
    """The answer for one "lead_list" result."""
    if result.is_error:
        return explain_error(result, language)
    artifact = result.artifact
    if not isinstance(artifact, LeadListArtifact):
        return plain_answer(result, language)
    name = artifact.list.name
    key = "offline.lists.created" if artifact.created else "offline.lists.reused"
    if result.tool == ADD:  # the rep named an existing list: no news in it existing
        key = "offline.lists.added"
    text: str = md(key, language, name=name, added=len(artifact.added))
    named = {lead.siren: lead.name for lead in artifact.leads}
    if 0 < len(artifact.added) <= NAMED_UP_TO and all(s in named for s in artifact.added):
        # "ajoute les 3 premières" after "les 10 suivantes": which three, said
        names = ", ".join(named[siren] for siren in artifact.added)
        text += md("offline.lists.added_names", language, names=names)
    if artifact.already_there:
        text += md("offline.lists.already_there", language, there=len(artifact.already_there))
    if artifact.skipped:
        text += md("offline.lists.skipped", language, skipped=len(artifact.skipped))
    next_step = md("offline.lists.next", language, name=name)
    return f"{text}.\n\n{next_step}"


def _too_many(search: CompaniesArtifact, language: Language) -> TextReply | None:
    """The refusal to add a whole search of more than `MAX_WHOLE_SET` companies, or of more
    than it counted ("plus de 10 000"); None when it may be added."""
    if search.total_bound == "at_least":
        return TextReply(t("offline.lists.too_many_uncounted", language, count=search.total))
    if search.total > MAX_WHOLE_SET:
        return TextReply(t("offline.lists.too_many", language, count=search.total))
    return None
