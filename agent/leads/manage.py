"""Lead lists as wholes: showing them with their counts, renaming, deleting and reassigning one.

Which list a name means: the acting user's own list of that name; failing that, the one
teammate's list of that name (several teammates with one: `AmbiguousList`). Who may change it:
its owner, or a manager (a list without an owner: anyone). Deleting takes the list's leads and
their stage history with it, and is done only once the caller confirms (`confirm=True`), having
been told how many leads would go. Reassigning moves the list and all its leads to the new owner.

Each change reports what the database did (leads deleted or moved are counted by the statement
that did it); a change that lost a race with another process changes nothing and raises
`ListGone` (see `store.repositories.lead_lists`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from agent.context import InvalidIdentity, Role, check_user
from agent.leads.errors import (
    AmbiguousList,
    BadOwner,
    DeleteNotConfirmed,
    ListGone,
    ListNameTaken,
    NotListOwner,
    UnknownList,
)
from agent.leads.owners import resolve_owner
from store.db import session_scope
from store.models import LeadList
from store.repositories import lead_lists
from store.repositories.lead_lists import ListCounts
from store.repositories.leads import all_lists, lists_named

MAX_NAME = 120


@dataclass(frozen=True, slots=True)
class ListUpdate:
    """What a rename, deletion or reassignment did: the list as it is now (as it was, when
    deleted), its name and owner before, and how many leads went or moved."""

    lead_list: LeadList
    previous_name: str
    previous_owner: str | None
    leads: int


def list_overview(engine: Engine, *, owner: str | None = None) -> list[ListCounts]:
    """Every lead list (or one owner's), by name, with its leads counted per stage."""
    with Session(engine, expire_on_commit=False) as session:
        return lead_lists.list_counts(session, owner=owner)


def rename_list(engine: Engine, *, name: str, new_name: str, user: str, role: Role) -> ListUpdate:
    """Rename the list `name` to `new_name` (its owner's other lists keep their names)."""
    clean = " ".join(new_name.split())
    if not clean:
        raise ValueError("a lead list needs a name")
    if len(clean) > MAX_NAME:
        raise ValueError(f"a lead list name has {MAX_NAME} characters at most")
    with session_scope(engine) as session:
        lead_list = _changeable(session, name=name, user=user, role=role)
        assert lead_list.id is not None, "a stored lead list has an id"
        if lead_lists.name_taken(
            session, owner=lead_list.owner, name=clean, other_than=lead_list.id
        ):
            raise ListNameTaken(clean, lead_list.owner)
        before = lead_list.name
        try:
            renamed = lead_lists.rename_list(
                session, list_id=lead_list.id, name_key=lead_list.name_key, new_name=clean
            )
        except IntegrityError as error:  # another process took the name since the check
            raise ListNameTaken(clean, lead_list.owner) from error
        if not renamed:
            raise ListGone(name)
        leads = lead_lists.count_leads(session, list_id=lead_list.id)
        session.refresh(lead_list)
    return ListUpdate(lead_list, before, lead_list.owner, leads)


def delete_list(
    engine: Engine, *, name: str, user: str, role: Role, confirm: bool = False
) -> ListUpdate:
    """Delete the list `name` and its leads; without `confirm`, raise `DeleteNotConfirmed`
    saying how many leads would go, and delete nothing."""
    with session_scope(engine) as session:
        lead_list = _changeable(session, name=name, user=user, role=role)
        assert lead_list.id is not None, "a stored lead list has an id"
        if not confirm:
            leads = lead_lists.count_leads(session, list_id=lead_list.id)
            raise DeleteNotConfirmed(lead_list.name, leads)
        deleted = lead_lists.delete_list(session, list_id=lead_list.id, name_key=lead_list.name_key)
        if deleted is None:
            raise ListGone(name)
        session.expunge(lead_list)
    return ListUpdate(lead_list, lead_list.name, lead_list.owner, deleted)


def assign_list(engine: Engine, *, name: str, owner: str, user: str, role: Role) -> ListUpdate:
    """Give the list `name` and all its leads to the rep `owner`: a login, or the first or
    full name of a rep who owns leads already ("Bruno")."""
    if "." not in owner and "@" not in owner:
        owner = resolve_owner(engine, owner)
    try:
        new_owner = check_user(owner)
    except InvalidIdentity as error:
        raise BadOwner(owner) from error
    with session_scope(engine) as session:
        lead_list = _changeable(session, name=name, user=user, role=role)
        assert lead_list.id is not None, "a stored lead list has an id"
        before = lead_list.owner
        if lead_lists.name_taken(
            session, owner=new_owner, name=lead_list.name, other_than=lead_list.id
        ):
            raise ListNameTaken(lead_list.name, new_owner)
        try:
            moved = lead_lists.assign_list(
                session,
                list_id=lead_list.id,
                name_key=lead_list.name_key,
                owner=before,
                new_owner=new_owner,
            )
        except IntegrityError as error:  # the new owner made a list of that name since the check
            raise ListNameTaken(lead_list.name, new_owner) from error
        if moved is None:
            raise ListGone(name)
        session.refresh(lead_list)
    return ListUpdate(lead_list, lead_list.name, before, moved)


def _changeable(session: Session, *, name: str, user: str, role: Role) -> LeadList:
    """The list `name` means for `user`, when they may change it."""
    matches = lists_named(session, name=name)
    if not matches:
        raise UnknownList(name, sorted({item.name for item in all_lists(session)}))
    own = [item for item in matches if item.owner == user]
    if own:
        return own[0]
    if len(matches) > 1:
        raise AmbiguousList(name, sorted(item.owner or "" for item in matches))
    lead_list = matches[0]
    if lead_list.owner is not None and role != "manager":
        raise NotListOwner(lead_list.name, lead_list.owner)
    return lead_list
