"""What `find_signals` hands to UIs: companies with their signals and intent, and why."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from agent.artifacts.company import IntentItem, SignalItem


class CompanySignals(BaseModel):
    """One company, its intent and its signals (latest first)."""

    siren: str
    name: str
    city: str | None = None
    intent: IntentItem | None = None
    signals: list[SignalItem] = Field(default_factory=list)


class SignalsArtifact(BaseModel):
    """Signals of the companies asked about (given, of a list, or of a search)."""

    kind: Literal["signals"] = "signals"
    scope: Literal["companies", "list", "search"] = "companies"
    list_name: str | None = None
    sirens: list[str] = Field(
        default_factory=list, description="the companies asked (scope companies)"
    )
    query: dict[str, Any] | None = Field(None, description="the search whose matches were asked")
    kinds: list[str] = Field(default_factory=list, description="the kinds asked (all when empty)")
    since: date | None = None
    asked: int = Field(0, description="how many companies were looked at")
    companies: list[CompanySignals] = Field(
        default_factory=list, description="those with at least one signal, highest intent first"
    )
    with_signals: int = Field(0, description="how many of them have a signal (all shown or not)")
    total_signals: int = 0
    synced: list[str] = Field(
        default_factory=list, description="outside sources asked about these companies just now"
    )
    unreachable: list[str] = Field(
        default_factory=list, description="outside sources that could not answer: store only"
    )
