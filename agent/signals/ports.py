"""The `SignalSource` port: where buying signals come from (BODACC today; job boards or news
feeds plug in as adapters of the same shape)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from store.models import NEGATIVE_KINDS, SignalKind


@dataclass(frozen=True)
class FoundSignal:
    """One event a source reports about a company, as the source says it.

    `external_id` is the source's own id: the same event found again is the same row.
    `corrects` names the event this one rectifies (`cancels` False: this one replaces it) or
    cancels (`cancels` True: neither is a signal any more)."""

    siren: str
    kind: SignalKind
    occurred_on: date
    title: str
    source: str
    external_id: str | None = None
    detail: str | None = None
    url: str | None = None
    strength: float = 0.5
    payload: dict[str, Any] = field(default_factory=dict)
    corrects: str | None = None
    cancels: bool = False

    @property
    def negative(self) -> bool:
        """Whether the event makes the company a worse prospect (insolvency, deregistration)."""
        return self.kind in NEGATIVE_KINDS


@dataclass(frozen=True)
class SourceBatch:
    """What one request to a source brought back: the signals, and what it could not read."""

    signals: list[FoundSignal] = field(default_factory=list)
    skipped: int = field(default=0, metadata={"doc": "records the source sent that were unusable"})
    truncated: bool = field(default=False, metadata={"doc": "more matched than could be paged"})


class SignalSource(Protocol):
    """Anything that reports signals about companies."""

    name: str

    async def for_companies(self, sirens: Sequence[str], *, since: date | None) -> SourceBatch:
        """The signals about these companies, since that day (all of them when None)."""
        ...

    async def for_department(
        self, department: str, *, since: date, until: date | None = None
    ) -> SourceBatch:
        """The signals about companies of a department, published between the two days."""
        ...
