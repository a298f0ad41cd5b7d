"""The demo's leads scored once the seed is in: computed like any lead's, from the demo
companies, engagement and signals as of the seed's reference day; the demo's stages (its
story) are left as drawn — `filon score` promotes later, as for any lead."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine

from agent.qualification.scoring import ScoreRun, score_leads
from agent.settings import Settings


def score_demo(engine: Engine, settings: Settings, *, today: date) -> ScoreRun:
    """Score every lead without moving any."""
    return score_leads(engine, today=today, settings=settings, promote=False)
