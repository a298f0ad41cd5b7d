"""The intent score: how much a company's signals say it is buying now, and why.

Each signal in force gives `weight(kind) × strength × ½^(age / half-life)` points (negative
kinds subtract); a company's score is their sum, rounded and kept within -100..100, and its
reasons are the signals that weigh most. Scores are stored (`company_intent`): written again
for the companies whose signals a sync or an import changed, and — since signals age — when
read on a later day or with other weights (`refresh`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from agent.signals.weights import IntentWeights
from store.repositories.intent import orphan_sirens, save_intents, stale_sirens
from store.repositories.signals import live_signals, sirens_with_signals

SCORE_BOUND = 100
REASONS_KEPT = 3


@dataclass(frozen=True)
class Reason:
    """One signal's part in a score."""

    kind: str
    title: str
    occurred_on: date | None
    points: float


@dataclass(frozen=True)
class IntentScore:
    """A company's score, its signal count, its latest signal and what weighs most."""

    score: int
    signal_count: int
    last_signal_on: date | None
    reasons: list[Reason] = field(default_factory=list)


def score_signals(signals: Iterable[Any], weights: IntentWeights, *, today: date) -> IntentScore:
    """Score one company's signals (rows with kind, title, strength, occurred_on, detected_at)."""
    parts: list[Reason] = []
    count = 0
    last: date | None = None
    for signal in signals:
        count += 1
        day = signal.occurred_on or signal.detected_at.date()
        last = day if last is None or day > last else last
        age = max(0, (today - day).days)
        if age > weights.max_age_days:
            continue
        kind = str(signal.kind)
        points = weights.weight(kind) * signal.strength * 0.5 ** (age / weights.half_life(kind))
        if points:
            parts.append(Reason(kind, signal.title, signal.occurred_on, round(points, 1)))
    total = round(sum(part.points for part in parts))
    parts.sort(key=lambda part: (-abs(part.points), part.title))
    return IntentScore(
        score=max(-SCORE_BOUND, min(SCORE_BOUND, total)),
        signal_count=count,
        last_signal_on=last,
        reasons=parts[:REASONS_KEPT],
    )


def rescore(
    engine: Engine,
    sirens: Sequence[str],
    weights: IntentWeights,
    *,
    today: date,
    stored: Collection[str] | None = None,
) -> int:
    """Score these companies again from their signals in force; how many were written.
    `stored`: those of them with a stored score, when the caller knows — only those can need
    removing, so companies with neither signals nor a score write nothing."""
    if not sirens:
        return 0
    with engine.connect() as connection:
        rows = live_signals(connection, sirens)
    by_company: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_company[row.company_siren].append(row)
    scored = [
        _row(siren, score_signals(signals, weights, today=today), weights, today)
        for siren, signals in by_company.items()
    ]
    gone = set(sirens) - set(by_company)
    if stored is not None:
        gone &= set(stored)
    if scored or gone:
        save_intents(engine, scored, drop=gone)
    return len(scored)


def refresh(engine: Engine, weights: IntentWeights, *, today: date) -> int:
    """Score again the companies whose score is missing, from an earlier day or from other
    weights, and drop the scores of companies left without signals; how many were scored."""
    with engine.connect() as connection:
        stale = stale_sirens(connection, today=today, weights=weights.fingerprint)
        orphans = orphan_sirens(connection)
    if orphans:
        save_intents(engine, [], drop=orphans)
    return rescore(engine, stale, weights, today=today)


def rescore_all(engine: Engine, weights: IntentWeights, *, today: date) -> int:
    """Score every company with signals in force again, now (after the weights file changed),
    and drop the scores of companies left without; how many were scored."""
    with engine.connect() as connection:
        sirens = sirens_with_signals(connection)
        orphans = orphan_sirens(connection)
    if orphans:
        save_intents(engine, [], drop=orphans)
    return rescore(engine, sirens, weights, today=today)


def _row(siren: str, scored: IntentScore, weights: IntentWeights, today: date) -> dict[str, Any]:
    return {
        "company_siren": siren,
        "score": scored.score,
        "reasons": [
            {
                "kind": reason.kind,
                "title": reason.title,
                "occurred_on": reason.occurred_on.isoformat() if reason.occurred_on else None,
                "points": reason.points,
            }
            for reason in scored.reasons
        ],
        "signal_count": scored.signal_count,
        "last_signal_on": scored.last_signal_on,
        "computed_on": today,
        "weights": weights.fingerprint,
    }
