"""Lead lists as wholes: showing them with their counts, renaming, deleting and sharing one.

Which list a name means: the acting user's own list of that name; failing that, the one
teammate's list of that name they may read (several teammates with one: `AmbiguousList`). Who
may change it: its owner, or a manager or an admin (a list without an owner: anyone) — the
rule of `agent.users.access`, which also keeps a rep to the lists they read once Filon has
users; a teammate a list is shared with works its leads but does not change the list itself.
Deleting takes the list's leads and their stage history with it, and is done only once the
caller confirms (`confirm=True`), having been told how many leads would go. Reassigning is
`agent.leads.assign`; sharing lets a teammate read it and work its leads.

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
    NotShared,
    UnknownList,
)
from agent.leads.lists import readable_names
from agent.users.access import access_of
from store.db import session_scope
from store.models import LeadList
from store.models._time import utcnow
from store.repositories import lead_lists, shares
from store.repositories.lead_lists import ListCounts
from store.repositories.leads import lists_named

MAX_NAME = 120


@dataclass(frozen=True, slots=True)
class ListUpdate:
    """What a rename or deletion did: the list as it is now (as it was, when deleted), its
    name and owner before, and how many leads it holds or went with it."""

    lead_list: LeadList
    previous_name: str
    previous_owner: str | None
    leads: int


@dataclass(frozen=True, slots=True)
class ShareChange:
    """What sharing a list (or no longer sharing it) did: the list, with whom, and whether
    anything changed (False: it was shared with them already, or was not)."""

    lead_list: LeadList
    login: str
    changed: bool
    sharees: list[str]


def list_overview(
    engine: Engine, *, owner: str | None = None, user: str | None = None
) -> list[ListCounts]:
    """Every lead list `user` may read (or one owner's among them), by name, with its leads
    counted per stage."""
    with Session(engine, expire_on_commit=False) as session:
        access = access_of(session, user)
        return lead_lists.list_counts(session, owner=owner, readable_by=access.readable_by)


def rename_list(
    engine: Engine, *, name: str, new_name: str, user: str, role: Role | None = None
) -> ListUpdate:
    """Rename the list `name` to `new_name` (its owner's other lists keep their names)."""
    clean = " ".join(new_name.split())
    if not clean:
        raise ValueError("a lead list needs a name")
    if len(clean) > MAX_NAME:
        raise ValueError(f"a lead list name has {MAX_NAME} characters at most")
    with session_scope(engine) as session:
        lead_list = changeable_list(session, name=name, user=user, role=role)
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
    engine: Engine, *, name: str, user: str, role: Role | None = None, confirm: bool = False
) -> ListUpdate:
    """Delete the list `name` and its leads; without `confirm`, raise `DeleteNotConfirmed`
    saying how many leads would go, and delete nothing."""
    with session_scope(engine) as session:
        lead_list = changeable_list(session, name=name, user=user, role=role)
        assert lead_list.id is not None, "a stored lead list has an id"
        if not confirm:
            leads = lead_lists.count_leads(session, list_id=lead_list.id)
            raise DeleteNotConfirmed(lead_list.name, leads)
        deleted = lead_lists.delete_list(session, list_id=lead_list.id, name_key=lead_list.name_key)
        if deleted is None:
            raise ListGone(name)
        session.expunge(lead_list)
    return ListUpdate(lead_list, lead_list.name, lead_list.owner, deleted)


def share_list(
    engine: Engine, *, name: str, with_user: str, user: str, role: Role | None = None
) -> ShareChange:
    """Let the rep `with_user` read the list `name` and work its leads (it stays its owner's)."""
    login = _sharee(with_user)
    with session_scope(engine) as session:
        lead_list = changeable_list(session, name=name, user=user, role=role)
        assert lead_list.id is not None, "a stored lead list has an id"
        changed = shares.share_list(
            session, list_id=lead_list.id, login=login, by=user, now=utcnow()
        )
        sharees = shares.sharees(session, list_id=lead_list.id)
    return ShareChange(lead_list, login, changed, sharees)


def unshare_list(
    engine: Engine, *, name: str, with_user: str, user: str, role: Role | None = None
) -> ShareChange:
    """Stop sharing the list `name` with `with_user`."""
    login = _sharee(with_user)
    with session_scope(engine) as session:
        lead_list = changeable_list(session, name=name, user=user, role=role)
        assert lead_list.id is not None, "a stored lead list has an id"
        changed = shares.unshare_list(session, list_id=lead_list.id, login=login)
        sharees = shares.sharees(session, list_id=lead_list.id)
    return ShareChange(lead_list, login, changed, sharees)


def _sharee(value: str) -> str:
    try:
        return check_user(value)
    except InvalidIdentity as error:
        raise BadOwner(value) from error


def changeable_list(session: Session, *, name: str, user: str, role: Role | None) -> LeadList:
    """The list `name` means for `user`, when they may change it (else the refusal)."""
    access = access_of(session, user, role)
    matches = lists_named(session, name=name)
    if not matches:
        raise UnknownList(name, readable_names(session, access))
    own = [item for item in matches if item.owner == user]
    if own:
        return own[0]
    readable = [item for item in matches if access.reads_list(item)]
    if not readable:
        raise NotShared(matches[0].name, matches[0].owner)
    if len(readable) > 1:
        raise AmbiguousList(name, sorted(item.owner or "" for item in readable))
    lead_list = readable[0]
    if not access.changes_list(lead_list.owner):
        raise NotListOwner(lead_list.name, lead_list.owner)
    return lead_list
