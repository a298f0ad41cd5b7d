"""The offline model's turn: plan tool calls for a request, or answer from tool results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import HumanMessage, ToolMessage

from agent.i18n import t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import plain_answer
from agent.llm.offline.intents import INTENTS, TextReply, ToolCallPlan, intent_for_tool
from agent.llm.offline.intents.company import OWN_LEAD_NOTE, lists_note, own_lead_note
from agent.llm.offline.intents.company_status import STAGE_NOTE, stage_note
from agent.llm.offline.intents.export import SHOWN_NOTE, shown_note
from agent.llm.offline.intents.help import help_text, not_understood_text
from agent.llm.offline.intents.leads import owners_note, reasons_note
from agent.llm.offline.intents.ranking import rank_note, stages_note
from agent.llm.offline.intents.undo import GIVE_BACK_NOTE, give_back_note
from agent.llm.offline.results import ToolResult, latest_results


@dataclass(frozen=True)
class Reply:
    """What the model says: text, and tool calls as LangChain `ToolCall` dicts."""

    text: str = ""
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    memo: dict[str, Any] | None = None


def reply(conversation: Conversation) -> Reply:
    """The next AI message for this conversation."""
    messages = conversation.messages
    last = messages[-1] if messages else None
    if isinstance(last, ToolMessage):
        # imported here: the homonyms' question reads the intents' shapes, which import it
        from agent.llm.offline.homonyms import after_homonyms

        results = latest_results(messages)
        which = after_homonyms(results, conversation)  # a name several companies bear
        if which is not None:
            return Reply(text=which.text, memo=which.memo)
        follow = continuation(results, conversation)
        if follow is not None:
            return follow
        memo = conversation.memo_of_calls or {}
        notes = [_note(n, results, conversation) for n in memo.get("notes") or []]
        if memo.get("notes_only") and any(notes):  # a question the notes answer on their own
            return Reply(text="\n\n".join(note for note in notes if note))
        return Reply(text="\n\n".join([answer(results, conversation), *notes]))
    if isinstance(last, HumanMessage):
        return plan(last.text, conversation)
    return Reply(text=help_text(conversation.language))


def plan(text: str, conversation: Conversation) -> Reply:
    """Tool calls (or a direct answer) for the request of the last human message."""
    for intent in INTENTS:
        found = intent.match(text, conversation)
        if found is None:
            continue
        if isinstance(found, TextReply):
            return Reply(text=found.text, memo=found.memo)
        return calls_reply(found, conversation)
    return Reply(text=not_understood_text(conversation.language))


def _note(key: object, results: list[ToolResult], conversation: Conversation) -> str:
    """A note the plan asked to add to the answer: a catalogue key, `rank:<figure>` (who
    leads the pipeline summary's reps on that figure), `stages:<a>+<b>` (those stages counted
    together, per rep), `lists:` (the lists a card's company is in) or `stage:` (whether it
    is in any)."""
    if str(key).startswith("rank:"):
        return rank_note(results, str(key).removeprefix("rank:"), conversation.language)
    if str(key).startswith("stages:"):  # several stages counted together
        return stages_note(results, str(key).removeprefix("stages:"), conversation.language)
    if str(key) in ("lists:", "lists:mine", "lists:which"):
        mine = conversation.user if str(key) == "lists:mine" else None
        which = str(key) == "lists:which"
        return lists_note(results, conversation.language, mine=mine, which=which)
    if str(key) == STAGE_NOTE:  # a card asked for its standing: whether it has a stage
        return stage_note(results, conversation.language)
    if str(key) == "owners:":  # the leads found, per rep
        return owners_note(results, conversation.language)
    if str(key) == "reasons:":  # the reasons recorded on the leads found
        return reasons_note(results, conversation.language)
    if str(key).startswith("first_of:"):  # the people of a search's first companies only
        shown, total = str(key).removeprefix("first_of:").split(":")
        return t("offline.people_first_of", conversation.language, shown=int(shown),
                 total=int(total))  # fmt: skip
    if str(key).startswith(OWN_LEAD_NOTE):  # the card of the one homonym among the rep's leads
        return own_lead_note(str(key).removeprefix(OWN_LEAD_NOTE), conversation.language)
    if str(key).startswith(GIVE_BACK_NOTE):  # a list given back, refused: who can
        return give_back_note(results, str(key).removeprefix(GIVE_BACK_NOTE), conversation.language)
    if str(key).startswith(SHOWN_NOTE):  # a people export larger than the screen
        return shown_note(results, str(key).removeprefix(SHOWN_NOTE), conversation.language)
    return t(str(key), conversation.language) if str(key).startswith("offline.") else ""


def calls_reply(found: ToolCallPlan, conversation: Conversation) -> Reply:
    """A plan's tool calls as a reply, with fresh call ids."""
    ids = conversation.call_ids(len(found.calls))
    calls = [
        {"name": name, "args": args, "id": call_id, "type": "tool_call"}
        for (name, args), call_id in zip(found.calls, ids, strict=True)
    ]
    return Reply(tool_calls=calls, memo=found.memo)


def continuation(results: list[ToolResult], conversation: Conversation) -> Reply | None:
    """The next step of a plan with several steps (its memo says `then`), or None."""
    memo = conversation.memo_of_calls or {}
    step = memo.get("then")
    if step is None:
        return None
    for intent in INTENTS:
        follow = getattr(intent, "follow", None)
        if follow is None:
            continue
        found = follow(step, results, conversation)
        if isinstance(found, TextReply):
            return Reply(text=found.text, memo=found.memo)
        if found is not None:
            return calls_reply(found, conversation)
    return None


def answer(results: list[ToolResult], conversation: Conversation) -> str:
    """The final answer: each result written by the template of the intent that owns its tool."""
    language = conversation.language
    parts: list[str] = []
    for result in results:
        intent = intent_for_tool(result.tool)
        if intent is None:
            parts.append(plain_answer(result, language))
        else:
            parts.append(intent.answer([result], language))
    return "\n\n".join(part for part in parts if part)
