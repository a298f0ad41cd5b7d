"""Several companies bearing the name a rep gave: "3 entreprises s'appellent Expertise
Bordeaux : laquelle ?", the rep's answer (a rank, a city, a SIREN) completing the call
(see `PendingIntent._pick`).

The question comes from the offline model's own search by name (`which_homonym`), or from a
tool that refused a name several companies bear (`agent.companies.Homonyms`: its SIRENs and
cities travel with the refusal; `after_homonyms` asks, and the pick calls the tool again with
the SIREN in place of the name)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AIMessage

from agent.artifacts import CompaniesArtifact
from agent.i18n import md
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.intents.base import TextReply
from agent.llm.offline.results import ToolResult
from agent.search.vocabulary.fold import fold
from agent.tools.failures import read_refusal
from store.models import CompanyPublic

SHOWN = 10
REFUSED = "companies.error.homonyms"
# The tools that take a company's name: the argument holding it, the one a SIREN goes in
NAMED_BY = {
    "get_company": ("name", "siren"),
    "find_decision_makers": ("company", "sirens"),
    "enrich_contacts": ("company", "sirens"),
}


def which_homonym(
    named: Sequence[CompanyPublic],
    call: dict[str, Any],
    conversation: Conversation,
    *,
    then: str | None = None,
    key: str | None = None,
) -> TextReply:
    """The question, with the homonyms ranked, and the pending call the answer completes
    (`key`: the argument the chosen SIREN goes in; by default the tool's usual one)."""
    choices = [
        {"siren": c.siren, "name": c.name, "city": c.city_label or c.city or ""}
        for c in named[:SHOWN]
    ]
    return _ask(choices, len(named), call, conversation, then=then, key=key)


def homonyms_found(results: Sequence[ToolResult], name: str) -> list[CompanyPublic]:
    """The companies a search by `name` found bearing exactly that name, when there are
    several and no single lead among them, nor a single one of the asker's (else []): the ones
    to ask about."""
    found = next((r.artifact for r in results if isinstance(r.artifact, CompaniesArtifact)), None)
    if found is None or len(found.companies) < 2:
        return []
    wanted = fold(name).lower().strip()
    named = [c for c in found.companies if fold(c.name).lower().strip() == wanted]
    leads = [c for c in named if c.siren in found.leads]
    own = [c for c in named if c.siren in found.own_leads]
    return named if len(named) > 1 and len(leads) != 1 and len(own) != 1 else []


def after_homonyms(results: Sequence[ToolResult], conversation: Conversation) -> TextReply | None:
    """Which one, when a tool refused a name several companies bear; None otherwise."""
    for result in results:
        refused = read_refusal(result.content) if result.is_error else None
        if refused is None or refused.key != REFUSED or result.tool not in NAMED_BY:
            continue
        values = refused.values or {}
        choices = [c for c in values.get("choices") or [] if isinstance(c, dict)]
        args = _args_of(conversation, result.tool)
        if not choices or args is None:
            continue
        name_arg, siren_arg = NAMED_BY[result.tool]
        args.pop(name_arg, None)
        call = {"name": result.tool, "args": args}
        count = int(values.get("count") or len(choices))
        return _ask(choices, count, call, conversation, key=siren_arg)
    return None


def ask_again(
    chosen: list[dict[str, Any]], pending: dict[str, Any], conversation: Conversation
) -> TextReply:
    """The same question about the few the answer left ("celle de Paris": three are)."""
    call = pending.get("call") or {}
    then, key = pending.get("then"), pending.get("key")
    return _ask(chosen, len(chosen), call, conversation, then=then, key=key)


def _ask(
    choices: list[dict[str, Any]],
    count: int,
    call: dict[str, Any],
    conversation: Conversation,
    *,
    then: str | None = None,
    key: str | None = None,
) -> TextReply:
    language = conversation.language
    lines = [
        md(
            "offline.stages.homonym_line",
            language,
            rank=rank,
            name=str(choice.get("name") or ""),
            city=str(choice.get("city") or "?"),
            siren=str(choice.get("siren") or ""),
        )
        for rank, choice in enumerate(choices, start=1)
    ]
    pending = {
        "kind": "pick",
        "call": call,
        "choices": [
            {"siren": c.get("siren"), "name": c.get("name") or "", "city": c.get("city") or ""}
            for c in choices
        ],
        "then": then,
        "key": key,
    }
    name = str(choices[0].get("name") or "")
    question = md("offline.stages.which_homonym", language, name=name, count=count)
    return TextReply(question + "\n\n" + "\n".join(lines), memo={"pending": pending})


def _args_of(conversation: Conversation, tool: str) -> dict[str, Any] | None:
    """The arguments of the latest call of `tool` (the one refused)."""
    for message in reversed(conversation.messages):
        if isinstance(message, AIMessage):
            for call in message.tool_calls:
                if call["name"] == tool:
                    return dict(call["args"])
    return None
