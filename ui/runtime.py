"""Process-wide state of the Chainlit app: its settings and one `Runtime` (store, HTTP client,
company sources) that every conversation shares, opened at first use (never at import time)
and reopened after the store failed."""

from __future__ import annotations

from contextlib import AsyncExitStack

from agent.runtime import Runtime, open_runtime
from agent.settings import Settings

_settings: Settings | None = None
_runtime: Runtime | None = None
_stack: AsyncExitStack | None = None


def ui_settings() -> Settings:
    """The app's settings, read once; the LLM key is the one `filon ui` saw (or none)."""
    global _settings
    if _settings is None:
        _settings = Settings()
    return _settings


async def shared_runtime(settings: Settings) -> Runtime:
    """The runtime every conversation of this process shares, opened at first use."""
    global _runtime, _stack
    if _runtime is None:
        stack = AsyncExitStack()
        _runtime = await stack.enter_async_context(open_runtime(settings))
        _stack = stack
    return _runtime


async def reset_runtime() -> None:
    """Close the shared runtime so the next turn opens (and migrates) the store again."""
    global _runtime, _stack
    stack, _runtime, _stack = _stack, None, None
    if stack is not None:
        await stack.aclose()
