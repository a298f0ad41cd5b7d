"""Follow-ups on the last search: "et à Nantes ?", "plus de 50 salariés", "les 10 suivantes",
"page 3", "trie-les par effectif". The last search's query is changed and run again."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.artifacts import LeadsArtifact
from agent.i18n import Language, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.followups import (
    categories_too_small,
    original_head,
    page_change,
    ranked_count,
    refined_query,
    sort_clause_start,
    sort_in,
)
from agent.llm.offline.intents.base import Plan, TextReply, plan_or_unavailable
from agent.llm.offline.places import commune_named, widened
from agent.llm.offline.references import no_results_text
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult
from agent.llm.offline.wording import SHOWN
from agent.search.parse import parse_company_query
from store.search.query import CompanyQuery

TOOL = "search_companies"
_HOW_MANY = re.compile(
    r"^\W*(?:et\s+)?(?:(?:ca\s+fait|il\s+y\s+en\s+a|y\s+en\s+a[- ]t[- ]il|y\s+en\s+a|on\s+en\s+a)\s+)?"
    r"(?:combien|how\s+many)(?:\s+(?:en\s+tout|au\s+total|y\s+en\s+a[- ]t[- ]il"
    r"|in\s+total|in\s+all|are\s+there|d'entreprises|de\s+resultats|results|companies|ca\s+fait"
    r"|il\s+y\s+en\s+a|y\s+en\s+a[- ]t[- ]il|y\s+en\s+a|de\s+boites|de\s+societes|is\s+that"
    r"|are\s+they|does\s+that\s+make|ca\s+donne|on\s+en\s+a))*\W*$"
)


def query_args(query: CompanyQuery) -> dict[str, Any]:
    """A query as `search_companies` arguments: what is set, with its page."""
    args = query.model_dump(mode="json", exclude_defaults=True)
    args["limit"] = query.limit
    if query.offset:
        args["offset"] = query.offset
    return args


def previous_query(conversation: Conversation) -> CompanyQuery | None:
    """The query of the last search in the thread (or of the search an export described
    since), or None."""
    exported = conversation.abroad_query or conversation.exported_query
    if exported is not None:
        try:
            return CompanyQuery.model_validate(exported)
        except ValueError:
            return None
    search = conversation.previous_search
    if search is None:
        return None
    try:
        return CompanyQuery.model_validate(search.query)
    except ValueError:
        return None


_AND_AT = re.compile(
    r"^\W*(?:et|and|what\s+about|how\s+about|plutot|instead)\s+(?:a|au|sur|dans|in|at|for|pour)\s+"
    r"(?P<place>[a-z][a-z' -]{1,40}?)\W*$"
)


def _commune_follow_up(folded: str, conversation: Conversation) -> str | None:
    """The commune of "et à rezé" when the search vocabulary does not know it as a place."""
    found = _AND_AT.match(folded)
    if found is None:
        return None
    reading = parse_company_query(folded, today=conversation.today)
    if reading.cities or reading.departments or reading.regions or reading.naf_codes:
        return None  # a place or a sector the parser reads: the usual follow-up
    return commune_named(found["place"])


def _signals_call(conversation: Conversation) -> dict[str, Any] | None:
    """The arguments of the `find_signals` call whose companies are on screen (they come
    hottest first already), when signals are the last thing the rep saw."""
    if conversation.latest_signals is None:
        return None
    for message in reversed(conversation.messages):
        for call in getattr(message, "tool_calls", None) or []:
            if call["name"] == "find_signals":
                return dict(call["args"])
    return None


def _names_a_target(query: CompanyQuery) -> bool:
    """Whether a query names a sector or a place: a search of its own."""
    return bool(
        query.naf_codes or query.sections or query.cities or query.departments or query.regions
    )


class RefineIntent:
    """The last search again, with one thing changed: a filter, the page or the order."""

    name = "refine"
    tools: tuple[str, ...] = ()  # the search intent writes the answer

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `search_companies` call on the changed query, or None when not a follow-up."""
        folded = Request(text).folded
        leads = conversation.previous_leads
        if leads is not None:  # the rep is looking at leads: "les suivants" pages them
            return self._leads_page(folded, leads, conversation)
        previous = previous_query(conversation)
        if previous is None:
            if page_change(folded, CompanyQuery()) is not None and len(folded.split()) <= 4:
                return TextReply(no_results_text(conversation.language))  # "les 10 suivantes"
            return None
        if _HOW_MANY.search(folded):
            search = conversation.previous_search
            total = search.total if search is not None else 0
            return TextReply(t("offline.refine.how_many", conversation.language, count=total))
        wider = widened(folded, previous)  # "élargis à toute la région"
        if wider is not None:
            return plan_or_unavailable(conversation, TOOL, query_args(wider))
        commune = _commune_follow_up(folded, conversation)
        if commune is not None:  # "et à rezé": a commune the vocabulary does not list
            update = {"cities": [commune], "departments": [], "regions": [], "postcodes": []}
            moved = previous.model_copy(update={**update, "offset": 0})
            return plan_or_unavailable(conversation, TOOL, query_args(moved))
        sort = sort_in(folded)
        shown_signals = _signals_call(conversation) if sort == "intent" else None
        if shown_signals is not None:  # the companies with signals on screen: hottest first
            return plan_or_unavailable(conversation, "find_signals", shown_signals)
        if sort is not None:
            return self._sorted(text, folded, previous, sort, conversation)
        paging = page_change(folded, previous)
        if paging is not None:
            return plan_or_unavailable(
                conversation, TOOL, query_args(previous.model_copy(update=paging))
            )
        refined = refined_query(text, folded, previous, today=conversation.today)
        if refined is None:
            return None
        too_small = categories_too_small(refined)
        if too_small:  # "que celles de plus de 500 salariés" after "PME": the headcount wins
            kept = [c for c in refined.categories if c not in too_small]
            notes = [f"offline.refine.category_dropped.{c.lower()}" for c in too_small]
            args = query_args(refined.model_copy(update={"categories": kept}))
            return plan_or_unavailable(conversation, TOOL, args, memo={"notes": notes})
        return plan_or_unavailable(conversation, TOOL, query_args(refined))

    def _sorted(
        self, text: str, folded: str, previous: CompanyQuery, sort: str, conversation: Conversation
    ) -> Plan | None:
        """The last search in another order; "garde celles de plus de 50 salariés et trie par
        effectif" changes a filter too, "les 5 plus grosses" the number shown."""
        today = conversation.today
        start = sort_clause_start(folded)
        head = original_head(text, start) if start else ""
        if head.strip():  # a refinement before the order: "garde celles de … et trie …"
            refined = refined_query(head, Request(head).folded, previous, today=today)
            if refined is None and (
                parse_company_query(head, today=today).has_filters
                or _names_a_target(parse_company_query(text, today=today))
            ):
                return None  # "ESN de Lyon, les plus grosses d'abord": a new search
            previous = refined or previous
        elif _names_a_target(parse_company_query(text, today=today)):
            return None  # "les plus grosses ESN de Lyon": a new search, in that order
        schema = conversation.tools.get(TOOL, {}).get("properties", {})
        if "sort" not in schema:
            return TextReply(t("offline.refine.no_sort", conversation.language))
        update: dict[str, Any] = {"offset": 0}
        count = ranked_count(folded)
        if count is not None:
            update["limit"] = max(1, min(count, 100))
        args = query_args(previous.model_copy(update=update))
        args["sort"] = sort
        return plan_or_unavailable(conversation, TOOL, args)

    def _leads_page(
        self, folded: str, leads: LeadsArtifact, conversation: Conversation
    ) -> Plan | None:
        """The next, previous or n-th page of the leads the rep is looking at."""
        # pages of the leads as the answer quotes them (SHOWN at a time), not as fetched
        size = max(min(len(leads.leads), SHOWN), 1) if leads.leads else SHOWN
        paging = page_change(folded, CompanyQuery(offset=leads.offset, limit=size))
        if paging is None:
            return None
        args: dict[str, Any] = {"limit": paging["limit"]}
        if paging["offset"]:
            args["offset"] = paging["offset"]
        return plan_or_unavailable(conversation, "list_leads", {**args, **leads.filters()})

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """Answered by the search intent (same tool)."""
        return ""
