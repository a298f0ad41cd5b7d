"""A client-side rate limiter: at most N requests in any sliding one-second window.

The public company API blocks an IP that keeps going over 7 requests/s, so every request
of a source (retries and extra pages included) first waits on one shared `Throttle`.
A sliding window keeps the last N start times: a burst of N goes out at once (three pages of
a search don't wait for each other), the N+1th waits until the oldest is a second old.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class Throttle:
    """Spaces requests so that no window of `period` seconds holds more than `rate` of them."""

    def __init__(
        self,
        rate: int = 7,
        *,
        period: float = 1.0,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if rate < 1:
            raise ValueError(f"a throttle needs a rate of at least 1 request, got {rate}")
        self.rate = rate
        self.period = period
        self.clock = clock
        self.sleep = sleep
        self._starts: deque[float] = deque(maxlen=rate)
        self._lock: asyncio.Lock | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _lock_for_this_loop(self) -> asyncio.Lock:
        # A lock belongs to one event loop; a CLI may run several loops with one source.
        loop = asyncio.get_running_loop()
        if self._lock is None or self._loop is not loop:
            self._lock, self._loop = asyncio.Lock(), loop
        return self._lock

    async def acquire(self) -> None:
        """Wait until one more request fits in the window, then count it."""
        async with self._lock_for_this_loop():
            if len(self._starts) == self.rate:
                wait = self._starts[0] + self.period - self.clock()
                if wait > 0:
                    await self.sleep(wait)
            self._starts.append(self.clock())
