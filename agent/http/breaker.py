"""A circuit breaker per vendor: after N requests in a row that found it unavailable, fail
at once for a cool-down instead of making every caller wait out the same timeouts; then let
one request through as a trial, which closes the circuit if it succeeds."""

from __future__ import annotations

import time
from collections.abc import Callable

from agent.http.errors import ApiUnavailable

Clock = Callable[[], float]


class CircuitBreaker:
    """Closed (requests go), open (they fail at once) or half-open (one trial goes)."""

    def __init__(
        self,
        vendor: str,
        *,
        threshold: int = 5,
        cool_down: float = 30.0,
        clock: Clock = time.monotonic,
    ) -> None:
        if threshold < 1:
            raise ValueError(f"a circuit breaker needs a threshold of at least 1, got {threshold}")
        self.vendor = vendor
        self.threshold = threshold
        self.cool_down = cool_down
        self.clock = clock
        self.failures = 0
        self.opened_at: float | None = None
        self._trial = False

    @property
    def is_open(self) -> bool:
        """Whether requests fail at once now (the cool-down has not run out)."""
        return self.opened_at is not None and self._remaining() > 0

    def allow(self) -> None:
        """Let a request go, or raise `ApiUnavailable` while the circuit is open."""
        if self.opened_at is None:
            return
        remaining = self._remaining()
        if remaining > 0 or self._trial:
            raise ApiUnavailable(
                self.vendor,
                "circuit_open",
                f"{self.failures} failures in a row; not tried again for {remaining:.1f} s",
                seconds=max(remaining, 0.0),
                failures=self.failures,
            )
        self._trial = True  # half-open: this request is the trial, the others still wait

    def settle(self, succeeded: bool | None) -> None:
        """Record how a request that was let through ended (None: abandoned, e.g. cancelled)."""
        self._trial = False
        if succeeded is None:
            return
        if succeeded:
            self.failures, self.opened_at = 0, None
            return
        self.failures += 1
        if self.failures >= self.threshold:
            self.opened_at = self.clock()

    def _remaining(self) -> float:
        assert self.opened_at is not None
        return self.opened_at + self.cool_down - self.clock()
