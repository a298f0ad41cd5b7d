"""Tool calls in a rep's words: each tool's name in the rep's language ("Recherche
d'entreprises", not `search_companies`), its icon, and what its step says once done (what a
search understood, the status, the time taken). What the tool told the model (English, for a
model) is not shown: the answer and the tables say it to the rep."""

from __future__ import annotations

from agent.artifacts import Artifact, CompaniesArtifact
from agent.chat import ToolFinished
from agent.i18n import Language, t
from agent.search.describe import describe_query
from store.search.query import CompanyQuery
from ui.safe_markdown import sanitize_markdown
from ui.texts import text

# Lucide icons (Chainlit's icon set) shown in front of each step, instead of an avatar.
TOOL_ICONS = {
    "search_companies": "search",
    "get_company": "building-2",
    "find_decision_makers": "users",
    "enrich_contacts": "mail-search",
    "find_signals": "radar",
    "create_lead_list": "list-plus",
    "add_to_list": "list-plus",
    "list_leads": "list",
    "lead_lists": "list",
    "pipeline_summary": "chart-column",
    "pipeline_trends": "chart-line",
    "stale_leads": "hourglass",
    "post_pipeline_to_slack": "slack",
    "rename_lead_list": "pencil",
    "delete_lead_list": "trash-2",
    "assign_lead_list": "user-round",
    "set_lead_stage": "arrow-right-left",
    "qualify_lead": "clipboard-check",
    "export_csv": "file-down",
    "opt_out": "ban",
    "add_ai_column": "columns-3",
    "run_ai_columns": "sparkles",
    "score_leads": "gauge",
    "push_to_crm": "send",
    "crm_sync_status": "refresh-cw",
}
OTHER_ICON = "wrench"


def tool_icon(name: str) -> str:
    """The icon of a tool's step."""
    return TOOL_ICONS.get(name, OTHER_ICON)


def tool_label(name: str, language: Language) -> str:
    """A tool's name for a rep: "Recherche d'entreprises"; an unknown tool by its own name."""
    try:
        return t(f"ui_polish.tools.{name}", language)
    except LookupError:
        return t("ui_polish.tools.other", language, name=name)


def step_output(event: ToolFinished, artifact: Artifact | None, language: Language) -> str:
    """What the step says once done: what a search understood, the status and the time taken."""
    lines = []
    if isinstance(artifact, CompaniesArtifact):
        try:
            query = CompanyQuery.model_validate(artifact.query)
        except ValueError:
            query = None
        if query is not None:
            lines.append(text("step_understood", language, query=describe_query(query, language)))
    duration = f"{event.duration_ms:.0f} ms" if event.duration_ms is not None else "?"
    status = text(f"status_{event.status}", language)
    lines.append(text("step_done", language, status=status, duration=duration))
    return sanitize_markdown("\n\n".join(lines))
