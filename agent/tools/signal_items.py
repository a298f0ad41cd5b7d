"""Signal rows (`Signal` or a row of the `signal` table) as the artifacts' `SignalItem`."""

from __future__ import annotations

from datetime import date
from typing import Any

from agent.artifacts import IntentItem, IntentReason, SignalItem
from agent.signals.scores import Intent


def signal_item(row: Any) -> SignalItem:
    """One signal as UIs show it."""
    return SignalItem(
        kind=str(row.kind),
        title=row.title,
        detail=row.detail,
        url=row.url,
        occurred_on=row.occurred_on,
        strength=row.strength,
        source=row.source,
        negative=bool(row.negative),
    )


def intent_item(intent: Intent | None, as_of: date | None = None) -> IntentItem | None:
    """A company's intent as UIs show it (None when it has no signal)."""
    if intent is None:
        return None
    reasons = [
        IntentReason(
            kind=reason["kind"],
            title=reason["title"],
            occurred_on=reason.get("occurred_on"),
            points=reason["points"],
        )
        for reason in intent.reasons
    ]
    return IntentItem(
        score=intent.score, signal_count=intent.signal_count, reasons=reasons, as_of=as_of
    )
