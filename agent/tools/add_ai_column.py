"""`add_ai_column`: add an AI column to a lead list — a question asked of every lead, with a
typed answer — or one of the built-in columns (or all four); `run_ai_columns` fills them."""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.tools import ToolException, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.artifacts import AIColumnsArtifact
from agent.columns import ColumnRequestError
from agent.columns.builtins import BUILTINS, builtin_named
from agent.columns.define import (
    ColumnDefinition,
    add_builtin,
    add_builtins,
    add_column,
    list_columns,
)
from agent.columns.errors import CustomColumnOffline
from agent.columns.template import variables_of
from agent.columns.types import COLUMN_TYPES
from agent.columns.view import show_columns
from agent.context import FilonContext
from agent.leads import LeadRequestError
from agent.tools.column_items import columns_artifact, rows_lines
from agent.tools.failures import refusal
from agent.tools.lines import data
from agent.tools.state import thread_language

SHOWN_LEADS = 50
# A prompt naming no fact of the lead would ask the model about nobody: these come first.
FACTS_PREAMBLE = "$company_name ($naf_label, $city, $headcount, $website): "


class AddAIColumnArgs(BaseModel):
    """The list, and the column: a name and a question with a type, or a built-in's name."""

    list_name: str = Field(description="The lead list's name")
    name: str | None = Field(
        None,
        description="The column's name; without a prompt, a built-in column's name "
        f"({', '.join(b.key for b in BUILTINS)}, or their French names)",
    )
    prompt: str | None = Field(
        None,
        max_length=2000,
        description="The question asked of each lead, naming its facts with $variables "
        "($company_name, $naf_label, $city, $website, $description, $signals, $contacts…); "
        "empty for a built-in column",
    )
    type: str = Field("text", description=f"The answer's type: {', '.join(COLUMN_TYPES)}")
    options: list[str] = Field(
        default_factory=list, description="An enum column's options (two at least)"
    )
    builtins: bool = Field(False, description="Add the four built-in columns")
    replace: bool = Field(False, description="Replace the prompt of a column of that name")


@tool("add_ai_column", args_schema=AddAIColumnArgs, response_format="content_and_artifact")
async def add_ai_column(
    runtime: ToolRuntime[FilonContext],
    list_name: str,
    name: str | None = None,
    prompt: str | None = None,
    type: str = "text",
    options: list[str] | None = None,
    builtins: bool = False,
    replace: bool = False,
) -> tuple[str, dict[str, Any]]:
    """Add an AI column to a lead list: a question asked of every lead ("utilise-t-elle
    Salesforce ?", boolean), answered from the lead's facts with a typed value (text, number,
    boolean, enum with options, score 0-10) or "no information". Or add a built-in column by
    its name ("Maturité d'achat", "Pertinence sectorielle", "Adéquation à l'offre", "Décideur
    identifié"), or all four (builtins=true). Adding does not fill the cells: call
    run_ai_columns next. Without a language model (offline) only built-in columns can run,
    so a custom prompt is refused.
    """
    context = runtime.context
    language = thread_language(runtime.state)
    builtin = builtin_named(name) if name and not (prompt or "").strip() else None
    try:
        if builtins:
            added = await asyncio.to_thread(
                add_builtins, context.engine, list_name=list_name, user=context.user,
                language=language,
            )  # fmt: skip
        elif builtin is not None:
            one = await asyncio.to_thread(
                add_builtin, context.engine, list_name=list_name, builtin=builtin,
                user=context.user, language=language,
            )  # fmt: skip
            added = [one]
        else:
            added = [await _custom(context, list_name, name, prompt, type, options, replace)]
        view = await asyncio.to_thread(
            show_columns, context.engine, list_name=list_name, user=context.user,
            limit=SHOWN_LEADS,
        )  # fmt: skip
        _, every = await asyncio.to_thread(
            list_columns, context.engine, list_name=view.list_name, user=context.user
        )
    except (LeadRequestError, ColumnRequestError) as error:
        raise refusal(error) from error
    artifact = columns_artifact(
        view,
        every,
        action="added",
        created=[d.column.name for d in added if d.created],
        replaced=[d.column.name for d in added if d.replaced],
        existing=[d.column.name for d in added if not (d.created or d.replaced)],
    )
    return _content(artifact), artifact.model_dump(mode="json")


add_ai_column.handle_tool_error = True


async def _custom(
    context: FilonContext,
    list_name: str,
    name: str | None,
    prompt: str | None,
    kind: str,
    options: list[str] | None,
    replace: bool,
) -> ColumnDefinition:
    question = (prompt or "").strip()
    if not question:
        if name:
            known = ", ".join(b.key for b in BUILTINS)
            raise ToolException(
                f"{name!r} is not a built-in column ({known}): give a prompt for a custom column"
            )
        raise ToolException("give the column's name and prompt, or a built-in column's name")
    column_name = name or question
    if context.settings.offline:
        raise CustomColumnOffline(column_name, list_name)
    if not variables_of(question):
        question = FACTS_PREAMBLE + question
    return await asyncio.to_thread(
        add_column, context.engine, list_name=list_name, name=column_name, prompt=question,
        kind=kind, options=options or [], user=context.user, replace=replace,
    )  # fmt: skip


def _content(artifact: AIColumnsArtifact) -> str:
    done = []
    if artifact.created:
        done.append(f"added: {', '.join(data(n) for n in artifact.created)}")
    if artifact.replaced:
        done.append(f"new prompt: {', '.join(data(n) for n in artifact.replaced)}")
    if artifact.existing:
        done.append(f"already there: {', '.join(data(n) for n in artifact.existing)}")
    columns = ", ".join(f"{data(c.name)} ({c.type})" for c in artifact.columns)
    lines = [
        f"AI columns of the list {data(artifact.list_name)} — {'; '.join(done)}. "
        f"Its columns now: {columns}. The cells are not filled yet: call run_ai_columns.",
        *rows_lines(artifact),
    ]
    return "\n".join(lines)
