"""Client-side rate limits: at most N requests of a vendor in any window of its period.

Vendors count requests per IP, so the limit that matters is the machine's: six `filon search`
run together must not send six times the allowance. `SharedWindowLimiter` keeps the window in
a small file (`$FILON_HOME/ratelimits/<vendor>`) that every process locks with `flock` while
it reads and updates it; the file work runs in a thread, so the event loop never blocks.
`WindowLimiter` is the same window inside one process, for tests driven by a fake clock.

Why a request counts from when it *ended*: the vendor counts requests when they reach it,
which is some time after they leave (a new connection, a TLS handshake, a busy machine), and
never after the answer is back. A request is therefore counted as happening "now" while it
is out and at its end once it is back: the (N+1)th request waits until the Nth-latest of
those times is a period old, and no window on the vendor's side can hold more than N,
whatever the delays. A burst of N still goes out at once (three pages of a search don't wait
for each other).
"""

from __future__ import annotations

import asyncio
import fcntl
import itertools
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

T = TypeVar("T")
Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

# A little more than the vendor's period, for clocks that do not tick alike.
MARGIN = 0.05
# A request still out after this long was lost (its process was killed): it no longer counts.
STALE_AFTER = 120.0
# Never sleep less than this when the window is full, so that waiters do not spin.
MIN_WAIT = 0.005


class RateLimiter(Protocol):
    """What every request of a vendor goes out inside: `async with limiter.slot(): …`."""

    def slot(self) -> AbstractAsyncContextManager[None]:
        """Wait until one more request fits, and count it while it is out and after."""
        ...


class NoLimit:
    """For vendors without a documented rate limit."""

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Never waits."""
        yield


@dataclass
class _Slot:
    """One request in the window: when it went out, and when it came back (None: still out)."""

    token: str
    start: float
    end: float | None = None

    def counts_at(self, now: float) -> float | None:
        """When it counts as having happened, seen at `now` (None: no longer counts at all)."""
        if self.end is not None:
            return self.end
        return now if now - self.start < STALE_AFTER else None


def _wait(slots: list[_Slot], rate: int, window: float, now: float) -> float:
    """0 when one more request fits in the window at `now`, else how long until it may."""
    times = sorted(at for slot in slots if (at := slot.counts_at(now)) is not None)
    recent = [at for at in times if at > now - window]
    if len(recent) < rate:
        return 0.0
    return max(recent[-rate] + window - now, MIN_WAIT)


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
        self.window = period
        self.clock = clock
        self.sleep = sleep
        self._slots: list[_Slot] = []
        self._tokens = itertools.count()
        self._lock: asyncio.Lock | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _lock_for_this_loop(self) -> asyncio.Lock:
        # A lock belongs to one event loop; a CLI may run several loops with one source.
        loop = asyncio.get_running_loop()
        if self._lock is None or self._loop is not loop:
            self._lock, self._loop = asyncio.Lock(), loop
        return self._lock

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Wait until one more request fits in the window; count it until a period after it."""
        async with self._lock_for_this_loop():
            while (wait := _wait(self._slots, self.rate, self.window, self.clock())) > 0:
                await self.sleep(wait)
            now = self.clock()
            self._slots = [s for s in self._slots if (s.counts_at(now) or 0) > now - self.window]
            slot = _Slot(str(next(self._tokens)), now)
            self._slots.append(slot)
        try:
            yield
        finally:
            slot.end = self.clock()


class SharedWindowLimiter:
    """No window of `period` seconds holds more than `rate` requests of all the processes
    that share `path`: the limit holds machine-wide."""

    def __init__(
        self,
        path: Path,
        rate: int,
        *,
        period: float = 1.0,
        margin: float = MARGIN,
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
        self._tokens = itertools.count()

    @classmethod
    def for_vendor(
        cls, home: Path, vendor: str, *, rate: int, period: float = 1.0
    ) -> SharedWindowLimiter:
        """The limiter of `vendor` under Filon's data folder (`Settings.home`)."""
        return cls(home / "ratelimits" / vendor, rate, period=period)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Wait until the machine's window has room; count the request there until a period
        after it is back."""
        token = f"{os.getpid()}.{next(self._tokens)}"
        while (wait := await asyncio.to_thread(self._take, token)) > 0:
            await self.sleep(wait)
        try:
            yield
        finally:
            # Shielded: a cancelled request must still be marked as back, or it would count
            # as out (and fill the window) until it goes stale.
            await asyncio.shield(asyncio.to_thread(self._finish, token))

    def _take(self, token: str) -> float:
        """Take a place now and return 0, or return how long to wait before asking again."""

        def take(slots: list[_Slot], now: float) -> float:
            wait = _wait(slots, self.rate, self.window, now)
            if wait == 0:
                slots.append(_Slot(token, now))
            return wait

        return self._locked(take)

    def _finish(self, token: str) -> None:
        """Mark the request as back: from now on it counts from this moment."""

        def finish(slots: list[_Slot], now: float) -> None:
            for slot in slots:
                if slot.token == token:
                    slot.end = now

        self._locked(finish)

    def _locked(self, change: Callable[[list[_Slot], float], T]) -> T:
        """Apply `change` to the window file's slots while holding its lock."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a+", encoding="ascii") as file:
            fcntl.flock(file, fcntl.LOCK_EX)  # released when the file is closed
            file.seek(0)
            now = self.clock()
            # Slots a window old are done with; so are those from the future beyond a window
            # (the clock was set back), so that a clock change cannot block for long.
            slots = [
                slot
                for slot in _read(file.read())
                if (at := slot.counts_at(now)) is not None
                and now - self.window < at <= now + self.window
                and (slot.end is not None or _alive(slot.token))
            ]
            result = change(slots, now)
            file.seek(0)
            file.truncate()
            file.write("".join(_line(slot) for slot in slots))
            return result


def _alive(token: str) -> bool:
    """Whether the process that took a slot (its token starts with its pid) still runs."""
    try:
        os.kill(int(token.partition(".")[0]), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError):
        return True  # another user's process, or a token of another form: assume it runs
    return True


def _line(slot: _Slot) -> str:
    end = "-" if slot.end is None else f"{slot.end:.6f}"
    return f"{slot.token} {slot.start:.6f} {end}\n"


def _read(text: str) -> list[_Slot]:
    """The slots of a window file; a line that is not one (a torn write) is ignored."""
    slots = []
    for line in text.splitlines():
        try:
            token, start, end = line.split()
            slots.append(_Slot(token, float(start), None if end == "-" else float(end)))
        except ValueError:
            continue
    return slots
