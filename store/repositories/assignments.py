"""A lead list given to another owner, its leads with it, and the record of what moved.

Which leads move is the caller's choice (`Move`): the previous owner's, every lead, or — giving
the list back to whom it came from — exactly those the last assignment moved that the current
owner still holds, each back to whoever held it. The list's owner is changed first by a
compare-and-set on its name and owner, so of two assignments at once one moves the list and
the other changes nothing; the leads then move in the same transaction, each recorded
(`leadownerchange`) under the assignment (`leadlistassignment`).

A closed lead (won, lost, disqualified) that changes hands keeps whose result it is in
`closed_owner` (its owner then, unless already set): the per-rep figures count it for them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import case, func, insert, select, update
from sqlmodel import Session, col

from store.models import LeadListAssignment, LeadOwnerChange, LeadStage
from store.models.tables import table_of
from store.repositories.leads import LEAD_TABLE, LIST_TABLE

ASSIGNMENT_TABLE = table_of(LeadListAssignment)
OWNER_CHANGE_TABLE = table_of(LeadOwnerChange)
CLOSED = (LeadStage.won, LeadStage.lost, LeadStage.disqualified)
Move = Literal["previous_owner", "every_lead", "give_back"]


@dataclass(frozen=True, slots=True)
class Transfer:
    """Leads that went from one holder to another in an assignment."""

    from_owner: str | None
    to_owner: str | None
    leads: int


def latest_assignment(session: Session, *, list_id: int) -> LeadListAssignment | None:
    """The list's latest assignment, if it was ever given away."""
    statement = (
        select(LeadListAssignment)
        .where(col(LeadListAssignment.list_id) == list_id)
        .order_by(col(LeadListAssignment.id).desc())
        .limit(1)
    )
    found: LeadListAssignment | None = session.execute(statement).scalars().first()
    return found


def holders(session: Session, *, list_id: int) -> dict[str | None, int]:
    """How many of the list's leads each owner holds."""
    statement = (
        select(LEAD_TABLE.c.owner, func.count())
        .where(LEAD_TABLE.c.list_id == list_id)
        .group_by(LEAD_TABLE.c.owner)
    )
    return {owner: int(count) for owner, count in session.execute(statement).all()}


def reassign_list(
    session: Session,
    *,
    list_id: int,
    name_key: str,
    owner: str | None,
    new_owner: str,
    move: Move,
    back_from: LeadListAssignment | None = None,
    by: str,
    now: datetime,
) -> list[Transfer] | None:
    """Give the list to `new_owner` with the leads `move` says, and record it; the transfers
    made, or None when the list changed name or owner since it was found (nothing moves).
    `back_from` is the assignment a `give_back` undoes."""
    moved = session.execute(
        update(LIST_TABLE)
        .where(
            LIST_TABLE.c.id == list_id,
            LIST_TABLE.c.name_key == name_key,
            func.coalesce(LIST_TABLE.c.owner, "") == (owner or ""),
        )
        .values(owner=new_owner)
    ).rowcount  # type: ignore[attr-defined]
    if moved != 1:
        return None
    plan = _plan(
        session, list_id=list_id, owner=owner, new_owner=new_owner, move=move, back_from=back_from
    )
    assignment_id = session.execute(
        insert(ASSIGNMENT_TABLE)
        .values(
            list_id=list_id,
            from_owner=owner,
            to_owner=new_owner,
            every_lead=move == "every_lead",
            given_back=move == "give_back",
            assigned_by=by,
            assigned_at=now,
        )
        .returning(ASSIGNMENT_TABLE.c.id)
    ).scalar_one()
    by_target: dict[str | None, list[int]] = {}
    for lead_id, _before, target in plan:
        by_target.setdefault(target, []).append(lead_id)
    for target, ids in by_target.items():
        _move_leads(session, ids, target, now)
    if plan:
        session.execute(
            insert(OWNER_CHANGE_TABLE),
            [
                {
                    "assignment_id": assignment_id,
                    "lead_id": lead_id,
                    "from_owner": before,
                    "to_owner": target,
                }
                for lead_id, before, target in plan
            ],
        )
    counted = Counter((before, target) for _lead_id, before, target in plan)
    order = sorted(counted.items(), key=lambda item: (-item[1], item[0][0] or "", item[0][1] or ""))
    return [Transfer(before, target, count) for (before, target), count in order]


def _plan(
    session: Session,
    *,
    list_id: int,
    owner: str | None,
    new_owner: str,
    move: Move,
    back_from: LeadListAssignment | None,
) -> list[tuple[int, str | None, str | None]]:
    """(lead id, owner now, owner next) of each lead that moves."""
    leads = select(LEAD_TABLE.c.id, LEAD_TABLE.c.owner).where(LEAD_TABLE.c.list_id == list_id)
    if move == "give_back":
        assert back_from is not None and back_from.id is not None, "a give-back undoes one"
        changes = select(OWNER_CHANGE_TABLE.c.lead_id, OWNER_CHANGE_TABLE.c.from_owner).where(
            OWNER_CHANGE_TABLE.c.assignment_id == back_from.id
        )
        before = {lead_id: held for lead_id, held in session.execute(changes).all()}
        holder = back_from.to_owner
        return [
            (lead_id, held, before[lead_id])
            for lead_id, held in session.execute(leads.order_by(LEAD_TABLE.c.id)).all()
            if lead_id in before and (held or "") == (holder or "") and before[lead_id] != held
        ]
    if move == "previous_owner":
        leads = leads.where(func.coalesce(LEAD_TABLE.c.owner, "") == (owner or ""))
    rows = session.execute(leads.order_by(LEAD_TABLE.c.id)).all()
    return [(lead_id, held, new_owner) for lead_id, held in rows if held != new_owner]


def _move_leads(session: Session, ids: Sequence[int], target: str | None, now: datetime) -> None:
    """The leads to `target`; a closed one keeps whose result it is (see the module)."""
    # SET expressions read the row as it was: `owner` here is the owner before the move
    result_of = case(
        (
            LEAD_TABLE.c.stage.in_(CLOSED),
            func.coalesce(LEAD_TABLE.c.closed_owner, LEAD_TABLE.c.owner),
        ),
        else_=None,
    )
    for start in range(0, len(ids), 1_000):
        session.execute(
            update(LEAD_TABLE)
            .where(LEAD_TABLE.c.id.in_(ids[start : start + 1_000]))
            .values(owner=target, closed_owner=result_of, updated_at=now)
        )


def delete_assignments(session: Session, *, list_id: int) -> None:
    """The list's assignments and the lead moves they recorded (the list is being deleted)."""
    assignments = select(ASSIGNMENT_TABLE.c.id).where(ASSIGNMENT_TABLE.c.list_id == list_id)
    session.execute(
        OWNER_CHANGE_TABLE.delete().where(OWNER_CHANGE_TABLE.c.assignment_id.in_(assignments))
    )
    session.execute(ASSIGNMENT_TABLE.delete().where(ASSIGNMENT_TABLE.c.list_id == list_id))
