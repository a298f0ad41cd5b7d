"""Syncing a source's signals into the store: companies asked for by SIREN, the companies of a
lead list, or the notices of a department between two days.

The source is asked first, every page of it; what it found is then written in one go
(`record_signals`: the signals in one transaction, then the intent of their companies scored
again). A source that fails raises its typed error (`ApiUnavailable`, `ApiRateLimited`,
`ApiMalformed`…) before anything is written, so a sync is all or nothing, and running it again
is safe: a notice found twice is one signal. A signal belongs to a company of the store: those
about other companies are left out and counted, and companies asked for by SIREN that the
store does not hold are not asked about at all.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.leads import find_list
from agent.leads.sirens import to_sirens
from agent.settings import Settings
from agent.signals.ports import SignalSource, SourceBatch
from agent.signals.record import record_signals
from agent.signals.weights import IntentWeights
from store.reference.geo import DEPARTMENTS
from store.repositories.companies import known_sirens_in
from store.repositories.leads import find_leads

Target = Literal["companies", "list", "department"]


@dataclass(frozen=True)
class SyncReport:
    """What a sync did.

    `companies`: companies asked about (a department: those its notices name); `notices`:
    records the source sent (`skipped` of them unusable); `new`, `updated`, `superseded`:
    signals written, found again, and earlier notices a rectification or cancellation
    replaced; `unknown_companies`: companies the store does not hold, whose signals were left
    out; `truncated`: the source had more than it serves; `scored`: intent scores written."""

    source: str
    target: Target
    companies: int = 0
    notices: int = 0
    new: int = 0
    updated: int = 0
    superseded: int = 0
    skipped: int = 0
    unknown_companies: int = 0
    truncated: bool = False
    scored: int = 0
    list_name: str | None = None
    department: str | None = None
    since: date | None = None
    until: date | None = None


class SyncRequestError(ValueError):
    """A sync asked in a way that cannot be done; `code` and `values` say why (no wording)."""

    code = "sync_request"

    def __init__(self, message: str, **values: Any) -> None:
        super().__init__(message)
        self.values = values


class BadDepartment(SyncRequestError):
    """Not a French department code."""

    code = "bad_department"

    def __init__(self, value: str) -> None:
        super().__init__(f"{value!r} is not a department code (69, 2A, 974…)", value=value)


class BadPeriod(SyncRequestError):
    """A period that ends before it starts."""

    code = "bad_period"

    def __init__(self, since: date, until: date) -> None:
        super().__init__(
            f"the period ends ({until}) before it starts ({since})", since=since, until=until
        )


class FutureDay(SyncRequestError):
    """A period that starts after today."""

    code = "future_day"

    def __init__(self, day: date) -> None:
        super().__init__(f"the period starts after today ({day})", day=day)


def department_code(value: str) -> str:
    """The department's code as BODACC writes it ("69", "2A", "974"; "1" → "01"), or
    `BadDepartment`."""
    code = value.strip().upper()
    code = code.zfill(2) if code.isdigit() and len(code) == 1 else code
    if code not in DEPARTMENTS:
        raise BadDepartment(value)
    return code


def check_period(since: date | None, until: date | None, *, today: date) -> None:
    """`FutureDay` when the period starts after today, `BadPeriod` when it ends before it starts."""
    if since is not None and since > today:
        raise FutureDay(since)
    if since is not None and until is not None and until < since:
        raise BadPeriod(since, until)


async def sync_companies(
    engine: Engine,
    source: SignalSource,
    sirens: Sequence[str],
    weights: IntentWeights,
    *,
    since: date | None,
    today: date,
    settings: Settings | None = None,
) -> SyncReport:
    """The signals of these companies (SIRENs or SIRETs) published since that day (all when
    None). Raises `InvalidSiren` on a value that is not one, before asking anything."""
    wanted = to_sirens(sirens)
    check_period(since, None, today=today)
    known = await asyncio.to_thread(known_sirens_in, engine, sirens=wanted)
    asked = [siren for siren in wanted if siren in known]
    batch = await source.for_companies(asked, since=since) if asked else SourceBatch()
    report = await _record(
        engine, source, batch, weights, today=today, target="companies", settings=settings
    )
    return replace(
        report,
        companies=len(asked),
        unknown_companies=report.unknown_companies + len(wanted) - len(asked),
        since=since,
    )


async def sync_list(
    engine: Engine,
    source: SignalSource,
    list_name: str,
    weights: IntentWeights,
    *,
    user: str | None,
    since: date | None,
    today: date,
    settings: Settings | None = None,
) -> SyncReport:
    """The signals of a lead list's companies (the user's own list of that name first, then a
    teammate's). Raises `UnknownList` with the names known."""
    name, sirens = await asyncio.to_thread(_list_sirens, engine, list_name, user)
    report = await sync_companies(
        engine, source, sirens, weights, since=since, today=today, settings=settings
    )
    return replace(report, target="list", list_name=name)


async def sync_department(
    engine: Engine,
    source: SignalSource,
    department: str,
    weights: IntentWeights,
    *,
    since: date,
    until: date | None = None,
    today: date,
    settings: Settings | None = None,
) -> SyncReport:
    """The signals of a department's companies published between the two days (to the latest
    when `until` is None). Raises a `SyncRequestError` on a bad department or period."""
    code = department_code(department)
    check_period(since, until, today=today)
    batch = await source.for_department(code, since=since, until=until)
    report = await _record(
        engine, source, batch, weights, today=today, target="department", settings=settings
    )
    named = {signal.siren for signal in batch.signals}
    return replace(report, companies=len(named), department=code, since=since, until=until)


async def _record(
    engine: Engine,
    source: SignalSource,
    batch: SourceBatch,
    weights: IntentWeights,
    *,
    today: date,
    target: Target,
    settings: Settings | None = None,
) -> SyncReport:
    recorded = await asyncio.to_thread(
        record_signals, engine, batch.signals, weights, today=today, settings=settings
    )
    return SyncReport(
        source=source.name,
        target=target,
        notices=len(batch.signals) + batch.skipped,
        new=recorded.new,
        updated=recorded.updated,
        superseded=recorded.superseded,
        skipped=batch.skipped,
        unknown_companies=recorded.unknown_companies,
        truncated=batch.truncated,
        scored=recorded.scored,
    )


def _list_sirens(engine: Engine, list_name: str, user: str | None) -> tuple[str, list[str]]:
    lead_list = find_list(engine, name=list_name, user=user)
    with Session(engine) as session:
        _total, rows = find_leads(session, list_id=lead_list.id)
    return lead_list.name, [row.company.siren for row in rows]
