"""A second connection to a PostgreSQL store, so that the server works on two cores at once.

A first load's merge and the index builds after it are the server's CPU: one statement runs on
one core. With a helper connection (another from the same engine), a part of the work runs
there while the import's own connection does the rest. Without one (the pool could not open
it, say), everything runs on the import's connection: slower, never wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, ExitStack
from typing import Any, TypeVar

Helper = Callable[[], AbstractContextManager[Any]]
"""Opens another psycopg connection to the store, closed on exit."""
T = TypeVar("T")
U = TypeVar("U")


def open_helper(helper: Helper | None, stack: ExitStack) -> Any:
    """A helper connection, closed with `stack`; None when there is none to open (too many
    connections, say)."""
    if helper is None:
        return None
    try:
        return stack.enter_context(helper())
    except Exception:  # any failure to connect: the work runs on one connection
        return None


def side_by_side(other: Any, there: Callable[[Any], T], here: Callable[[], U]) -> tuple[U, T]:
    """Run `there` on the helper connection `other` while `here` runs on this thread; both
    results. Should `here` fail, the helper's statement is cancelled (what it wrote is rolled
    back when it closes) and the error raised; should `there` fail, its error is raised once
    `here` is done."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(there, other)
        try:
            mine = here()
        except BaseException:
            other.cancel()
            raise
        return mine, future.result()
