"""A cell filled by a language model: the `ai_cell` prompt around the rep's question, the answer
as structured output (a strict JSON schema for the column's type), validated against that type;
429s, 5xx and lost connections tried again after `Retry-After` or a backoff.

The model comes in built (ChatOpenAI on any OpenAI-compatible server, with its own retries
off: the waits are decided here, per cell, so a rate-limited cell never holds the others).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable

from agent.columns.fill import ColumnSpec, Fill
from agent.columns.retries import Backoff, reason, retryable
from agent.columns.types import BadValue, answer_schema, check_confidence, check_value
from agent.i18n import Language
from prompts import load_prompt

Sleep = Callable[[float], Awaitable[None]]
_TYPE_RULES = {
    "text": "a short text (one sentence at most)",
    "number": "a number (digits only, no unit)",
    "boolean": "true or false",
    "score": "a whole number from 0 to 10",
}


class ModelFiller:
    """Fills cells with `model`, recorded under `name`."""

    def __init__(
        self,
        model: BaseChatModel,
        *,
        name: str,
        language: Language,
        backoff: Backoff | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.model = model
        self.name = name
        self.language = language
        self.backoff = backoff or Backoff()
        self.sleep = sleep
        self._runnables: dict[int, Runnable[Any, Any]] = {}

    async def fill(self, column: ColumnSpec, question: str) -> Fill:
        """The cell's answer to `question` (the column's prompt with the lead's facts in)."""
        prompt = load_prompt(
            "ai_cell",
            question=question,
            type_rule=_type_rule(column),
            language="French" if self.language == "fr" else "English",
        )
        calls = tokens_in = tokens_out = 0
        while True:
            calls += 1
            try:
                answer = await self._ask(column, prompt)
            except Exception as error:
                again, asked = retryable(error)
                if not again or calls > self.backoff.retries:
                    return Fill(
                        "failed",
                        calls=calls,
                        tokens_in=tokens_in,
                        tokens_out=tokens_out,
                        error=reason(error),
                    )
                await self.sleep(self.backoff.wait(calls, asked))
                continue
            used_in, used_out = _usage(answer.get("raw"))
            return _read(column, answer, calls, tokens_in + used_in, tokens_out + used_out)

    async def _ask(self, column: ColumnSpec, prompt: str) -> dict[str, Any]:
        """The model's answer as {"parsed", "raw", "parsing_error"}: straight through the
        OpenAI SDK client under ChatOpenAI when there is one (the same request ChatOpenAI's
        structured output sends, without its per-call layers: a tenth of the run's time at 16
        calls at once), else through LangChain's structured output."""
        completions = getattr(self.model, "async_client", None)
        if completions is None or not hasattr(completions, "create"):
            answer: dict[str, Any] = await self._runnable(column).ainvoke(prompt)
            return answer
        schema = answer_schema(column.type, column.options)
        response = await completions.create(
            model=getattr(self.model, "model_name", self.name),
            messages=[{"role": "user", "content": prompt}],
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "cell", "schema": schema, "strict": True},
            },
        )
        usage = response.usage
        raw = _Usage(
            {
                "input_tokens": getattr(usage, "prompt_tokens", 0) or 0,
                "output_tokens": getattr(usage, "completion_tokens", 0) or 0,
            }
        )
        content = response.choices[0].message.content if response.choices else None
        try:
            parsed = json.loads(content or "")
        except ValueError as error:
            return {"parsed": None, "raw": raw, "parsing_error": error}
        return {"parsed": parsed, "raw": raw, "parsing_error": None}

    def _runnable(self, column: ColumnSpec) -> Runnable[Any, Any]:
        runnable = self._runnables.get(column.id)
        if runnable is None:
            schema = answer_schema(column.type, column.options)
            runnable = self.model.with_structured_output(
                schema, method="json_schema", include_raw=True, strict=True
            )
            self._runnables[column.id] = runnable
        return runnable


@dataclass(frozen=True)
class _Usage:
    """The tokens a direct call used, read as LangChain's `usage_metadata`."""

    usage_metadata: dict[str, int]


def _read(column: ColumnSpec, answer: Any, calls: int, tokens_in: int, tokens_out: int) -> Fill:
    spent = Fill("failed", calls=calls, tokens_in=tokens_in, tokens_out=tokens_out)
    parsed = answer.get("parsed") if isinstance(answer, dict) else None
    if not isinstance(parsed, dict):
        error = answer.get("parsing_error") if isinstance(answer, dict) else None
        return replace(spent, error=f"unreadable answer: {error or parsed!r}"[:300])
    rationale = str(parsed.get("rationale") or "").strip()[:500] or None
    confidence = check_confidence(parsed.get("confidence"))
    if parsed.get("status") == "no_info" or parsed.get("value") is None:
        return replace(spent, status="no_info", rationale=rationale, confidence=confidence)
    try:
        value = check_value(column.type, column.options, parsed.get("value"))
    except BadValue as error:
        return replace(spent, error=f"invalid {column.type}: {error}")
    return replace(spent, status="filled", value=value, rationale=rationale, confidence=confidence)


def _usage(raw: Any) -> tuple[int, int]:
    usage = getattr(raw, "usage_metadata", None) or {}
    return int(usage.get("input_tokens", 0) or 0), int(usage.get("output_tokens", 0) or 0)


def _type_rule(column: ColumnSpec) -> str:
    if column.type == "enum":
        return "exactly one of: " + ", ".join(f'"{option}"' for option in column.options)
    return _TYPE_RULES[column.type]
