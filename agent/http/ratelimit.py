"""Client-side rate limits: at most N requests in any sliding window of a vendor's period.

Vendors count requests per IP, so the limit that matters is the machine's: six `filon search`
run together must not send six times the allowance. `SharedWindowLimiter` keeps the window in
a small file (`$FILON_HOME/ratelimits/<vendor>`: the start times, one per line) that every
process locks with `flock` while it reads and updates it; the file work runs in a thread, so
the event loop never blocks. `WindowLimiter` is the same window inside one process, for tests
driven by a fake clock.

A sliding window keeps the last N start times: a burst of N goes out at once (three pages of
a search don't wait for each other), the N+1th waits until the oldest is a period old.
"""

from __future__ import annotations

import asyncio
import fcntl
import time
from collections import deque
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Protocol

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

# Requests leave on time but may arrive bunched (scheduling, a new connection, the network):
# the shared window is this much longer than the vendor's period so that what the vendor
# counts on its side stays under the limit too.
JITTER_MARGIN = 0.2
# Never sleep less than this when the window is full, so that waiters do not spin.
MIN_WAIT = 0.005


class RateLimiter(Protocol):
    """Something every request of a vendor waits on before it goes out."""

    async def acquire(self) -> None:
        """Wait until one more request fits, then count it."""
        ...


class NoLimit:
    """For vendors without a documented rate limit."""

    async def acquire(self) -> None:
        """Never waits."""


class WindowLimiter:
    """No window of `period` seconds holds more than `rate` requests of this process."""

    def __init__(
        self,
        rate: int = 7,
        *,
        period: float = 1.0,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if rate < 1:
            raise ValueError(f"a rate limit needs at least 1 request, got {rate}")
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


class SharedWindowLimiter:
    """No window of `period` (+ `margin`) seconds holds more than `rate` requests of any of
    the processes that share `path`: the limit holds machine-wide."""

    def __init__(
        self,
        path: Path,
        rate: int,
        *,
        period: float = 1.0,
        margin: float = JITTER_MARGIN,
        clock: Clock = time.time,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if rate < 1:
            raise ValueError(f"a rate limit needs at least 1 request, got {rate}")
        self.path = path
        self.rate = rate
        self.window = period + margin
        self.clock = clock  # wall time: the one clock every process reads alike
        self.sleep = sleep

    @classmethod
    def for_vendor(
        cls, home: Path, vendor: str, *, rate: int, period: float = 1.0
    ) -> SharedWindowLimiter:
        """The limiter of `vendor` under Filon's data folder (`Settings.home`)."""
        return cls(home / "ratelimits" / vendor, rate, period=period)

    async def acquire(self) -> None:
        """Wait until the machine's window has room, then take a place in it."""
        while True:
            wait = await asyncio.to_thread(self._take)
            if wait <= 0:
                return
            await self.sleep(wait)

    def _take(self) -> float:
        """Take a place now and return 0, or return how long to wait before asking again."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a+", encoding="ascii") as file:
            fcntl.flock(file, fcntl.LOCK_EX)  # released when the file is closed
            file.seek(0)
            now = self.clock()
            # Starts a window old are done with; starts from the future (the clock was set
            # back) count for at most one window, so a clock change cannot block for long.
            starts = sorted(
                start
                for start in _floats(file.read())
                if now - self.window < start <= now + self.window
            )
            if len(starts) >= self.rate:
                return max(starts[-self.rate] + self.window - now, MIN_WAIT)
            starts.append(now)
            file.seek(0)
            file.truncate()
            file.write("".join(f"{start:.6f}\n" for start in starts))
            return 0.0


def _floats(text: str) -> list[float]:
    """The numbers of a window file; a line that is not one (a torn write) is ignored."""
    numbers = []
    for line in text.split():
        try:
            numbers.append(float(line))
        except ValueError:
            continue
    return numbers
