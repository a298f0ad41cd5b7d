"""The agent's tools, registered once: the graph binds `TOOLS`, UIs and tests look them up by name.

Each tool is async, takes a pydantic args schema, gets the run's `FilonContext` through an
injected `runtime: ToolRuntime[FilonContext]` (hidden from the model), and returns
(compact text for the model, a JSON artifact from `agent.artifacts`). A mistake the
model can fix raises `ToolException`, which comes back as an error ToolMessage.
"""

from __future__ import annotations

from langchain_core.tools import BaseTool

from agent.tools.add_ai_column import add_ai_column
from agent.tools.add_to_list import add_to_list
from agent.tools.assign_lead_list import assign_lead_list
from agent.tools.create_lead_list import create_lead_list
from agent.tools.crm_sync_status import crm_sync_status
from agent.tools.delete_lead_list import delete_lead_list
from agent.tools.enrich_contacts import enrich_contacts
from agent.tools.export_csv import export_csv
from agent.tools.find_decision_makers import find_decision_makers
from agent.tools.find_signals import find_signals
from agent.tools.get_company import get_company
from agent.tools.lead_lists import lead_lists
from agent.tools.list_leads import list_leads
from agent.tools.opt_out import opt_out
from agent.tools.pipeline_summary import pipeline_summary
from agent.tools.pipeline_trends import pipeline_trends
from agent.tools.post_pipeline_to_slack import post_pipeline_to_slack
from agent.tools.push_to_crm import push_to_crm
from agent.tools.qualify_lead import qualify_lead
from agent.tools.rename_lead_list import rename_lead_list
from agent.tools.run_ai_columns import run_ai_columns
from agent.tools.score_leads import score_leads
from agent.tools.search_companies import search_companies
from agent.tools.set_lead_stage import set_lead_stage
from agent.tools.stale_leads import stale_leads

TOOLS: list[BaseTool] = [
    search_companies,
    get_company,
    find_decision_makers,
    enrich_contacts,
    find_signals,
    create_lead_list,
    add_to_list,
    list_leads,
    pipeline_summary,
    pipeline_trends,
    stale_leads,
    post_pipeline_to_slack,
    lead_lists,
    rename_lead_list,
    delete_lead_list,
    assign_lead_list,
    set_lead_stage,
    qualify_lead,
    export_csv,
    opt_out,
    add_ai_column,
    run_ai_columns,
    score_leads,
    push_to_crm,
    crm_sync_status,
]


def tools_by_name() -> dict[str, BaseTool]:
    """The registered tools keyed by their stable names."""
    return {tool.name: tool for tool in TOOLS}


__all__ = ["TOOLS", "tools_by_name"]
