"""Signals of companies the rep points at: "quels signaux d'achat sur ces boîtes ?",
"lesquelles de ma liste sont en procédure collective ?", "est-ce que la première recrute ?",
"any buying signals on Synora?", "signaux de la liste ESN Lyon", "score d'intention de la 2e".

The companies: a lead list (named, or the one last worked with), ranks of the rows on screen,
SIRENs, the one company last looked at, or every match of the last search. Kinds and a period
come from the request's words ("recrutent", "levé des fonds depuis juin"). Finding *new*
companies with a signal ("ESN à Lyon qui recrutent") and narrowing a search ("lesquelles
recrutent ?") are searches, answered by the search and refine intents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.artifacts import CompanySignals, LeadListsArtifact, SignalItem, SignalsArtifact
from agent.i18n import Language, Markdown, md, quote, t
from agent.i18n.labels import age_label, enum_label, source_label
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.followups import sort_in
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.homonyms import homonyms_found, which_homonym
from agent.llm.offline.intents.base import Plan, TextReply, ToolCallPlan, plan_or_unavailable
from agent.llm.offline.intents.decision_makers import _IDENTIFIER, _LIST_SCOPE, _list_named
from agent.llm.offline.intents.lists import known_list_in, list_named_loosely
from agent.llm.offline.intents.refine import previous_query, query_args
from agent.llm.offline.names import capitalised_name, named_company
from agent.llm.offline.references import find_reference, resolve_rows
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult
from agent.llm.offline.wording import bullets, labelled_link
from agent.search.parse import parse_company_query
from agent.search.vocabulary.fold import fold
from agent.search.vocabulary.signals import signal_context
from store.search.query import CompanyQuery

TOOL = "find_signals"
LISTS = "lead_lists"
STEP = "signals_my_list"  # the memo's `then`: the rep's lists are in, now their signals
BY_NAME = "signals_by_name"  # the memo's `then`: the company named was searched, now its signals
SEARCH = "search_companies"
NAMED = "named"  # a target by name, searched first
SHOWN = 10
SIGNALS_SHOWN = 3


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{pattern})(?![\w])")


# Asking about signals as such: the noun, the score, the notices
_ABOUT = _words(
    r"signaux|signal|signals|signaux\s+d'achat|buying\s+signals?|intent(?:ion)?(?:\s+d'achat)?"
    r"|score\s+d'intention|intent\s+score|bodacc|annonces?\s+legales?|legal\s+notices?"
    r"|actualites?|news|quoi\s+de\s+neuf|what'?s\s+new|que\s+se\s+passe-t-il"
)
_NOUNS = re.compile(
    r"(?<![\w])(?:(?:les\s+|des\s+|the\s+|any\s+)?(?:signaux|signals?|buying\s+signals?)"
    r"(?:\s+d'achat)?|(?:le\s+|the\s+)?(?:score\s+d'intention|intent\s+score)"
    r"|(?:les\s+)?annonces?\s+(?:bodacc|l[ée]gales?)|bodacc|legal\s+notices?)(?:\s+(?:pour|sur|de|des|du|of|on|for))?(?![\w])",
    re.IGNORECASE,
)
_ON_LIST = _words(r"on\s+(?:my|the|this|that|our)\s+(?:\S+\s+)?list")
# A company pointed at by rank, by "elle", or on its card
_ONE = _words(
    r"(?:la|le|the)\s+(?:\d+|premiere?|deuxieme|troisieme|second|third|derniere?|last)\w*"
    r"|elle|celle-ci|celle-la|cette\s+(?:boite|entreprise|societe)|this\s+(?:one|company)"
)


# What follows a list's name in "lesquelles de ma liste ESN Lyon sont en procédure collective"
_LIST_TAIL = re.compile(
    r"(?:^|\s+)(?:sont|ont|qui|recrut\w*|embauch\w*|levent|are|have|has|is|were|with|avec"
    r"|raised|hiring|hired|recruiting|in\s+(?:insolvency|receivership)|en\s+"
    r"(?:procedure|redressement|liquidation))(?![\w])",
    re.IGNORECASE,
)


class SignalsIntent:
    """Signals and intent of companies the rep points at, through `find_signals`."""

    name = "signals"
    tools = (TOOL,)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `find_signals` call, a question back, or None when not about their signals."""
        if not conversation.has_tool(TOOL):
            return None
        request = Request(text)
        if sort_in(request.folded) is not None:
            return None  # "trie par intention": the search in another order
        about = request.has(_ABOUT)
        # "quels signaux pour les ESN de Lyon ?": the companies are read without the noun
        reading = parse_company_query(_NOUNS.sub(" ", text), today=conversation.today)
        verbs = signal_context().search(request.folded) is not None
        # "quels leads de SaaS Île-de-France sont en procédure collective ?": that list's leads
        leads_list = _leads_list(request, conversation) if verbs else None
        in_list = request.has(_LIST_SCOPE) or request.has(_ON_LIST) or leads_list is not None
        pointed = request.has(_ONE) or bool(_IDENTIFIER.search(request.text))
        if _a_new_search(reading) and not (about or in_list):
            return None  # "ESN à Lyon qui recrutent": new companies with a signal, a search
        again = _asked_again(request, conversation) if verbs and not about else None
        if again is None and verbs and not about:
            again = _narrowed(request, conversation)
        if again is not None:  # "et lesquelles ont levé des fonds ?" after signals: same companies
            target: dict[str, object] | None = again
        elif not (about or (verbs and (in_list or pointed))):
            return None
        elif (
            about and not (in_list or pointed) and (named := _named_after_noun(text, conversation))
        ):
            # "les signaux d'Axane Informatique": that company, though "Informatique" is a sector
            target = named
        elif about and not (in_list or pointed) and _a_new_search(reading):
            # "signaux des ESN de Lyon": every match of that search
            target = {"query": _whole(reading)}
        else:
            target = (
                {"list_name": leads_list}
                if leads_list
                else self._target(request, conversation, in_list=in_list)
            )
        if target is None:
            return TextReply(t("offline.signals.which", conversation.language))
        said = parse_company_query(text, today=conversation.today)  # the kinds and the period
        asked: dict[str, object] = {}
        if said.signal_kinds:
            asked["kinds"] = said.signal_kinds
        if said.signal_since:
            asked["since"] = said.signal_since.isoformat()
        if NAMED in target:  # searched by name first: one company, or which of its homonyms
            name = str(target[NAMED])
            memo = {"then": BY_NAME, "name": name, **asked}
            return plan_or_unavailable(conversation, SEARCH, {"text": name, "limit": 10}, memo)
        if not target:  # "ma liste", none named nor worked with: the rep's lists first
            if not conversation.has_tool(LISTS):
                return TextReply(t("offline.signals.which_list", conversation.language))
            return ToolCallPlan.one(LISTS, {"mine": True}, memo={"then": STEP, **asked})
        return ToolCallPlan.one(TOOL, {**target, **asked})

    def follow(
        self, step: object, results: Sequence[ToolResult], conversation: Conversation
    ) -> Plan | None:
        """After the rep's lists (`then: signals_my_list`): the signals of the only one, or
        which one (naming them). After a search by name (`then: signals_by_name`): that
        company's signals, or which of its homonyms."""
        if step == BY_NAME:
            return self._by_name(results, conversation)
        if step != STEP:
            return None
        found = next(
            (r.artifact for r in results if isinstance(r.artifact, LeadListsArtifact)), None
        )
        if found is None:
            return None  # the lists' answer says what went wrong
        names = [summary.list.name for summary in found.lists]
        language = conversation.language
        if not names:
            return TextReply(t("offline.signals.no_list", language))
        if len(names) > 1:
            shown = ", ".join(quote(name, language) for name in names)
            return TextReply(t("offline.signals.which_of_lists", language, names=shown))
        memo = conversation.memo_of_calls or {}
        asked = {key: memo[key] for key in ("kinds", "since") if memo.get(key)}
        return ToolCallPlan.one(TOOL, {"list_name": names[0], **asked})

    @staticmethod
    def _by_name(results: Sequence[ToolResult], conversation: Conversation) -> Plan | None:
        memo = conversation.memo_of_calls or {}
        name = str(memo.get("name") or "")
        asked = {key: memo[key] for key in ("kinds", "since") if memo.get(key)}
        company = named_company(results, name)
        if company is not None:
            return ToolCallPlan.one(TOOL, {"sirens": [company.siren], **asked})
        several = homonyms_found(results, name)
        if several:
            call = {"name": TOOL, "args": asked}
            return which_homonym(several, call, conversation, key="sirens")
        return None  # no company of that name: the search's answer says so

    @staticmethod
    def _target(
        request: Request, conversation: Conversation, *, in_list: bool
    ) -> dict[str, object] | None:
        if in_list:
            named = _list_named(request)
            named = _LIST_TAIL.split(named, maxsplit=1)[0].strip() if named else None
            named = named or conversation.focus_list
            return {"list_name": named} if named else {}
        company = _company_named(request, conversation)
        if company is not None:  # "signaux de Talys": that company's, found by name
            return company
        focus = conversation.focus_company
        if focus is not None and conversation.one_company_on_screen:
            return {"sirens": [focus[0]]}  # "ses signaux ?" on a company's card
        digits = _IDENTIFIER.findall(request.text)
        if digits:
            return {"sirens": list(dict.fromkeys(re.sub(r"\D", "", d) for d in digits))}
        reference = find_reference(request.folded)
        rows = conversation.shown_rows
        if reference is not None and reference.kind != "all" and rows:
            chosen = resolve_rows(reference, rows)
            if chosen:
                return {"sirens": [siren for siren, _ in chosen]}
        if focus is not None and (request.has(_ONE) or not rows or len(rows) == 1):
            return {"sirens": [focus[0]]}
        previous = previous_query(conversation)
        if previous is not None and conversation.company_on_screen:
            return {"query": _whole(previous)}  # "ces boîtes": every match of the search
        if rows:
            return {"sirens": [siren for siren, _ in rows]}
        return None

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """Companies with signals, highest intent first, each with its latest signals."""
        return "\n\n".join(signals_answer(result, language) for result in results)


def _company_named(request: Request, conversation: Conversation) -> dict[str, object] | None:
    """The company a request names ("signaux de Talys", "score d'intention de Polys"): the row
    on screen bearing that name, else the name to search; None when none is named, or the
    one named is the company on screen."""
    name = capitalised_name(_NOUNS.sub(" ", request.text))
    if name is None or _list_named(request):
        return None
    wanted = fold(name).lower().strip()
    focus = conversation.focus_company
    if focus is not None and _bare(focus[1]) == wanted:  # "Helis (Narbonne)" is Helis
        return None
    shown = [siren for siren, row in conversation.shown_rows if fold(row).lower().strip() == wanted]
    return {"sirens": shown} if len(shown) == 1 else {NAMED: name}


# "signaux d'Axane Informatique", "signals of Venys Conseil": a name right after the noun
_NOUN_OF_NAME = re.compile(
    r"(?<![\w])(?:signaux|signals?|score\s+d'intention|intent\s+score)(?:\s+d'achat)?"
    r"\s+(?:de\s+|du\s+|d'|d’|chez\s+|of\s+|for\s+|on\s+|at\s+)(?P<rest>[A-ZÀ-Ý0-9].*)$",
    re.IGNORECASE,
)


def _named_after_noun(text: str, conversation: Conversation) -> dict[str, object] | None:
    """The company named right after "les signaux de": the row on screen bearing that name,
    else the name to search when its words are not only a place or a sector ("signaux de
    Lyon" is a search; "signaux d'Axane Informatique" is not)."""
    found = _NOUN_OF_NAME.search(text)
    if found is None or not found["rest"][:1].isupper():
        return None
    name = capitalised_name(found["rest"])
    if name is None:
        return None
    wanted = fold(name).lower().strip()
    focus = conversation.focus_company
    if focus is not None and _bare(focus[1]) == wanted:  # the one just picked among homonyms
        return {"sirens": [focus[0]]}
    shown = [siren for siren, row in conversation.shown_rows if _bare(row) == wanted]
    if len(shown) == 1:
        return {"sirens": shown}
    reading = parse_company_query(name)
    return {NAMED: name} if (reading.text or reading.name) else None


_LEADS_WORD = _words(r"leads?|prospects|deals?")


def _leads_list(request: Request, conversation: Conversation) -> str | None:
    """The list named after "leads de" in a question about a signal ("quels leads de SaaS
    Île-de-France sont en procédure collective ?"): the leads of that list with the signal."""
    if not request.has(_LEADS_WORD):
        return None
    named = known_list_in(request, conversation) or list_named_loosely(request)
    return _LIST_TAIL.split(named, maxsplit=1)[0].strip() or None if named else None


def _bare(name: str) -> str:
    """A company's name without the city that tells homonyms apart, folded."""
    return fold(re.sub(r"\s*\([^()]*\)\s*$", "", name)).lower().strip()


# A follow-up about the same companies: "et lesquelles …", "and which …", "et celles qui …"
_FOLLOW_UP = _words(
    r"^\W*(?:et|and|ok|bon|alors)?\W*(?:lesquelles|lesquels|celles|ceux|which(?:\s+ones)?"
    r"|those|any)"
)


def _asked_again(request: Request, conversation: Conversation) -> dict[str, object] | None:
    """The companies of the signals last shown, when this asks about them again."""
    latest = conversation.latest_signals
    if (
        latest is None
        or not request.has(_FOLLOW_UP)
        or _a_new_search(parse_company_query(request.text, today=conversation.today))
    ):
        return None
    if latest.scope == "list" and latest.list_name:
        return {"list_name": latest.list_name}
    if latest.scope == "search" and latest.query is not None:
        return {"query": latest.query}
    return {"sirens": latest.sirens} if latest.sirens else None


# "which of them raised money?", "et parmi elles, lesquelles recrutent ?": the results shown
_AMONG = _words(
    r"^\W*(?:(?:et|and|ok|bon|alors)[\s,]+)*(?:parmi\s+(?:elles|eux|celles-ci|ces\s+\w+)[\s,]*)?"
    r"(?:lesquelles|lesquels|which\s+(?:ones|of\s+(?:them|these|those))|among\s+(?:them|these)"
    r"|any\s+of\s+(?:them|these|those)|are\s+any\s+of\s+(?:them|these|those)"
    r"|(?:y\s+en\s+a-t-il|est-ce\s+qu'il\s+y\s+en\s+a|certaines?|certains?)\s+(?:qui|d'entre\s+(?:elles|eux)))"
)


def _narrowed(request: Request, conversation: Conversation) -> dict[str, object] | None:
    """After a search that already kept companies with a signal ("companies in Lyon that are
    hiring"), "which of them raised money?" asks which of those have the other signal too:
    every match of that search, their signals of the kind asked."""
    previous = previous_query(conversation)
    if previous is None or not previous.signal_kinds or not request.has(_AMONG):
        return None
    if _a_new_search(parse_company_query(request.text, today=conversation.today)):
        return None
    return {"query": _whole(previous)} if conversation.company_on_screen else None


def _a_new_search(reading: object) -> bool:
    return bool(getattr(reading, "naf_codes", None) or getattr(reading, "cities", None)
                or getattr(reading, "departments", None) or getattr(reading, "regions", None))  # fmt: skip


def _whole(query: CompanyQuery) -> dict[str, object]:
    """A search's query without its page or order: every match. Its signal filters stay:
    "ces boîtes" after "PME du 33 qui ont levé des fonds" are the ones that did."""
    update = {"offset": 0, "limit": 20, "sort": "relevance"}
    args = query_args(query.model_copy(update=update))
    args.pop("limit", None)
    args.pop("offset", None)
    return args


def signals_answer(result: ToolResult, language: Language) -> str:
    """The answer for one `find_signals` result."""
    if result.is_error:
        return explain_error(result, language)
    artifact = result.artifact
    if not isinstance(artifact, SignalsArtifact):
        return plain_answer(result, language)
    where = _where(artifact, language)
    if artifact.kinds:
        kinds = ", ".join(enum_label("signal_kind", kind, language) for kind in artifact.kinds)
        where = Markdown(where + md("offline.signals.of_kinds", language, kinds=kinds))
    parts: list[str] = []
    if artifact.asked == 0 and artifact.scope == "search":  # the name matched no company
        text = str((artifact.query or {}).get("text") or "").strip()
        if text:
            parts.append(md("offline.signals.no_company", language, text=text))
        else:
            parts.append(md("offline.signals.no_company_any", language))
    elif not artifact.companies:
        parts.append(md("offline.signals.none", language, asked=artifact.asked, where=where))
    elif artifact.asked == 1 and not artifact.companies[0].signals:
        only = artifact.companies[0]
        kinds = ", ".join(enum_label("signal_kind", kind, language) for kind in artifact.kinds)
        key = "offline.signals.none_for_kinds" if kinds else "offline.signals.none_for"
        parts.append(md(key, language, name=only.name, kinds=kinds))
    elif artifact.asked == 1:
        parts.append(_company(artifact.companies[0], language))
    else:
        parts.append(
            md(
                "offline.signals.found",
                language,
                count=artifact.with_signals,
                asked=artifact.asked,
                where=where,
            )
        )
        parts.append(bullets([_company(c, language) for c in artifact.companies[:SHOWN]]))
        if artifact.with_signals > SHOWN:
            parts.append(t("offline.signals.more", language, more=artifact.with_signals - SHOWN))
    for vendor in artifact.unreachable:
        parts.append(
            t("offline.signals.unreachable", language, source=source_label(vendor, language))
        )
    return "\n\n".join(parts)


def _where(artifact: SignalsArtifact, language: Language) -> Markdown:
    if artifact.scope == "list" and artifact.list_name:
        return md("offline.signals.in_list", language, name=artifact.list_name)
    return Markdown("")


def _company(company: CompanySignals, language: Language) -> Markdown:
    head = md("offline.signals.company", language, name=company.name, siren=company.siren)
    intent = company.intent
    if intent is not None and intent.reasons and intent.as_of is not None:
        as_of = intent.as_of
        why = ", ".join(
            f"{_lower_first(reason.title)} ({age_label(reason.occurred_on, as_of, language)})"
            for reason in intent.reasons
        )
        head = Markdown(
            head + md("offline.signals.intent_why", language, score=intent.score, why=why)
        )
    elif intent is not None:
        head = Markdown(head + md("offline.signals.intent", language, score=intent.score))
    lines = [_signal(signal, language) for signal in company.signals[:SIGNALS_SHOWN]]
    return Markdown(head + "\n" + "\n".join(f"  - {line}" for line in lines))


def _lower_first(text: str) -> str:
    """ "Recrute 3 devs" → "recrute 3 devs" (an acronym stays: "SAS", "BODACC")."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _signal(signal: SignalItem, language: Language) -> str:
    key = "offline.signals.negative" if signal.negative else "offline.signals.line"
    link = (
        " " + labelled_link(signal.url, t("offline.signals.link", language)) if signal.url else ""
    )
    return (
        md(
            key,
            language,
            day=signal.occurred_on or "",
            kind=enum_label("signal_kind", signal.kind, language),
            title=signal.title,
            source=source_label(signal.source, language),
        )
        + link
    )
