"""Reading and writing BANT answers: a lead's latest answer per criterion, and all of them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from store.models import BantAnswer
from store.models.tables import table_of

BANT_TABLE = table_of(BantAnswer)


def record_answers(session: Session, answers: Sequence[BantAnswer]) -> None:
    """Add the answers, as they are (rows are never rewritten)."""
    session.add_all(answers)
    session.flush()


def current_answers(session: Session, lead_ids: Iterable[int]) -> dict[int, dict[str, BantAnswer]]:
    """Each lead's latest answer per criterion (the latest recorded wins; ids break ties)."""
    wanted = sorted(set(lead_ids))
    if not wanted:
        return {}
    latest = (
        select(func.max(BantAnswer.id))
        .where(col(BantAnswer.lead_id).in_(wanted))
        .group_by(col(BantAnswer.lead_id), col(BantAnswer.criterion))
    )
    rows = session.execute(select(BantAnswer).where(col(BantAnswer.id).in_(latest))).scalars()
    found: dict[int, dict[str, BantAnswer]] = {}
    for answer in rows:
        found.setdefault(answer.lead_id, {})[answer.criterion] = answer
    return found


def confirmed_criteria(session: Session, lead_id: int) -> set[str]:
    """The criteria whose latest answer for the lead is confirmed."""
    answers = current_answers(session, [lead_id]).get(lead_id, {})
    return {criterion for criterion, answer in answers.items() if answer.status == "confirmed"}


def answer_history(session: Session, lead_id: int) -> list[BantAnswer]:
    """Every answer recorded for the lead, oldest first."""
    statement = (
        select(BantAnswer).where(col(BantAnswer.lead_id) == lead_id).order_by(col(BantAnswer.id))
    )
    return list(session.execute(statement).scalars())


def delete_answers(session: Session, lead_ids: Sequence[int] | object) -> None:
    """Delete the answers of these leads (a list of ids, or a subquery of lead ids)."""
    session.execute(delete(BANT_TABLE).where(BANT_TABLE.c.lead_id.in_(lead_ids)))
