"""The signals of some companies, as `find_signals` shows them: asked of the outside sources
first when they are few (so a legal notice published this morning is there), then read from
the store with each company's intent.

Outside sources are asked about real companies only (not the demo's invented ones) and at
most `SYNC_MAX` at a time; when a source cannot answer, the store's signals are shown and the
answer says which source was unreachable. Nothing about a company is asked of a source
unless a rep asks about that company.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.http import OutsideApiError
from agent.leads.lists import find_list
from agent.settings import Settings
from agent.signals.ports import FoundSignal, SignalSource
from agent.signals.record import record_signals
from agent.signals.scores import Intent, intents, latest_signals
from agent.signals.weights import IntentWeights
from store.repositories.companies import names_in
from store.repositories.lead_lists import list_sirens

SYNC_MAX = 50  # companies asked of outside sources in one request of a rep
DEMO_SOURCE = "demo"


@dataclass
class SignalsFound:
    """Companies asked about, their signals in force (latest first) and intent."""

    asked: list[str]
    names: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # name, city
    signals: dict[str, list[Any]] = field(default_factory=dict)
    intents: dict[str, Intent] = field(default_factory=dict)
    synced: list[str] = field(default_factory=list)  # sources asked just now
    unreachable: list[str] = field(default_factory=list)  # sources that could not answer


def list_companies(engine: Engine, *, name: str, user: str) -> tuple[str, list[str]]:
    """(the list's name as written, its companies' SIRENs); raises `UnknownList`."""
    lead_list = find_list(engine, name=name, user=user)
    assert lead_list.id is not None, "a stored lead list has an id"
    with Session(engine) as session:
        return lead_list.name, list_sirens(session, list_id=lead_list.id)


async def find_signals(
    engine: Engine,
    sirens: Sequence[str],
    *,
    kinds: Sequence[str],
    since: date | None,
    weights: IntentWeights,
    today: date,
    sources: Sequence[SignalSource] = (),
    settings: Settings | None = None,
) -> SignalsFound:
    """The signals of these companies (of these kinds, since that day) and their intent; what
    the sources found is written (and, given the settings, the leads concerned scored again)."""
    found = SignalsFound(asked=list(dict.fromkeys(sirens)))
    names = await asyncio.to_thread(names_in, engine, sirens=found.asked)
    found.names = {siren: (name, city) for siren, (name, city, _) in names.items()}
    real = [siren for siren, (_, _, source) in names.items() if source != DEMO_SOURCE]
    if sources and real and len(real) <= SYNC_MAX:
        await _sync(engine, sources, real, since, weights, today, found, settings)
    found.signals = await asyncio.to_thread(
        latest_signals, engine, found.asked, kinds=kinds, since=since
    )
    found.intents = await asyncio.to_thread(
        intents, engine, list(found.signals), weights, today=today
    )
    return found


async def _sync(
    engine: Engine,
    sources: Sequence[SignalSource],
    sirens: list[str],
    since: date | None,
    weights: IntentWeights,
    today: date,
    found: SignalsFound,
    settings: Settings | None,
) -> None:
    collected: list[FoundSignal] = []
    for source in sources:
        try:
            batch = await source.for_companies(sirens, since=since)
        except OutsideApiError:
            found.unreachable.append(source.name)
            continue
        collected += batch.signals
        found.synced.append(source.name)
    if collected:
        await asyncio.to_thread(
            record_signals, engine, collected, weights, today=today, settings=settings
        )
