"""Giving a lead list to another rep ("donne la liste X à Chloé", `filon lists assign`), and
giving it back ("rends-la à Bruno").

Which leads go with the list:
- by default, the leads its previous owner held in it: teammates' leads in the list stay
  theirs, and the result says how many stayed with whom;
- `every_lead`: every lead of the list, teammates' too — only once the caller confirms
  (`confirm=True`) when the list holds leads of others than its owner (`AssignNotConfirmed`
  says whose and how many, nothing moves);
- giving the list back to whom its last assignment took it from: exactly the leads that
  assignment moved and the current owner still holds, each back to whoever held it (the new
  owner's own leads stay theirs).
Each assignment is recorded with every lead it moved (`store.repositories.assignments`); a
closed lead that changes hands stays counted as its former owner's result in the per-rep
figures (`closed_owner`). Who may: the list's owner, a manager or an admin.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from agent.context import InvalidIdentity, Role, check_user
from agent.leads.errors import AssignNotConfirmed, BadOwner, ListGone, ListNameTaken
from agent.leads.manage import changeable_list
from agent.leads.owners import resolve_owner
from store.db import session_scope
from store.models import LeadList
from store.models._time import utcnow
from store.repositories import lead_lists
from store.repositories.assignments import (
    Move,
    Transfer,
    holders,
    latest_assignment,
    reassign_list,
)
from store.users import display_name


@dataclass(frozen=True, slots=True)
class ListAssignment:
    """What giving a list away did: the list as it is now, its owner before, the leads that
    moved (from whom, to whom), the leads left with others than the new owner, and how."""

    lead_list: LeadList
    previous_owner: str | None
    transfers: list[Transfer] = field(default_factory=list)
    kept: dict[str | None, int] = field(default_factory=dict)
    every_lead: bool = False
    given_back: bool = False

    @property
    def leads(self) -> int:
        """How many leads moved."""
        return sum(transfer.leads for transfer in self.transfers)


def assign_list(
    engine: Engine,
    *,
    name: str,
    owner: str,
    user: str,
    role: Role | None = None,
    every_lead: bool = False,
    confirm: bool = False,
) -> ListAssignment:
    """Give the list `name` to the rep `owner` (a login, or the first or full name of a rep who
    owns leads: "Bruno") with the leads the module docstring says."""
    if "." not in owner and "@" not in owner:
        owner = resolve_owner(engine, owner)
    try:
        new_owner = check_user(owner)
    except InvalidIdentity as error:
        raise BadOwner(owner) from error
    with session_scope(engine) as session:
        lead_list = changeable_list(session, name=name, user=user, role=role)
        assert lead_list.id is not None, "a stored lead list has an id"
        before = lead_list.owner
        if lead_lists.name_taken(
            session, owner=new_owner, name=lead_list.name, other_than=lead_list.id
        ):
            raise ListNameTaken(lead_list.name, new_owner)
        held = holders(session, list_id=lead_list.id)
        others = {who: count for who, count in held.items() if who not in (before, new_owner)}
        if every_lead and others and not confirm:
            raise AssignNotConfirmed(lead_list.name, display_name(new_owner) or new_owner,
                                     _named(others))  # fmt: skip
        last = latest_assignment(session, list_id=lead_list.id)
        giving_back = (
            not every_lead
            and last is not None
            and last.to_owner == before
            and (last.from_owner or "") == new_owner
        )
        move: Move = (
            "every_lead" if every_lead else "give_back" if giving_back else "previous_owner"
        )
        try:
            transfers = reassign_list(
                session,
                list_id=lead_list.id,
                name_key=lead_list.name_key,
                owner=before,
                new_owner=new_owner,
                move=move,
                back_from=last if giving_back else None,
                by=user,
                now=utcnow(),
            )
        except IntegrityError as error:  # the new owner made a list of that name since the check
            raise ListNameTaken(lead_list.name, new_owner) from error
        if transfers is None:
            raise ListGone(name)
        kept = {
            who: count
            for who, count in holders(session, list_id=lead_list.id).items()
            if who != new_owner
        }
        session.refresh(lead_list)
    return ListAssignment(lead_list, before, transfers, kept, every_lead, giving_back)


def _named(counts: dict[str | None, int]) -> str:
    """ "Alice Martin 11, David Roux 12": people and counts, the most first."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0] or ""))
    return ", ".join(f"{display_name(who) or '—'} {count}" for who, count in ordered)
