"""Who a rep means by a name: "bruno", "Chloé", "Alice Martin" or "alice.martin" → the login
that owns leads. Logins stay the identifiers; people say first names."""

from __future__ import annotations

from sqlalchemy import select, union
from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.context import Role, oversees_team
from agent.leads.errors import AmbiguousOwner, UnknownOwner
from store.models import Lead, LeadList, LeadListAssignment
from store.models.tables import table_of
from store.text import fold
from store.users import display_name


def known_owners(engine: Engine) -> list[str]:
    """Every login that owns a lead or a list, or gave a list away (whom "rends-la à Bruno"
    names, even with nothing left), sorted."""
    leads, lists, given = table_of(Lead), table_of(LeadList), table_of(LeadListAssignment)
    statement = union(
        select(leads.c.owner).where(leads.c.owner.is_not(None)),
        select(lists.c.owner).where(lists.c.owner.is_not(None)),
        select(given.c.from_owner).where(given.c.from_owner.is_not(None)),
    )
    with Session(engine) as session:
        return sorted({str(row[0]) for row in session.execute(statement)})


def may_act_on(owner: str | None, user: str, role: Role) -> bool:
    """Whether `user` may change (or send) a lead owned by `owner`: a rep their own leads and
    leads nobody owns, a manager or an admin anyone's."""
    return oversees_team(role) or not owner or owner.lower() == user.lower()


def resolve_owner(engine: Engine, name: str) -> str:
    """The login `name` stands for: itself when it is one, else the one rep whose first name,
    last name or full name it is (accents and case ignored). Raises `UnknownOwner` /
    `AmbiguousOwner` with the reps known."""
    wanted = _key(name)
    owners = known_owners(engine)
    exact = [login for login in owners if login.lower() == name.strip().lower()]
    if exact:
        return exact[0]
    matches = [login for login in owners if wanted in _forms(login)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise AmbiguousOwner(name.strip(), matches)
    if "." in name or "@" in name:  # a login nobody uses yet: keep it (a filter finds nothing)
        return name.strip().lower()
    raise UnknownOwner(name.strip(), owners)


def _key(value: str) -> str:
    return " ".join(fold(value).lower().replace("-", " ").split())


def _forms(login: str) -> set[str]:
    """The ways people name the owner of `login`: full name, first name, last name."""
    full = _key(display_name(login) or login)
    parts = full.split()
    return {full, *(parts[:1]), *(parts[-1:])}
