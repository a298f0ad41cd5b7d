"""Whether the company store is empty: a fresh store answers every search with "no company
matches, widen the area", which sends a user looking for a mistake that is not theirs. So the
chat (terminal or web) and `filon ask` check it once and say what to do instead."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from agent.settings import CompanySourceName
from store.demo import count_companies


def store_has_no_company(engine: Engine, source: CompanySourceName) -> bool:
    """Whether searches in `source` read a store holding no company (never for the API alone)."""
    return source != "api" and count_companies(engine) == 0
