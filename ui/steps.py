"""Tool calls as the rep sees them: steps named in the rep's language ("Recherche
d'entreprises", not `search_companies`), saying what was understood and how it went, always in
the same place: under the answer they served, as its steps (Chainlit folds them there).

What the tool told the model (English, for a model) is not shown: the answer and the tables
say it to the rep.
"""

from __future__ import annotations

import chainlit as cl
from chainlit.utils import utc_now

from agent.artifacts import Artifact, CompaniesArtifact
from agent.chat import ToolFinished, ToolStarted
from agent.i18n import Language, t
from agent.search.describe import describe_query
from store.search.query import CompanyQuery
from ui.safe_markdown import sanitize_markdown
from ui.texts import text

# Lucide icons (Chainlit's icon set) shown in front of each step, instead of an avatar.
TOOL_ICONS = {
    "search_companies": "search",
    "get_company": "building-2",
    "create_lead_list": "list-plus",
    "add_to_list": "list-plus",
    "list_leads": "list",
    "lead_lists": "list",
    "pipeline_summary": "chart-column",
    "rename_lead_list": "pencil",
    "delete_lead_list": "trash-2",
    "assign_lead_list": "user-round",
    "set_lead_stage": "arrow-right-left",
    "export_csv": "file-down",
}
OTHER_ICON = "wrench"


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


class ToolSteps:
    """The steps of one answer: one per tool call, started and finished as the graph runs."""

    def __init__(self, answer: cl.Message, language: Language) -> None:
        self.answer = answer
        self.language = language
        self._running: dict[str, cl.Step] = {}

    async def start(self, event: ToolStarted) -> None:
        """Show the call as running."""
        step = self._step(event.name)
        await step.send()
        self._running[event.call_id] = step

    async def finish(self, event: ToolFinished, artifact: Artifact | None) -> None:
        """Show how the call went."""
        step = self._running.pop(event.call_id, None) or self._step(event.name)
        if event.status == "error":
            step.name = text("step_failed", self.language, tool=step.name)
        step.output = step_output(event, artifact, self.language)
        step.is_error = event.status == "error"
        step.metadata = {**step.metadata, "tool": event.name, "status": event.status}
        step.end = utc_now()
        await step.update()

    def _step(self, name: str) -> cl.Step:
        step = cl.Step(
            name=tool_label(name, self.language),
            type="tool",
            parent_id=self.answer.id,
            show_input=False,
            icon=TOOL_ICONS.get(name, OTHER_ICON),
        )
        step.start = utc_now()
        return step
