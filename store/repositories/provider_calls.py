"""Writing the enrichment ledger and reading it back as the waterfall's cache."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from store.models import ProviderCall
from store.models.tables import table_of

TABLE = table_of(ProviderCall)
ANSWERED = ("found", "not_found")  # outcomes worth remembering: the provider did answer
CHUNK = 500


def record_calls(engine: Engine, rows: Sequence[dict[str, Any]]) -> None:
    """Append calls to the ledger, in one transaction."""
    if rows:
        with engine.begin() as connection:
            connection.execute(TABLE.insert(), list(rows))


def cached_answers(
    engine: Engine, *, provider: str, subjects: Sequence[str], since: datetime
) -> dict[str, ProviderCall]:
    """The latest answered call of `provider` about each subject since `since`."""
    found: dict[str, ProviderCall] = {}
    wanted = sorted(set(subjects))
    with Session(engine) as session:
        for start in range(0, len(wanted), CHUNK):
            statement = (
                select(ProviderCall)
                .where(
                    ProviderCall.provider == provider,
                    col(ProviderCall.subject).in_(wanted[start : start + CHUNK]),
                    col(ProviderCall.outcome).in_(ANSWERED),
                    col(ProviderCall.at) >= since,
                )
                .order_by(col(ProviderCall.at))
            )
            for call in session.exec(statement).all():
                found[call.subject] = call  # later calls replace earlier ones
    return found


def calls_of_run(engine: Engine, run_id: str) -> list[tuple[str, str, int, float]]:
    """(provider, outcome, calls, cost) of one run."""
    statement = (
        select(
            ProviderCall.provider,
            ProviderCall.outcome,
            func.count(),
            func.coalesce(func.sum(ProviderCall.cost), 0.0),
        )
        .where(ProviderCall.run_id == run_id)
        .group_by(col(ProviderCall.provider), col(ProviderCall.outcome))
    )
    with Session(engine) as session:
        return [(p, o, int(n), float(c)) for p, o, n, c in session.exec(statement).all()]


def forget_answers(engine: Engine, *, before: datetime) -> int:
    """Blank the answers (personal data) and subjects of calls made before `before`; the calls
    and their cost stay in the ledger. Returns how many were blanked."""
    statement = (
        update(TABLE)
        .where(TABLE.c.at < before, TABLE.c.subject != "")
        .values(answer={}, subject="")
    )
    with engine.begin() as connection:
        return int(connection.execute(statement).rowcount or 0)
