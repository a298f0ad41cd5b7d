"""What each person did within a period: stage changes made, BANT answers recorded, leads
added. Counted by who acted (`changed_by`, `said_by`, the new lead's owner), so a manager
moving a rep's lead is the manager's activity; Filon's own moves (a lead promoted to MQL by
its score, `filon`) are listed as Filon's."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from agent.artifacts import ActivityItem
from store.repositories.dashboard import person_activity


def people_activity(
    session: Session, *, start: datetime, end: datetime, person: str | None = None
) -> list[ActivityItem]:
    """Each person's activity in [start, end) (only `person`'s when given), the busiest first."""
    found = person_activity(session, start=start, end=end, person=person)
    items = [
        ActivityItem(
            login=login,
            stage_changes=acts.stage_changes,
            bant_answers=acts.bant_answers,
            leads_added=acts.leads_added,
        )
        for login, acts in found.items()
    ]
    return sorted(
        items, key=lambda i: (-(i.stage_changes + i.bant_answers + i.leads_added), i.login)
    )
