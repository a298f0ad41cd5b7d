"""Answers that need no template: tool errors explained, results without an artifact."""

from __future__ import annotations

from agent.i18n import Language, Markdown, catalogue_keys, md, t
from agent.i18n.markdown import escape_markdown
from agent.llm.offline.results import ToolResult
from agent.tools.failures import read_refusal
from agent.users import display_name

_HINTED = (
    "search_companies",
    "get_company",
    "create_lead_list",
    "add_to_list",
    "list_leads",
    "pipeline_summary",
    "pipeline_trends",
    "stale_leads",
)


def explain_error(result: ToolResult, language: Language) -> Markdown:
    """An error ToolMessage told to the user in their language, with what to do next.

    A refusal that names its catalogue message (`agent.tools.failures`) is worded from it;
    another is quoted as the tool wrote it."""
    refused = read_refusal(result.content)
    key = _conversation_key(refused.key)
    if key is not None:
        values = dict(refused.values or {})
        if isinstance(values.get("owner"), str) and values["owner"]:  # people, not logins
            values["owner"] = display_name(values["owner"]) or values["owner"]
        try:
            return md(key, language, **values)
        except LookupError:
            pass  # values missing for that message: quote the sentence instead
    reason = refused.message or t("offline.errors.unknown", language)
    hint = result.tool if result.tool in _HINTED else "default"
    failed = md("offline.errors.failed", language, reason=reason)
    return Markdown(f"{failed}\n\n{t(f'offline.errors.hint.{hint}', language)}")


def _conversation_key(key: str | None) -> str | None:
    """The catalogue message for a refusal in a conversation (`offline.refusal.<code>`), else
    the refusal's own (worded for the CLI), else None."""
    if key is None:
        return None
    known = catalogue_keys()
    spoken = f"offline.refusal.{key.rsplit('.', 1)[-1]}"
    if spoken in known:
        return spoken
    return key if key in known else None


def plain_answer(result: ToolResult, language: Language) -> Markdown:
    """A result with no usable artifact: its text as the tool wrote it, line by line, literal."""
    if result.is_error:
        return explain_error(result, language)
    body = "  \n".join(escape_markdown(line) for line in result.content.strip().splitlines())
    return Markdown(f"{t('offline.result', language)}\n\n{body}")
