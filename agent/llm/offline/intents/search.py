"""Company search: "trouve des ESN de 50 à 200 salariés à Lyon" → `search_companies`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.artifacts import CompaniesArtifact
from agent.i18n import Language, Markdown, md, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.intents.base import Plan, plan_or_unavailable
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult
from agent.llm.offline.wording import SHOWN, bullets, company_line
from agent.search.notices import notice_text
from agent.search.parse import parse_company_query
from agent.search.vocabulary.signals import limit_patterns

TOOL = "search_companies"
DEFAULT_LIMIT = 10
SEARCH_VERB = re.compile(
    r"(?<![\w])(?:trouve\w*|cherche\w*|recherche\w*|liste[rz]?|donne[- ]moi|sors[- ]moi"
    r"|quelles?\s+(?:entreprises|societes|boites)|find|search|look(?:ing)?\s+(?:for|up)"
    r"|list|which\s+companies|any\s+companies)(?![\w])"
)
_NAME_LIKE = re.compile(r"^[A-Z0-9][\w&'.-]*(?:\s+[\w&'.-]+){0,2}$")


def search_args(text: str, conversation: Conversation) -> dict[str, Any] | None:
    """The flat `CompanyQuery` fields of a request (non-default only), or None if empty."""
    query = parse_company_query(text, today=conversation.today)
    if query.is_empty:
        return None
    args = query.model_dump(mode="json", exclude_defaults=True)
    asked_limit = any(p.search(Request(text).folded) for p in limit_patterns())
    limit = query.limit if asked_limit else DEFAULT_LIMIT
    schema = conversation.tools.get(TOOL, {}).get("properties", {}).get("limit", {})
    maximum = schema.get("maximum")
    args["limit"] = min(limit, maximum) if isinstance(maximum, int) else limit
    return args


class SearchIntent:
    """A search request: filters the parser understood, or a name after a search verb."""

    name = "search"
    tools = (TOOL,)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `search_companies` call with the parsed filters; None if not a search."""
        args = search_args(text, conversation)
        if args is None:
            return None
        filtered = any(key not in ("text", "limit") for key in args)
        named = bool(_NAME_LIKE.match(text.strip())) and args.get("text") == text.strip()
        if not (filtered or named or Request(text).has(SEARCH_VERB)):
            return None
        return plan_or_unavailable(conversation, TOOL, args)

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """How many companies match and the first few, with next steps."""
        return "\n\n".join(companies_answer(result, language) for result in results)


def _signal_part(artifact: CompaniesArtifact, siren: str, language: Language) -> str:
    """ " — recrute 7 développeurs Java (12/11/2026), intention 42": what the search asked for."""
    signal = artifact.highlights.get(siren)
    if signal is None:
        return ""
    return md(
        "offline.search.signal",
        language,
        title=signal.title,
        day=signal.occurred_on or "",
        score=artifact.intent.get(siren, 0),
    )


def shown_count(artifact: CompaniesArtifact) -> int:
    """How many companies the answer writes out: the usual few, or as many as the request asked
    for ("les 20 premières" of 11 shows all 11), never more than were fetched."""
    asked = artifact.query.get("limit")
    return max(SHOWN, asked if isinstance(asked, int) else 0)


def companies_answer(result: ToolResult, language: Language) -> str:
    """The answer for one "companies" result."""
    if result.is_error:
        return explain_error(result, language)
    artifact = result.artifact
    if not isinstance(artifact, CompaniesArtifact):
        return plain_answer(result, language)
    notes = [notice_text(notice, language, markdown=True) for notice in artifact.notices]
    offset = int(artifact.query.get("offset") or 0)
    if not artifact.companies:
        key = "offline.search.past_end" if artifact.total else "offline.search.none"
        return "\n\n".join([t(key, language, total=artifact.total), *notes])
    shown = artifact.companies[: shown_count(artifact)]
    if offset:
        last = offset + len(artifact.companies)
        head = t("offline.search.page", language, first=offset + 1, last=last, total=artifact.total)
    else:
        head = t(f"offline.search.found.{artifact.total_bound}", language, count=artifact.total)
        if artifact.total > len(shown):
            head += t("offline.search.first", language, shown=len(shown))
        elif shown_count(artifact) > SHOWN:  # "les 20 premières" of 11: all, and said so
            head += t("offline.search.all_asked", language, asked=shown_count(artifact))
        else:
            head += t("offline.search.all", language)
    parts = [t("offline.search.relaxed", language)] if artifact.relaxed else []
    barred = set(artifact.suppressed)
    lines = [
        Markdown(
            company_line(company, language)
            + _signal_part(artifact, company.siren, language)
            + (t("offline.search.suppressed", language) if company.siren in barred else "")
        )
        for company in shown
    ]
    parts += [head, bullets(lines)]
    parts += notes
    more = artifact.total > offset + len(artifact.companies)
    parts.append(t("offline.search.next_more" if more else "offline.search.next", language))
    return "\n\n".join(parts)
