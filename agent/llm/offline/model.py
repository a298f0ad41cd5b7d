"""`OfflineChatModel`: a deterministic LangChain chat model that drives Filon with no LLM key.

It reads the conversation instead of sampling: a human request becomes tool calls for the
bound tools (or a direct answer), and tool results become a templated final answer that
quotes them. Same input, same output; no randomness, no clock unless `today` is injected.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from datetime import date
from typing import Any

from langchain_core.callbacks import (
    AsyncCallbackManagerForLLMRun,
    CallbackManagerForLLMRun,
)
from langchain_core.language_models import LanguageModelInput
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.messages.tool import tool_call_chunk
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

from agent.llm.offline.conversation import MEMO_KEY, Conversation
from agent.llm.offline.reply import Reply, reply

MODEL_NAME = "filon-offline"
_PIECE = re.compile(r"\S+\s*|\s+")


def bound_tools(tools: Sequence[Any] | None) -> dict[str, dict[str, Any]]:
    """Tool name → JSON schema of the parameters, from OpenAI-format tool dicts (or tools)."""
    schemas: dict[str, dict[str, Any]] = {}
    for tool in tools or ():
        spec = tool if _is_openai_tool(tool) else convert_to_openai_tool(tool)
        function = spec["function"]
        schemas[function["name"]] = function.get("parameters") or {}
    return schemas


def _is_openai_tool(tool: Any) -> bool:
    return isinstance(tool, dict) and tool.get("type") == "function" and "function" in tool


class OfflineChatModel(BaseChatModel):
    """Understands Filon's core requests in French and English and calls the bound tools."""

    model_name: str = MODEL_NAME
    today: date | None = None
    """The date relative requests ("créées il y a moins de 5 ans") count from; default today."""

    @property
    def _llm_type(self) -> str:
        return MODEL_NAME

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": self.model_name}

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """The model with these tools: their OpenAI-format schemas travel as the `tools` kwarg."""
        return self.bind(tools=[convert_to_openai_tool(tool) for tool in tools], **kwargs)

    def respond(self, messages: Sequence[BaseMessage], tools: Sequence[Any] | None = None) -> Reply:
        """The reply to these messages with these tools bound (the whole logic, no LangChain run)."""
        return reply(
            Conversation(messages=list(messages), tools=bound_tools(tools), today=self.today)
        )

    def _message(self, found: Reply) -> AIMessage:
        return AIMessage(
            content=found.text,
            tool_calls=found.tool_calls,
            response_metadata=self._metadata(found),
        )

    def _metadata(self, found: Reply) -> dict[str, Any]:
        reason = "tool_calls" if found.tool_calls else "stop"
        metadata: dict[str, Any] = {"model_name": self.model_name, "finish_reason": reason}
        if found.memo is not None:
            metadata[MEMO_KEY] = found.memo
        return metadata

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        message = self._message(self.respond(messages, kwargs.get("tools")))
        return ChatResult(generations=[ChatGeneration(message=message)])

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return self._generate(messages, stop, **kwargs)

    def _chunks(self, found: Reply) -> Iterator[ChatGenerationChunk]:
        """Word-sized text chunks, then each tool call as chunks whose JSON args add up."""
        for piece in _PIECE.findall(found.text):
            yield ChatGenerationChunk(message=AIMessageChunk(content=piece))
        for index, call in enumerate(found.tool_calls):
            args = json.dumps(call["args"], ensure_ascii=False)
            half = len(args) // 2
            first = tool_call_chunk(name=call["name"], args=args[:half], id=call["id"], index=index)
            rest = tool_call_chunk(name=None, args=args[half:], id=None, index=index)
            for part in (first, rest):
                yield ChatGenerationChunk(
                    message=AIMessageChunk(content="", tool_call_chunks=[part])
                )
        last = AIMessageChunk(
            content="", response_metadata=self._metadata(found), chunk_position="last"
        )
        yield ChatGenerationChunk(message=last)

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for chunk in self._chunks(self.respond(messages, kwargs.get("tools"))):
            if run_manager and chunk.text:
                run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        for chunk in self._chunks(self.respond(messages, kwargs.get("tools"))):
            if run_manager and chunk.text:
                await run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk
