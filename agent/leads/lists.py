"""Creating lead lists and adding companies to them.

Lists are found by name, ignoring case: the user's own list first, then a teammate's — among
the lists the user may read (`agent.users.access`): once Filon has users, a rep reads their own
lists, lists nobody owns and lists shared with them, and is refused a teammate's (`NotShared`).
A company is in a list at most once; a company the store does not hold is skipped.
Several processes may do this at once on one store: the database decides which of them creates
a list or adds a lead, and each reports only what it did itself (its `added` are the rows it
inserted; `created` is False when the list was there, even if made a moment before).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.leads.errors import NotShared, UnknownList
from agent.leads.sirens import to_sirens
from agent.users.access import Access, access_of
from store.db import session_scope
from store.models import LeadList
from store.models.lead import list_name_key
from store.repositories.companies import known_sirens
from store.repositories.leads import (
    LeadRow,
    all_lists,
    find_leads,
    insert_leads,
    insert_list,
    lists_named,
)

SOURCE = "agent"
LEADS_SHOWN = 100  # leads of a change read back for display; the counts cover them all


@dataclass(frozen=True, slots=True)
class ListChange:
    """What creating a list or adding to one did."""

    lead_list: LeadList
    created: bool
    added: list[str] = field(default_factory=list)
    already_there: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    leads: list[LeadRow] = field(default_factory=list)


def find_list(engine: Engine, *, name: str, user: str | None = None) -> LeadList:
    """The list called `name` (the user's own first) among those `user` may read (None: every
    list); raises `UnknownList` with the names they know, or `NotShared`."""
    with Session(engine, expire_on_commit=False) as session:
        return _find(session, name=name, user=user)


def readable_list_called(engine: Engine, *, name: str, user: str | None = None) -> str | None:
    """The name of the list called exactly `name` (case and spacing aside) that `user` may
    read, or None: what "les contacts de BTP Bretagne" means when a list bears that name."""
    with Session(engine) as session:
        access = access_of(session, user)
        key = list_name_key(name)
        found = [
            item.name
            for item in lists_named(session, name=name)
            if list_name_key(item.name) == key and access.reads_list(item)
        ]
    return found[0] if found else None


def company_or_list(
    engine: Engine,
    *,
    company: str | None,
    list_name: str | None,
    sirens: list[str] | None,
    user: str | None,
) -> tuple[str | None, str | None]:
    """The company and the list a request about people names: "les contacts de BTP Bretagne"
    is that list when a list the user reads bears that name and nothing else names one."""
    if company and not list_name and not sirens:
        named_list = readable_list_called(engine, name=company, user=user)
        if named_list is not None:
            return None, named_list
    return company, list_name


def create_list(
    engine: Engine,
    *,
    name: str,
    owner: str,
    sirens: Sequence[str] = (),
    description: str | None = None,
) -> ListChange:
    """Create the list `name` for `owner` with these companies; adds to it if it exists."""
    clean_name = name.strip()
    if not clean_name:
        raise ValueError("a lead list needs a name")
    wanted = to_sirens(sirens)
    with session_scope(engine) as session:
        lead_list, created = insert_list(
            session, name=clean_name, owner=owner, description=description, source=SOURCE
        )
        return _add(session, lead_list, wanted, owner=owner, created=created)


def add_companies(
    engine: Engine, *, list_name: str, sirens: Sequence[str], user: str
) -> ListChange:
    """Add companies to an existing list as new leads owned by `user`."""
    wanted = to_sirens(sirens)
    with session_scope(engine) as session:
        lead_list = _find(session, name=list_name, user=user)
        return _add(session, lead_list, wanted, owner=user, created=False)


def _find(session: Session, *, name: str, user: str | None) -> LeadList:
    access = access_of(session, user)
    matches = lists_named(session, name=name)
    if not matches:
        raise UnknownList(name, readable_names(session, access))
    readable = [item for item in matches if access.reads_list(item)]
    if not readable:
        raise NotShared(matches[0].name, matches[0].owner)
    own = [item for item in readable if item.owner == user]
    return (own or readable)[0]


def readable_names(session: Session, access: Access) -> list[str]:
    """The names of the lists `access` reads, sorted, each once (for "existing lists: …")."""
    return sorted({item.name for item in all_lists(session) if access.reads_list(item)})


def _add(
    session: Session, lead_list: LeadList, wanted: list[str], *, owner: str, created: bool
) -> ListChange:
    assert lead_list.id is not None, "a stored lead list has an id"
    known = known_sirens(session, sirens=wanted)
    inserted = insert_leads(
        session,
        list_id=lead_list.id,
        sirens=[siren for siren in wanted if siren in known],
        owner=owner,
        source=SOURCE,
    )
    _total, leads = find_leads(session, list_id=lead_list.id, sirens=wanted, limit=LEADS_SHOWN)
    return ListChange(
        lead_list=lead_list,
        created=created,
        added=[siren for siren in wanted if siren in inserted],
        already_there=[siren for siren in wanted if siren in known and siren not in inserted],
        skipped=[siren for siren in wanted if siren not in known],
        leads=leads,
    )
