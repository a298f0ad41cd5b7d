"""The agent's tools, registered once: the graph binds `TOOLS`, UIs and tests look them up by name.

Each tool is async, takes a pydantic args schema, gets the run's `FilonContext` through an
injected `runtime: ToolRuntime[FilonContext]` (hidden from the model), and returns
(compact text for the model, a JSON artifact from `agent.artifacts`). A mistake the
model can fix raises `ToolException`, which comes back as an error ToolMessage.
"""

from __future__ import annotations

from langchain_core.tools import BaseTool

from agent.tools.add_to_list import add_to_list
from agent.tools.create_lead_list import create_lead_list
from agent.tools.get_company import get_company
from agent.tools.list_leads import list_leads
from agent.tools.pipeline_summary import pipeline_summary
from agent.tools.search_companies import search_companies

TOOLS: list[BaseTool] = [
    search_companies,
    get_company,
    create_lead_list,
    add_to_list,
    list_leads,
    pipeline_summary,
]


def tools_by_name() -> dict[str, BaseTool]:
    """The registered tools keyed by their stable names."""
    return {tool.name: tool for tool in TOOLS}


__all__ = ["TOOLS", "tools_by_name"]
