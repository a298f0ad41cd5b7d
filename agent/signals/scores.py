"""What a rep sees of signals: the intent of the companies on a page (scored again first when
stale), their latest signals of the kinds asked, and the weights in force."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from agent.settings import Settings
from agent.signals.intent import refresh, rescore
from agent.signals.weights import IntentWeights, WeightsUnusable, load_weights
from store.repositories.intent import intents_of
from store.repositories.signals import signals_since

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Intent:
    """A company's intent score as of today, and the signals that weigh most (as stored)."""

    score: int
    signal_count: int
    reasons: list[dict[str, Any]] = field(default_factory=list)


def weights_in_force(settings: Settings) -> IntentWeights:
    """The team's weights; the default ones when the file broke after start (said in the log)."""
    try:
        return load_weights(settings.intent_weights)
    except WeightsUnusable as error:
        log.warning("intent weights unusable, the default ones are used: %s", error)
        return load_weights(None)


def intents(
    engine: Engine, sirens: Sequence[str], weights: IntentWeights, *, today: date
) -> dict[str, Intent]:
    """The intent of these companies (those with signals), scored again first when stale."""
    if not sirens:
        return {}
    with engine.connect() as connection:
        stored = intents_of(connection, sirens)
    fresh = {
        siren
        for siren, row in stored.items()
        if row.computed_on >= today and row.weights == weights.fingerprint
    }
    if len(fresh) < len(set(sirens)):
        stale = [siren for siren in sirens if siren not in fresh]
        # Most companies have neither signals nor a score: scoring them again writes nothing.
        written = rescore(engine, stale, weights, today=today, stored=stored.keys())
        if written or stored.keys() - fresh:  # a score written, or a stale one dropped
            with engine.connect() as connection:
                stored = intents_of(connection, sirens)
    return {
        siren: Intent(row.score, row.signal_count, list(row.reasons or []))
        for siren, row in stored.items()
    }


def ready_to_rank(engine: Engine, weights: IntentWeights, *, today: date) -> None:
    """Bring every stored score up to date, before a search sorted by intent."""
    refresh(engine, weights, today=today)


def latest_signals(
    engine: Engine,
    sirens: Sequence[str],
    *,
    kinds: Sequence[str] = (),
    since: date | None = None,
    per_company: int | None = None,
) -> dict[str, list[Any]]:
    """The signals in force of these companies (of these kinds, since that day), latest
    first, `per_company` at most each; by SIREN."""
    with engine.connect() as connection:
        rows = signals_since(connection, sirens, kinds=kinds, since=since)
    found: dict[str, list[Any]] = {}
    for row in rows:
        kept = found.setdefault(row.company_siren, [])
        if per_company is None or len(kept) < per_company:
            kept.append(row)
    return found
