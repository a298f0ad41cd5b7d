"""How long a request to an outside API may take, and when and how long to wait before trying
again: one `RetryPolicy`, and the reading of `Retry-After`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

# The whole request, retries and waits included, gets this many times one attempt's deadline:
# room for a slow answer and two quick retries, never an open-ended wait.
BUDGET_FACTOR = 3.0


@dataclass(frozen=True)
class RetryPolicy:
    """Deadlines and retries of one vendor's requests.

    `timeout` bounds one attempt from connection to last byte; `budget` bounds the whole
    request, every attempt and every wait between them. Network errors, timeouts and 5xx are
    tried again `retries` times with exponential backoff from `backoff` seconds; a 429 is tried
    again `rate_limit_retries` times after its `Retry-After`, unless it asks for more than
    `max_retry_after` seconds or more than the budget has left.
    """

    timeout: float = 10.0
    budget: float = 30.0
    retries: int = 2
    backoff: float = 0.5
    rate_limit_retries: int = 2
    max_retry_after: float = 30.0
    default_retry_after: float = 1.0

    def __post_init__(self) -> None:
        if self.timeout <= 0 or self.budget <= 0:
            raise ValueError(f"deadlines must be positive, got {self.timeout=} {self.budget=}")

    @classmethod
    def for_timeout(cls, timeout: float) -> RetryPolicy:
        """The default policy for an attempt deadline of `timeout` seconds (FILON_HTTP_TIMEOUT)."""
        return cls(timeout=timeout, budget=timeout * BUDGET_FACTOR)

    def backoff_after(self, failures: int) -> float:
        """Seconds to wait after the `failures`-th failure in a row (0.5, 1, 2 …)."""
        return float(self.backoff * 2 ** (failures - 1))


def retry_after(response: httpx.Response, *, now: datetime | None = None) -> float | None:
    """Seconds the vendor asks to wait (`Retry-After`: seconds or an HTTP date), None if unsaid.

    A date in the past means no wait; an unreadable value is treated as unsaid.
    """
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # an HTTP date is GMT; a sloppy one without zone is taken as such
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
