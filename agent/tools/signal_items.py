"""Signal rows (`Signal` or a row of the `signal` table) as the artifacts' `SignalItem`."""

from __future__ import annotations

from typing import Any

from agent.artifacts import SignalItem


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
