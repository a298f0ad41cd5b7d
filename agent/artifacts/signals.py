"""What `find_signals` hands to UIs: companies with their signals and intent, and why."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from agent.artifacts.company import IntentItem, SignalItem
from agent.search.notices import Notice


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
    kinds: list[str] = Field(default_factory=list, description="the kinds asked (all when empty)")
    since: date | None = None
    asked: int = Field(0, description="how many companies were looked at")
    companies: list[CompanySignals] = Field(
        default_factory=list, description="those with at least one signal, highest intent first"
    )
    total_signals: int = 0
    synced: bool = Field(False, description="BODACC was asked for these companies just now")
    notices: list[Notice] = Field(default_factory=list)
