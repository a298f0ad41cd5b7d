"""The tools Filon offers other assistants over MCP: which agent tool each one runs, the JSON
schema of its arguments and of its result, and what it may do (read, write, reach outside).

Each MCP tool is one of the chat agent's tools (`agent.tools`), under the same name, run as
the calling user: the same arguments model (so the same JSON schema the chat model reads), the
same services, the same typed artifact — here the result's structured content, its schema the
artifact's. Only `get_company` takes a narrower argument: a company card by SIREN, a name being
what `search_companies` is for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from langchain_core.tools import BaseTool
from mcp import types
from pydantic import BaseModel, Field

from agent.artifacts import (
    CompaniesArtifact,
    CompanyArtifact,
    ContactsArtifact,
    LeadListArtifact,
    LeadListsArtifact,
    LeadsArtifact,
    PipelineArtifact,
    SignalsArtifact,
)
from agent.i18n import Language, t
from agent.tools import tools_by_name


class CompanyCardArgs(BaseModel):
    """The company, by its SIREN or SIRET."""

    siren: str = Field(
        description="SIREN (9 digits) or SIRET (14), spaces allowed, e.g. 552 100 554; "
        "find it with search_companies"
    )


COMPANY_CARD = (
    "Show one company's card by its SIREN or SIRET: identity, activity (NAF), size, place, "
    "revenue, its contacts with each email's status (verified, catch_all, guessed, invalid, "
    "unknown) and source, recent buying signals with its intent score, the lead lists it is in "
    "(those the user may see) and its engagement. Find the SIREN with search_companies."
)


@dataclass(frozen=True)
class McpTool:
    """One MCP tool: the agent tool it runs, its arguments model, its result's artifact."""

    name: str
    result: type[BaseModel]
    writes: bool = False  # changes the store (never destructively: it adds)
    outside: bool = False  # may ask an outside source (the public company API, BODACC)
    args: type[BaseModel] | None = None  # None: the agent tool's own
    description: str | None = None  # None: the agent tool's own

    @property
    def agent_tool(self) -> BaseTool:
        """The chat agent's tool this one runs."""
        return tools_by_name()[self.name]

    @property
    def arguments(self) -> type[BaseModel]:
        """The pydantic model its arguments are validated with."""
        if self.args is not None:
            return self.args
        schema = self.agent_tool.args_schema
        if not isinstance(schema, type) or not issubclass(schema, BaseModel):
            raise TypeError(f"the agent tool {self.name} has no pydantic arguments model")
        return schema

    def definition(self, language: Language) -> types.Tool:
        """The tool as `tools/list` describes it, its title in `language`."""
        title = t(f"mcp.tool.{self.name}", language)
        return types.Tool(
            name=self.name,
            title=title,
            description=self.description or self.agent_tool.description,
            inputSchema=input_schema(self.arguments),
            outputSchema=self.result.model_json_schema(mode="serialization"),
            annotations=types.ToolAnnotations(
                title=title,
                readOnlyHint=not self.writes,
                destructiveHint=False,
                idempotentHint=True,
                openWorldHint=self.outside,
            ),
        )


def input_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The arguments' JSON schema: the model's, and no argument it does not name."""
    schema = model.model_json_schema()
    schema["additionalProperties"] = False
    return schema


MCP_TOOLS: tuple[McpTool, ...] = (
    McpTool("search_companies", CompaniesArtifact, outside=True),
    McpTool(
        "get_company",
        CompanyArtifact,
        outside=True,
        args=CompanyCardArgs,
        description=COMPANY_CARD,
    ),
    McpTool("lead_lists", LeadListsArtifact),
    McpTool("list_leads", LeadsArtifact),
    McpTool("create_lead_list", LeadListArtifact, writes=True),
    McpTool("add_to_list", LeadListArtifact, writes=True),
    McpTool("find_decision_makers", ContactsArtifact, outside=True),
    McpTool("find_signals", SignalsArtifact, outside=True),
    McpTool("pipeline_summary", PipelineArtifact),
)


def mcp_tools_by_name() -> dict[str, McpTool]:
    """The MCP tools keyed by name."""
    return {tool.name: tool for tool in MCP_TOOLS}
