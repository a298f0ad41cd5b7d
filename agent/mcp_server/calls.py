"""One MCP tool call, run as the calling user: arguments checked against the tool's schema, the
user admitted (an unknown or disabled user is refused at once, at every call), then the chat
agent's own tool run on the runtime's clients, and its (text, artifact) returned as the result's
text and structured content — or one refusal line, as an MCP tool error.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import uuid
from dataclasses import dataclass
from typing import Any

from langchain_core.messages import ToolMessage
from langgraph.prebuilt import ToolRuntime
from mcp import types
from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from agent.context import FilonContext, Role
from agent.i18n import Language
from agent.mcp_server.refusals import (
    arguments_line,
    internal_line,
    refusal_line,
    store_line,
    unknown_tool_line,
    user_line,
)
from agent.mcp_server.tools import McpTool, mcp_tools_by_name
from agent.runtime import Runtime
from agent.users import Access, UserRequestError, identify, load_names
from store.failures import StoreUnavailable, store_failure

log = logging.getLogger("filon.mcp")


@dataclass(frozen=True)
class Caller:
    """Who a call acts for: a login, and the role asked for (None: their own)."""

    login: str
    role: Role | None = None


async def call_tool(
    runtime: Runtime, caller: Caller, name: str, arguments: dict[str, Any]
) -> types.CallToolResult:
    """Run the MCP tool `name` with `arguments` as `caller`."""
    language = runtime.settings.language
    tool = mcp_tools_by_name().get(name)
    if tool is None:
        known = sorted(mcp_tools_by_name())
        return refused(unknown_tool_line(name, known, language))
    model = tool.arguments
    unknown = [key for key in arguments if key not in model.model_fields]
    if unknown:
        return refused(arguments_line(name, unknown, language))
    try:
        args = model.model_validate(arguments)
    except ValidationError as error:
        return refused(arguments_line(name, error, language))
    try:
        access = await asyncio.to_thread(_admit, runtime.engine, caller)
        message = await _run(runtime, tool, access, args.model_dump(exclude_unset=True))
    except UserRequestError as error:
        log.warning("refused %s calling %s: %s", caller.login, name, error.code)
        return refused(user_line(error, language))
    except ValidationError as error:  # the agent tool's own checks on what it was handed
        return refused(arguments_line(name, error, language))
    except (DBAPIError, sqlite3.Error, StoreUnavailable) as error:
        failure = store_failure(error, runtime.engine.url)
        if failure is None:
            raise
        return refused(store_line(failure, language))
    log.info("%s called %s (%s)", caller.login, name, message.status)
    if message.status == "error":
        return refused(refusal_line(name, message.text, language))
    return types.CallToolResult(
        content=[types.TextContent(type="text", text=message.text)],
        structuredContent=message.artifact,
    )


def refused(line: str) -> types.CallToolResult:
    """A tool error whose text is `line`."""
    return types.CallToolResult(content=[types.TextContent(type="text", text=line)], isError=True)


def failed(language: Language) -> types.CallToolResult:
    """The tool error for a bug (logged where it happened)."""
    return refused(internal_line(language))


def _admit(engine: Engine, caller: Caller) -> Access:
    """What the caller may do, from the users table now; the display names read again."""
    access = identify(engine, caller.login, caller.role)
    load_names(engine)
    return access


async def _run(
    runtime: Runtime, tool: McpTool, access: Access, args: dict[str, Any]
) -> ToolMessage:
    """The agent tool's ToolMessage for `args`, run with the caller's context."""
    login = access.login or "rep"
    context = runtime.context(user=login, role=access.role)
    call_id = f"mcp-{uuid.uuid4().hex[:12]}"
    injected: ToolRuntime[FilonContext, dict[str, Any]] = ToolRuntime(
        state={"messages": []},
        context=context,
        config={},
        stream_writer=lambda _chunk: None,  # progress has no reader here
        tool_call_id=call_id,
        store=None,
    )
    call = {
        "type": "tool_call",
        "id": call_id,
        "name": tool.name,
        "args": {**args, "runtime": injected},
    }
    message = await tool.agent_tool.ainvoke(call)
    if not isinstance(message, ToolMessage):
        raise TypeError(f"the agent tool {tool.name} answered {type(message).__name__}")
    return message
