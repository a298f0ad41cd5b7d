"""Answers that need no template: tool errors explained, results without an artifact."""

from __future__ import annotations

from agent.i18n import Language, Markdown, md, t
from agent.i18n.markdown import escape_markdown
from agent.llm.offline.results import ToolResult

_HINTED = (
    "search_companies",
    "get_company",
    "create_lead_list",
    "add_to_list",
    "list_leads",
    "pipeline_summary",
)


def explain_error(result: ToolResult, language: Language) -> Markdown:
    """An error ToolMessage told to the user, with what to do next."""
    reason = result.content.strip() or t("offline.errors.unknown", language)
    hint = result.tool if result.tool in _HINTED else "default"
    failed = md("offline.errors.failed", language, reason=reason)
    return Markdown(f"{failed}\n\n{t(f'offline.errors.hint.{hint}', language)}")


def plain_answer(result: ToolResult, language: Language) -> Markdown:
    """A result with no usable artifact: its text as the tool wrote it, line by line, literal."""
    if result.is_error:
        return explain_error(result, language)
    body = "  \n".join(escape_markdown(line) for line in result.content.strip().splitlines())
    return Markdown(f"{t('offline.result', language)}\n\n{body}")
