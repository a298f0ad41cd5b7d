"""A long tool's progress on the graph's custom stream, which the chat session turns into
`ToolProgress` events (the UI updates the tool's step with them): at most a few a second."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from langgraph.prebuilt import ToolRuntime

EVERY = 0.5  # seconds between two reports, the last one always sent


def progress_writer(runtime: ToolRuntime[Any], name: str) -> Callable[[int, int], None]:
    """`report(done, total)` for the tool call `runtime` runs."""
    last = 0.0

    def report(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if done < total and now - last < EVERY:
            return
        last = now
        call = {"call_id": runtime.tool_call_id, "name": name, "done": done, "total": total}
        runtime.stream_writer({"tool_progress": call})

    return report
