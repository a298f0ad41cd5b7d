"""One company's signals as a rep reads them: those in force, latest first, and its intent
score as of today (scored again first when stale) with the signals that weigh most."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.signals.scores import Intent, intents, latest_signals
from agent.signals.weights import IntentWeights
from store.repositories.companies import get_company


class UnknownCompany(LookupError):
    """The store holds no company with this SIREN; `values` name it for the message."""

    code = "unknown_company"

    def __init__(self, siren: str) -> None:
        super().__init__(f"no company {siren} in the store")
        self.values = {"siren": siren}


@dataclass(frozen=True)
class CompanySignals:
    """A company, its signals in force (rows, latest first) and its intent (None without)."""

    siren: str
    name: str
    signals: list[Any] = field(default_factory=list)
    intent: Intent | None = None


def company_signals(
    engine: Engine, siren: str, weights: IntentWeights, *, today: date
) -> CompanySignals:
    """The signals and intent of the company `siren` (a checked SIREN); `UnknownCompany` when
    the store does not hold it."""
    with Session(engine) as session:
        company = get_company(session, siren=siren)
        name = company.name if company else None
    if name is None:
        raise UnknownCompany(siren)
    signals = latest_signals(engine, [siren]).get(siren, [])
    intent = intents(engine, [siren], weights, today=today).get(siren)
    return CompanySignals(siren=siren, name=name, signals=signals, intent=intent)
