"""Follow-ups on the last search: "et à Nantes ?", "plus de 50 salariés", "les 10 suivantes",
"page 3", "trie-les par effectif". The last search's query is changed and run again."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from agent.i18n import Language, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.followups import page_change, refined_query, sort_in
from agent.llm.offline.intents.base import Plan, TextReply, plan_or_unavailable
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult
from store.search.query import CompanyQuery

TOOL = "search_companies"


def query_args(query: CompanyQuery) -> dict[str, Any]:
    """A query as `search_companies` arguments: what is set, with its page."""
    args = query.model_dump(mode="json", exclude_defaults=True)
    args["limit"] = query.limit
    if query.offset:
        args["offset"] = query.offset
    return args


def previous_query(conversation: Conversation) -> CompanyQuery | None:
    """The query of the last search in the thread, or None."""
    search = conversation.previous_search
    if search is None:
        return None
    try:
        return CompanyQuery.model_validate(search.query)
    except ValueError:
        return None


class RefineIntent:
    """The last search again, with one thing changed: a filter, the page or the order."""

    name = "refine"
    tools: tuple[str, ...] = ()  # the search intent writes the answer

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `search_companies` call on the changed query, or None when not a follow-up."""
        previous = previous_query(conversation)
        if previous is None:
            return None
        folded = Request(text).folded
        sort = sort_in(folded)
        if sort is not None:
            return self._sorted(previous, sort, conversation)
        paging = page_change(folded, previous)
        if paging is not None:
            return plan_or_unavailable(
                conversation, TOOL, query_args(previous.model_copy(update=paging))
            )
        refined = refined_query(text, folded, previous, today=conversation.today)
        if refined is None:
            return None
        return plan_or_unavailable(conversation, TOOL, query_args(refined))

    def _sorted(self, previous: CompanyQuery, sort: str, conversation: Conversation) -> Plan:
        schema = conversation.tools.get(TOOL, {}).get("properties", {})
        if "sort" not in schema:
            return TextReply(t("offline.refine.no_sort", conversation.language))
        args = query_args(previous.model_copy(update={"offset": 0}))
        args["sort"] = sort
        return plan_or_unavailable(conversation, TOOL, args)

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """Answered by the search intent (same tool)."""
        return ""
