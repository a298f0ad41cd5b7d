"""Filling a list's AI columns: every (lead, column) cell whose stored answer is missing, stale
or failed, with a bounded number of model calls in flight.

    report = await run_columns(engine, list_name="ESN Lyon", user="alice", filler=filler,
                               language="fr", options=RunOptions(concurrency=8))

- Pages: leads are read `page_size` at a time (keyset on the id), with their facts and stored
  cells; only the cells in flight and one page are held, whatever the list's size.
- Cache: a cell's `input_hash` digests the column's question, the facts it reads and the model;
  a stored cell with the same hash (filled or no_info) is not asked again. Editing a prompt
  changes its column's hash only, so only that column runs again.
- Resume: cells are committed in small batches as they come (`writer.py`), so a run killed
  midway leaves what it filled, and the next run asks only for the rest.
- Failures: a cell the model could not answer (after its retries) or answered with a value of
  the wrong type is stored `failed` with its reason; the batch goes on, and the next run tries
  it again.
- Built-in columns run on rules when no model is configured; a custom prompt then cannot run.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

from agent.columns.define import add_builtins, list_columns, pick_columns
from agent.columns.errors import CustomPromptOffline
from agent.columns.facts import LeadFacts, read_facts
from agent.columns.fill import ColumnSpec, Fill, Filler
from agent.columns.prices import Price, price_of
from agent.columns.rules import MODEL as RULES
from agent.columns.rules import ListContext, evaluate
from agent.columns.template import fill, input_hash
from agent.columns.writer import CellWriter
from agent.i18n import Language
from store.models import AIColumn
from store.models._time import utcnow
from store.repositories.ai_columns import (
    count_list_leads,
    end_run,
    lead_ids_page,
    start_run,
    stored_hashes,
)
from store.repositories.lead_facts import sector_counts

Progress = Callable[[int, int], None]
ERRORS_KEPT = 5


@dataclass(frozen=True)
class RunOptions:
    """How a run goes: model calls at once, leads per page, the price of the model's tokens."""

    concurrency: int = 8
    page_size: int = 200
    price: Price | None = None


@dataclass
class RunReport:
    """What a run did. `filled` counts typed answers written by this run (no_info included),
    `failed` the failures it wrote, `cached` the cells already answered (by an earlier run, or
    by another run a moment before)."""

    list_name: str
    columns: list[str]
    model: str
    cells: int = 0
    filled: int = 0
    no_info: int = 0
    failed: int = 0
    cached: int = 0
    model_calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float = 0.0
    seconds: float = 0.0
    not_run: list[str] = field(default_factory=list)
    added_builtins: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def cells_per_second(self) -> float:
        """Cells settled per second of the run (cached ones included)."""
        return self.cells / self.seconds if self.seconds > 0 else 0.0

    def as_json(self) -> dict[str, Any]:
        """The summary `filon columns run --json` prints."""
        return {
            "cells": self.cells,
            "filled": self.filled,
            "failed": self.failed,
            "cached": self.cached,
            "model_calls": self.model_calls,
            "seconds": round(self.seconds, 3),
            "cells_per_second": round(self.cells_per_second, 2),
            "cost": round(self.cost, 6),
        }


async def run_columns(
    engine: Engine,
    *,
    list_name: str,
    user: str,
    filler: Filler | None,
    language: Language,
    names: Sequence[str] = (),
    options: RunOptions | None = None,
    progress: Progress | None = None,
) -> RunReport:
    """Fill the list's columns (those named, else all; the built-ins first added to a list that
    has none). `filler` None means no model: built-ins run on rules, a custom prompt is refused.
    Raises `UnknownList`, `UnknownColumn`, `CustomPromptOffline`."""
    options = options or RunOptions()
    lead_list, columns = await asyncio.to_thread(
        list_columns, engine, list_name=list_name, user=user
    )
    added = False
    if not columns and not names:
        await asyncio.to_thread(
            add_builtins, engine, list_name=lead_list.name, user=user, language=language
        )
        lead_list, columns = await asyncio.to_thread(
            list_columns, engine, list_name=lead_list.name, user=user
        )
        added = True
    picked = pick_columns(columns, names, lead_list.name)
    runnable, not_run = _runnable(picked, offline=filler is None, named=bool(names))
    model = filler.name if filler else RULES
    report = RunReport(
        lead_list.name, [c.name for c in runnable], model, not_run=not_run, added_builtins=added
    )
    assert lead_list.id is not None
    run = _Run(engine, lead_list.id, runnable, filler, language, options, report, progress, user)
    await run.go()
    return report


def _runnable(
    columns: list[AIColumn], *, offline: bool, named: bool
) -> tuple[list[AIColumn], list[str]]:
    if not offline:
        return columns, []
    custom = [c.name for c in columns if c.builtin is None]
    if custom and (named or len(custom) == len(columns)):
        raise CustomPromptOffline(custom)
    return [c for c in columns if c.builtin is not None], custom


class _Run:
    """One run's state: the semaphore, the writer, the counts."""

    def __init__(
        self,
        engine: Engine,
        list_id: int,
        columns: list[AIColumn],
        filler: Filler | None,
        language: Language,
        options: RunOptions,
        report: RunReport,
        progress: Progress | None,
        user: str,
    ) -> None:
        self.engine = engine
        self.list_id = list_id
        self.specs = [
            ColumnSpec(
                c.id or 0, c.name, c.prompt, c.type, list(c.options), c.prompt_hash, c.builtin
            )
            for c in columns
        ]
        self.filler = filler
        self.language = language
        self.options = options
        self.price = options.price or price_of(filler.name if filler else RULES)
        self.report = report
        self.progress = progress
        self.user = user
        self.done = 0
        self.total = 0

    async def go(self) -> None:
        started = time.perf_counter()
        self.total, context, run_id = await asyncio.to_thread(self._start)
        self._tell()
        writer = CellWriter(self.engine, self._written)
        gate = asyncio.Semaphore(max(1, self.options.concurrency))
        pending: set[asyncio.Task[None]] = set()
        after = 0
        try:
            while self.specs:
                page = await asyncio.to_thread(self._page, after)
                if page is None:
                    break
                leads, stored, after = page
                for facts in leads:
                    for spec in self.specs:
                        await self._cell(spec, facts, stored, context, writer, gate, pending)
            if pending:
                await asyncio.gather(*pending)
        finally:
            for task in pending:
                task.cancel()
            await writer.close()
            self.report.seconds = time.perf_counter() - started
            await asyncio.to_thread(self._end, run_id)

    async def _cell(
        self,
        spec: ColumnSpec,
        facts: LeadFacts,
        stored: dict[tuple[int, int], tuple[str, str]],
        context: ListContext,
        writer: CellWriter,
        gate: asyncio.Semaphore,
        pending: set[asyncio.Task[None]],
    ) -> None:
        self.report.cells += 1
        rules = spec.builtin is not None and self.filler is None
        model = RULES if rules else (self.filler.name if self.filler else RULES)
        question, used = fill(spec.prompt, facts.values)
        digest = input_hash(spec.prompt_hash, used, model)
        hash_and_status = stored.get((spec.id, facts.lead_id))
        if (
            hash_and_status is not None
            and hash_and_status == (digest, hash_and_status[1])
            and (hash_and_status[1] != "failed")
        ):
            self.report.cached += 1
            self._settled()
            return
        if rules:
            assert spec.builtin is not None
            answer = evaluate(spec.builtin, facts, context, self.language)
            writer.add(self._row(spec, facts.lead_id, answer, used, model, digest))
            self._settled()
            return
        await gate.acquire()
        task = asyncio.create_task(
            self._ask(spec, facts.lead_id, question, used, digest, writer, gate)
        )
        pending.add(task)
        task.add_done_callback(pending.discard)

    async def _ask(
        self,
        spec: ColumnSpec,
        lead_id: int,
        question: str,
        used: dict[str, str | None],
        digest: str,
        writer: CellWriter,
        gate: asyncio.Semaphore,
    ) -> None:
        assert self.filler is not None
        try:
            answer = await self.filler.fill(spec, question)
        finally:
            gate.release()
        self.report.model_calls += answer.calls
        writer.add(self._row(spec, lead_id, answer, used, self.filler.name, digest))
        self._settled()

    def _row(
        self,
        spec: ColumnSpec,
        lead_id: int,
        answer: Fill,
        used: dict[str, Any],
        model: str,
        digest: str,
    ) -> dict[str, Any]:
        cost = self.price.cost(answer.tokens_in, answer.tokens_out)
        self.report.tokens_in += answer.tokens_in
        self.report.tokens_out += answer.tokens_out
        self.report.cost += cost
        if answer.error and len(self.report.errors) < ERRORS_KEPT:
            self.report.errors.append(f"{spec.name}: {answer.error}")
        return {
            "column_id": spec.id,
            "lead_id": lead_id,
            "status": answer.status,
            "value": answer.value,
            "rationale": answer.rationale,
            "confidence": answer.confidence,
            "facts": used,
            "model": model,
            "tokens_in": answer.tokens_in,
            "tokens_out": answer.tokens_out,
            "cost": cost,
            "input_hash": digest,
            "error": answer.error,
            "filled_at": utcnow(),
        }

    def _written(self, row: dict[str, Any], written: bool) -> None:
        if not written:
            self.report.cached += 1
        elif row["status"] == "failed":
            self.report.failed += 1
        else:
            self.report.filled += 1
            self.report.no_info += row["status"] == "no_info"

    def _settled(self) -> None:
        self.done += 1
        self._tell()

    def _tell(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total)

    def _start(self) -> tuple[int, ListContext, int]:
        with self.engine.begin() as connection:
            leads = count_list_leads(connection, list_id=self.list_id)
            sectors = [code for code, _count in sector_counts(connection, list_id=self.list_id)]
            run_id = start_run(
                connection,
                {
                    "list_id": self.list_id,
                    "columns": [s.name for s in self.specs],
                    "model": self.report.model,
                    "started_by": self.user,
                    "started_at": utcnow(),
                },
            )
        return leads * len(self.specs), ListContext(sectors[:3]), run_id

    def _page(
        self, after: int
    ) -> tuple[list[LeadFacts], dict[tuple[int, int], tuple[str, str]], int] | None:
        with self.engine.connect() as connection:
            ids = lead_ids_page(
                connection, list_id=self.list_id, after=after, size=self.options.page_size
            )
            if not ids:
                return None
            facts = read_facts(connection, ids, now=utcnow())
            stored = stored_hashes(connection, column_ids=[s.id for s in self.specs], lead_ids=ids)
        return facts, stored, ids[-1]

    def _end(self, run_id: int) -> None:
        r = self.report
        values = {
            "cells": r.cells,
            "filled": r.filled,
            "no_info": r.no_info,
            "failed": r.failed,
            "cached": r.cached,
            "model_calls": r.model_calls,
            "tokens_in": r.tokens_in,
            "tokens_out": r.tokens_out,
            "cost": r.cost,
            "seconds": r.seconds,
            "ended_at": utcnow(),
        }
        with self.engine.begin() as connection:
            end_run(connection, run_id=run_id, values=values)
