"""Cells written as they come: a background task takes the cells the run hands it and commits
them in small batches (every few dozen cells, or as soon as the queue runs dry), so that an
interrupted run loses at most one batch and the event loop never waits on the database."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine

from store.repositories.ai_columns import write_cells

BATCH = 64
Written = Callable[[dict[str, Any], bool], None]


class CellWriter:
    """`add(row)` queues a cell; `close()` waits until every queued cell is committed.

    `on_written(row, written)` is told, per cell, whether this run wrote it (False when another
    run wrote the same answer first).
    """

    def __init__(self, engine: Engine, on_written: Written) -> None:
        self.engine = engine
        self.on_written = on_written
        self.queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self.task = asyncio.create_task(self._drain())

    def add(self, row: dict[str, Any]) -> None:
        """Queue a cell for writing."""
        self.queue.put_nowait(row)

    async def close(self) -> None:
        """Commit what is queued and stop."""
        self.queue.put_nowait(None)
        await self.task

    async def _drain(self) -> None:
        done = False
        while not done:
            first = await self.queue.get()
            batch = [] if first is None else [first]
            done = first is None
            while not done and len(batch) < BATCH and not self.queue.empty():
                row = self.queue.get_nowait()
                if row is None:
                    done = True
                else:
                    batch.append(row)
            if batch:
                # One order for every run's locks: two runs writing the same cells at once,
                # each in its own order, would deadlock on PostgreSQL (one of them failing).
                batch.sort(key=lambda row: (row["column_id"], row["lead_id"]))
                flags = await asyncio.to_thread(self._write, batch)
                for row, written in zip(batch, flags, strict=True):
                    self.on_written(row, written)

    def _write(self, batch: list[dict[str, Any]]) -> list[bool]:
        with self.engine.begin() as connection:
            return [write_cells(connection, [row]) == 1 for row in batch]
