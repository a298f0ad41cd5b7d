"""Tool calls as the rep sees them: steps named in the rep's words (`ui.tool_labels`),
always in the same place, typed request or button: under the answer they served, as its
steps (Chainlit folds them there)."""

from __future__ import annotations

import chainlit as cl
from chainlit.utils import utc_now

from agent.artifacts import Artifact
from agent.chat import ToolFinished, ToolProgress, ToolStarted
from agent.i18n import Language
from ui.texts import text
from ui.tool_labels import step_output, tool_icon, tool_label


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

    async def progress(self, event: ToolProgress) -> None:
        """Say how far a long call got ("Enrichissement : 12 / 40 personnes")."""
        step = self._running.get(event.call_id)
        if step is None:
            return
        step.output = text("step_progress", self.language, done=event.done, total=event.total)
        await step.update()

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
            icon=tool_icon(name),
        )
        step.start = utc_now()
        return step
