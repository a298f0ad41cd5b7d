"""Writing what sources found: signals about companies the store holds, written once per
source id, corrections applied, and the intent of the companies they concern scored again
(and, given the settings, the scores of their leads: `agent.qualification.scoring`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from agent.qualification.scoring import score_leads
from agent.settings import Settings
from agent.signals.intent import rescore
from agent.signals.ports import FoundSignal
from agent.signals.weights import IntentWeights
from store.models._time import utcnow
from store.repositories.companies import known_sirens_in
from store.repositories.signals import write_signals


@dataclass(frozen=True)
class Recorded:
    """What a write did: new signals, signals found again, notices a later one corrected or
    cancelled, signals about companies the store does not hold (left out), scores written."""

    new: int = 0
    updated: int = 0
    superseded: int = 0
    unknown_companies: int = 0
    scored: int = 0
    leads_scored: int = 0


def record_signals(
    engine: Engine,
    found: Sequence[FoundSignal],
    weights: IntentWeights,
    *,
    today: date,
    settings: Settings | None = None,
) -> Recorded:
    """Write `found` (those about companies in the store) and score their companies again;
    with `settings`, the leads of those companies too (and only theirs)."""
    known = known_sirens_in(engine, sirens=[signal.siren for signal in found])
    kept = [signal for signal in found if signal.siren in known]
    written = write_signals(engine, [_row(signal) for signal in kept])
    scored = rescore(engine, sorted(written.sirens), weights, today=today)
    leads_scored = 0
    if settings is not None and written.sirens:
        run = score_leads(engine, sirens=sorted(written.sirens), today=today, settings=settings)
        leads_scored = run.scored
    return Recorded(
        new=written.new,
        updated=written.updated,
        superseded=written.superseded,
        unknown_companies=len({signal.siren for signal in found} - known),
        scored=scored,
        leads_scored=leads_scored,
    )


def _row(signal: FoundSignal) -> dict[str, Any]:
    return {
        "company_siren": signal.siren,
        "kind": signal.kind.value,
        "title": signal.title,
        "detail": signal.detail,
        "url": signal.url,
        "occurred_on": signal.occurred_on,
        "strength": signal.strength,
        "negative": signal.negative,
        "payload": signal.payload,
        "source": signal.source,
        "external_id": signal.external_id,
        "corrects": signal.corrects,
        # A cancellation is kept (the next sync knows of it) but is no signal itself.
        "superseded_by": signal.external_id if signal.cancels else None,
        "detected_at": utcnow(),
    }
