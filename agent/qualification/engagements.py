"""Recording engagement events (a page view, a download, a demo request…) and scoring again
the leads of the companies they are about — theirs only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.engine import Engine

from agent.qualification.scoring import ScoreRun, score_leads
from agent.settings import Settings
from store.models import EngagementKind
from store.models._time import utcnow
from store.repositories.companies import known_sirens_in
from store.repositories.scores import insert_engagements


@dataclass(frozen=True, slots=True)
class NewEngagement:
    """One thing a prospect did, as a source reports it."""

    siren: str
    kind: EngagementKind
    detail: str | None = None
    occurred_at: datetime = field(default_factory=utcnow)
    contact_id: int | None = None
    source: str = "manual"


@dataclass(frozen=True, slots=True)
class EngagementsRecorded:
    """Events written, events about companies the store does not hold, and the scoring run."""

    written: int
    unknown_companies: int
    run: ScoreRun


def record_engagements(
    engine: Engine, events: Sequence[NewEngagement], *, settings: Settings, today: date
) -> EngagementsRecorded:
    """Write the events about companies in the store, then score those companies' leads."""
    known = known_sirens_in(engine, sirens=[event.siren for event in events])
    kept = [event for event in events if event.siren in known]
    with engine.begin() as connection:
        written = insert_engagements(
            connection,
            [
                {
                    "company_siren": event.siren,
                    "kind": EngagementKind(event.kind).value,
                    "detail": event.detail,
                    "occurred_at": event.occurred_at,
                    "contact_id": event.contact_id,
                    "source": event.source,
                }
                for event in kept
            ],
        )
    sirens = sorted({event.siren for event in kept})
    run = score_leads(engine, sirens=sirens, today=today, settings=settings)
    return EngagementsRecorded(written, len({e.siren for e in events} - known), run)
