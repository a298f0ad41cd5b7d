"""When a model call is worth trying again, and after how long: a 429 or a 5xx, a timeout or a
lost connection are; the wait is the server's `Retry-After` when it gives one (capped), else an
exponential backoff with jitter. Anything else fails the cell at once."""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass

import httpx

from agent.http.retry import retry_after

MAX_RETRY_AFTER = 60.0


@dataclass(frozen=True)
class Backoff:
    """Tries after the first (`retries`) and the first wait (`base` seconds, doubled each time)."""

    retries: int = 4
    base: float = 0.5
    cap: float = 20.0

    def wait(self, failures: int, asked: float | None) -> float:
        """Seconds to wait after the `failures`-th failure in a row."""
        if asked is not None:
            return min(asked, MAX_RETRY_AFTER)
        delay = min(self.base * 2 ** (failures - 1), self.cap)
        return delay * (0.75 + random.random() / 2)  # jitter, not secrecy


def retryable(error: BaseException) -> tuple[bool, float | None]:
    """Whether `error` is worth another try, and the wait the server asked for (or None)."""
    openai = sys.modules.get("openai")
    if openai is not None and isinstance(error, openai.APIError):
        if isinstance(error, openai.APITimeoutError | openai.APIConnectionError):
            return True, None
        if isinstance(error, openai.APIStatusError):
            status = error.status_code
            if status == 429 or status >= 500 or status == 408:
                return True, retry_after(error.response)
        return False, None
    if isinstance(error, httpx.HTTPStatusError):
        status = error.response.status_code
        return status == 429 or status >= 500, retry_after(error.response)
    if isinstance(error, httpx.TransportError | TimeoutError):
        return True, None
    return False, None


def reason(error: BaseException) -> str:
    """A one-line reason for a failed cell."""
    status = getattr(error, "status_code", None)
    lines = str(error).splitlines()
    first = lines[0][:200] if lines else ""
    prefix = f"HTTP {status}: " if status else ""
    return f"{prefix}{type(error).__name__}: {first}".strip()
